import tCdf from '@stdlib/stats-base-dists-t-cdf';
import { normalUpperTail } from './normal-upper-tail.js';
import { normalQuantile, tQuantile } from './quantiles.js';
import type { Interval } from './types.js';
import { checkConfidence } from './validate.js';

/**
 * One piece of the variance of the contrast L(θ) = numerator − θ·denominator: the piece's estimated
 * variance is a + b·θ + c·θ² and it has `df` degrees of freedom (Infinity for a known variance).
 * Two independent means give two pieces, { a: s_x²/n_x, df: n_x − 1 } and { c: s_y²/n_y, df: n_y − 1 };
 * paired data give one, from the paired contrasts x − θy: { a: s_xx/n, b: −2 s_xy/n, c: s_yy/n, df: n − 1 }.
 */
export interface VariancePiece {
  a: number;
  b: number;
  c: number;
  df: number;
}

export interface RatioOfMeans {
  numerator: number;
  denominator: number;
  pieces: readonly VariancePiece[];
}

/**
 * Test of the ratio of two means μ_x/μ_y against a bound θ through the linear contrast
 * L = x̄ − θȳ, which is 0 exactly when the ratio is θ: t = L / √Var(L), with Welch–Satterthwaite
 * degrees of freedom over the variance pieces, df = Var(L)² / Σ (piece² / df_piece).
 * Fieller (1954), JRSS B 16:175-185; for independent samples this is Tamhane & Logan (2004),
 * Biometrika 91:715-727, and it equals R `t.test(x, theta * y, alternative)` (Welch); for paired
 * samples R `t.test(x - theta * y, alternative)`. Means must be positive for the ratio to read as
 * a relative gap (the caller's job). 'greater' tests H1: ratio > θ (when the denominator is
 * positive), 'less' H1: ratio < θ.
 * A contrast with zero variance gives p 0 or 1 by the sign of L (p 0.5 when L is 0).
 * @example ratioTest({ numerator: 95, denominator: 100, pieces: [{ a: 4, b: 0, c: 0, df: 30 }, { a: 0, b: 0, c: 4, df: 30 }] }, 0.9, 'greater')
 */
export function ratioTest(r: RatioOfMeans, theta: number, alternative: 'greater' | 'less'): { statistic: number; df: number; pValue: number } {
  checkRatio(r);
  if (!Number.isFinite(theta)) throw new RangeError(`theta must be a finite number, got ${theta}`);
  const contrast = r.numerator - theta * r.denominator;
  const { variance, df } = contrastVariance(r.pieces, theta);
  if (variance <= 0) {
    const statistic = contrast === 0 ? 0 : contrast > 0 ? Infinity : -Infinity;
    const pValue = contrast === 0 ? 0.5 : (alternative === 'greater') === contrast > 0 ? 0 : 1;
    return { statistic, df, pValue };
  }
  const statistic = contrast / Math.sqrt(variance);
  const oriented = alternative === 'greater' ? statistic : -statistic;
  return { statistic, df, pValue: tUpperTail(oriented, df) };
}

/**
 * Fieller's confidence interval for the ratio μ_x/μ_y: the θ for which the two-sided test of
 * ratio = θ is not rejected, found by bisection on each side of the estimate (the df change with
 * θ, so there is no closed form). Matches the roots of R
 * `t.test(x, theta * y)$p.value = 1 − confidence` (independent) or of the paired version.
 * When the denominator is not clearly away from 0 the set is unbounded: a bound that does not
 * exist within a factor of 1e6 of the estimate is reported as ±Infinity.
 * @example fiellerInterval({ numerator: 95, denominator: 100, pieces: [...] }, 0.95)
 */
export function fiellerInterval(r: RatioOfMeans, confidence = 0.95): { ratio: number } & Interval {
  checkRatio(r);
  checkConfidence(confidence);
  const ratio = r.numerator / r.denominator;
  const outside = (theta: number): boolean => {
    const { variance, df } = contrastVariance(r.pieces, theta);
    const contrast = r.numerator - theta * r.denominator;
    if (variance <= 0) return contrast !== 0;
    return Math.abs(contrast) / Math.sqrt(variance) > tCritical(confidence, df);
  };
  const span = Math.max(Math.abs(ratio), 1e-12);
  const bound = (direction: 1 | -1): number => {
    let inside = ratio;
    let step = span * 1e-6;
    let probe = ratio + direction * step;
    while (!outside(probe)) {
      inside = probe;
      step *= 2;
      if (step > span * 1e6) return direction * Infinity;
      probe = ratio + direction * step;
    }
    let lo = inside;
    let hi = probe;
    for (let i = 0; i < 200 && Math.abs(hi - lo) > 1e-14 * span; i++) {
      const mid = (lo + hi) / 2;
      if (outside(mid)) hi = mid;
      else lo = mid;
    }
    return (lo + hi) / 2;
  };
  if (outside(ratio)) return { ratio, lower: ratio, upper: ratio };
  return { ratio, lower: bound(-1), upper: bound(1) };
}

function contrastVariance(pieces: readonly VariancePiece[], theta: number): { variance: number; df: number } {
  let variance = 0;
  let denominator = 0;
  for (const p of pieces) {
    const v = p.a + p.b * theta + p.c * theta * theta;
    variance += v;
    if (Number.isFinite(p.df)) denominator += (v * v) / p.df;
  }
  return { variance, df: denominator > 0 ? (variance * variance) / denominator : Infinity };
}

function tUpperTail(t: number, df: number): number {
  if (!Number.isFinite(df)) return normalUpperTail(t);
  // Small upper tails through the symmetric lower tail, which stdlib computes from the incomplete beta.
  return tCdf(-t, df);
}

function tCritical(confidence: number, df: number): number {
  return Number.isFinite(df) ? tQuantile(0.5 + confidence / 2, df) : normalQuantile(0.5 + confidence / 2);
}

function checkRatio(r: RatioOfMeans): void {
  if (!Number.isFinite(r.numerator)) throw new RangeError(`numerator must be a finite number, got ${r.numerator}`);
  if (!Number.isFinite(r.denominator) || r.denominator === 0) throw new RangeError(`denominator must be a finite non-zero number, got ${r.denominator}`);
  if (!Array.isArray(r.pieces) || r.pieces.length === 0) throw new RangeError('pieces must hold at least one variance piece');
  r.pieces.forEach((p, i) => {
    for (const k of ['a', 'b', 'c'] as const) if (!Number.isFinite(p[k])) throw new RangeError(`pieces[${i}].${k} must be a finite number, got ${p[k]}`);
    if (!(p.df > 0)) throw new RangeError(`pieces[${i}].df must be positive, got ${p.df}`);
  });
}
