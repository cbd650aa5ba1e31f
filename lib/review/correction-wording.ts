/**
 * The words for what the misclassification correction says of a finding, shared by the CLI summary
 * (review.ts), review-results.json/results.json (the `correctionOutcome` field) and the report's
 * Label quality section (lib/report/label-quality-view.ts), so all three say the same thing.
 * Pure: types only, so the report can import it without the review's I/O.
 */
import type { CorrectedFinding, CorrectionOutcome, Verdict } from '../types.js';

/** What the correction says of a passing or failing finding; null for an inconclusive one. */
export function correctionOutcome(verdict: Verdict, corrected: Verdict): CorrectionOutcome | null {
  if (verdict === 'inconclusive') return null;
  return corrected === verdict ? 'confirmed' : corrected === 'inconclusive' ? 'not-confirmed' : 'contradicted';
}

/** The finding's outcome, also for a record written before the field existed. */
export function outcomeOf(c: Pick<CorrectedFinding, 'verdict' | 'correctedVerdict' | 'correctionOutcome'>): CorrectionOutcome | null {
  return c.correctionOutcome === undefined ? correctionOutcome(c.verdict, c.correctedVerdict) : c.correctionOutcome;
}

/** Whether the review could support the correction (true for a record written before the field existed). */
export function isEstimable(c: Pick<CorrectedFinding, 'estimable'>): boolean {
  return c.estimable !== false;
}

/**
 * A few words: "survives", "does not survive (not confirmed)", "does not survive (contradicted)" for
 * a fail; "pass confirmed", "pass not confirmed", "pass contradicted" for a pass; "" for an
 * inconclusive finding.
 */
export function correctionTag(c: Pick<CorrectedFinding, 'verdict' | 'correctedVerdict' | 'correctionOutcome'>): string {
  const o = outcomeOf(c);
  if (o === null) return '';
  if (c.verdict === 'fail') return o === 'confirmed' ? 'survives' : o === 'not-confirmed' ? 'does not survive (not confirmed)' : 'does not survive (contradicted)';
  return o === 'confirmed' ? 'pass confirmed' : o === 'not-confirmed' ? 'pass not confirmed' : 'pass contradicted';
}

/** Why the correction is not estimable, in one sentence: the first shortfall and how many more. */
export function notEstimableReason(c: Pick<CorrectedFinding, 'notEstimable'>): string {
  const reasons = c.notEstimable ?? [];
  const first = reasons[0] ?? 'the review is too small to correct this finding.';
  if (reasons.length <= 1) return first;
  // The fix (after the dash) is the same for every shortfall of a finding: say it once, after the count.
  const dash = first.lastIndexOf(' — ');
  const [what, fix] = dash < 0 ? [first.replace(/\.$/, ''), ''] : [first.slice(0, dash), first.slice(dash)];
  return `${what} (and ${reasons.length - 1} more shortfall${reasons.length > 2 ? 's' : ''})${fix}`;
}
