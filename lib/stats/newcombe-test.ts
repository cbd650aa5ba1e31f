import { newcombeBounds, newcombeDifference } from './newcombe-difference.js';
import { normalUpperTail } from './normal-upper-tail.js';

/** Largest z searched: P(Z > 38) ≈ 3e-316, the smallest tail a double can hold. */
const MAX_Z = 38;

/**
 * One-sided test of a difference of two independent proportions against a margin, by inverting
 * Newcombe's hybrid score interval (newcombeDifference): the p-value for H1: p1 − p2 > margin
 * ('greater') is the α at which the lower bound of the two-sided 1 − 2α interval reaches the
 * margin, so "p < α" says exactly "the margin is below the 1 − 2α interval". Two such tests, one
 * per side, are Schuirmann's TOST for equivalence (Schuirmann 1987, J Pharmacokin Biopharm
 * 15:657-680); one alone is a non-inferiority or minimum-effect test.
 * Newcombe (1998), Stat Med 17:873-890, method 10. The bounds move monotonically with the
 * critical value z, so z is found by bisection (to 1e-13) and p = Φ(−z), never 1 − Φ(z).
 * @example newcombeTest(56, 70, 48, 80, { margin: 0.05, alternative: 'greater' }) // { difference: 0.2, pValue: 0.0259… }
 */
export function newcombeTest(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  opts: { margin: number; alternative: 'greater' | 'less' },
): { difference: number; pValue: number } {
  const { margin, alternative } = opts;
  if (!(margin > -1 && margin < 1)) throw new RangeError(`margin must lie strictly between -1 and 1, got ${margin}`);
  if (alternative !== 'greater' && alternative !== 'less') throw new RangeError(`alternative must be 'greater' or 'less', got ${String(alternative)}`);
  const difference = newcombeDifference(x1, n1, x2, n2).difference;
  if (difference === margin) return { difference, pValue: 0.5 };
  // The estimate is on the alternative's side ("supporting") or not. Either way the p-value comes
  // from the bound that lies between the estimate and the margin: the z at which it meets the
  // margin gives the one-sided tail on that side.
  const supporting = alternative === 'greater' ? difference > margin : difference < margin;
  const useLower = difference > margin;
  const crossed = (z: number): boolean => {
    const b = newcombeBounds(x1, n1, x2, n2, z);
    return useLower ? b.lower <= margin : b.upper >= margin;
  };
  let z = MAX_Z;
  if (crossed(MAX_Z)) {
    let lo = 0;
    let hi = MAX_Z;
    while (hi - lo > 1e-13) {
      const mid = (lo + hi) / 2;
      if (crossed(mid)) hi = mid;
      else lo = mid;
    }
    z = (lo + hi) / 2;
  }
  const tail = normalUpperTail(z);
  return { difference, pValue: supporting ? tail : 1 - tail };
}
