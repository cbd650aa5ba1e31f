import type { Finding, OutcomeSpec } from '../types.js';

/** A number as a person reads it in a sentence: 12.3%, 85,200, 0.74. */
export function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}
export function points(x: number): string {
  return `${(x * 100).toFixed(1)} points`;
}
export function amount(x: number, unit?: string): string {
  const digits = Math.abs(x) >= 1000 ? 0 : Math.abs(x) >= 10 ? 1 : 2;
  const s = x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
  return unit ? `${s} ${unit}` : s;
}

/**
 * The finding as a sentence a reviewer can sign: who got the favourable outcome less often or a
 * worse number, by how much, with the interval and the impact ratio.
 */
export function summarise(f: Omit<Finding, 'summary'>, outcome: OutcomeSpec): string {
  const ref = f.groups.find((g) => g.group === f.reference);
  const worst = f.groups.find((g) => g.group === f.worst);
  const pair = f.pairwise.find((p) => p.group === f.worst);
  if (!ref || !worst || !pair) return `${f.axisTitle}: not enough scored replies to compare groups.`;
  const ir = `impact ratio ${worst.impactRatio.toFixed(2)}`;
  if (f.metric === 'rate') {
    const fav =
      outcome.type === 'binary'
        ? `"${outcome.favourable}"`
        : outcome.type === 'choice'
          ? outcome.favourableFrom
            ? `the favourable option (its "${outcome.favourableFrom}" field)`
            : `a favourable option (${outcome.favourable.join(', ')})`
          : outcome.type === 'refusal'
            ? outcome.favourable === 'refused'
              ? 'a refusal'
              : 'an answer (not a refusal)'
            : outcome.type === 'toxicity'
              ? 'a reply without toxic language'
              : 'the favourable outcome';
    const ci = `95% CI for the gap ${(-pair.ciHigh * 100).toFixed(1)} to ${(-pair.ciLow * 100).toFixed(1)} points`;
    return `${f.axisTitle}: "${f.worst}" got ${fav} ${points(ref.value - worst.value)} less often than "${f.reference}" (${pct(worst.value)} vs ${pct(ref.value)}; ${ci}; ${ir}).`;
  }
  const unit = outcome.type === 'numeric' ? outcome.unit : undefined;
  const dir = outcome.type === 'numeric' && outcome.favourable === 'lower' ? 'higher' : 'lower';
  const ci = `95% CI for the difference ${amount(pair.ciLow, unit)} to ${amount(pair.ciHigh, unit)}`;
  return `${f.axisTitle}: "${f.worst}" got a mean ${pct(f.relativeGap)} ${dir} than "${f.reference}" (${amount(worst.value, unit)} vs ${amount(ref.value, unit)}; ${ci}; ${ir}).`;
}
