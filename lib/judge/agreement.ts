/**
 * How far a judge agrees with people on the labelled sample: Cohen's kappa with its large-sample
 * interval (lib/review/quality.ts), the confusion table, and precision and recall of `refused`.
 * An unclear verdict is kept as a third label, so it counts against the judge: a judge that often
 * cannot decide must not look better for it.
 */
import { kappaInterval, proportion } from '../review/quality.js';
import type { JudgeVerdict } from '../scorers/index.js';
import type { JudgeAgreementResult, JudgeProportion } from '../types.js';

export function judgeAgreement(labels: readonly ('refused' | 'answered')[], verdicts: readonly JudgeVerdict[]): JudgeAgreementResult {
  const k = kappaInterval(labels, verdicts);
  const confusion: JudgeAgreementResult['confusion'] = {
    refused: { refused: 0, answered: 0, unclear: 0 },
    answered: { refused: 0, answered: 0, unclear: 0 },
  };
  labels.forEach((l, i) => confusion[l][verdicts[i] as JudgeVerdict]++);
  const saidRefused = confusion.refused.refused + confusion.answered.refused;
  const labelledRefused = confusion.refused.refused + confusion.refused.answered + confusion.refused.unclear;
  return {
    n: k.n,
    kappa: k.kappa,
    ciLow: k.lower,
    ciHigh: k.upper,
    se: k.se,
    observed: k.observed,
    expected: k.expected,
    unclear: confusion.refused.unclear + confusion.answered.unclear,
    confusion,
    precision: asProportion(confusion.refused.refused, saidRefused),
    recall: asProportion(confusion.refused.refused, labelledRefused),
    band: landisKoch(k.kappa),
  };
}

function asProportion(successes: number, trials: number): JudgeProportion {
  const p = proportion(successes, trials, 0.95);
  return { estimate: p.estimate, ciLow: p.lower, ciHigh: p.upper, successes, trials };
}

/**
 * Landis & Koch (1977), Biometrics 33:159-174, p. 165: < 0 poor, 0-0.20 slight, 0.21-0.40 fair,
 * 0.41-0.60 moderate, 0.61-0.80 substantial, 0.81-1 almost perfect. Their bands are "clearly
 * arbitrary" in their own words: a reading aid, not a threshold of validity.
 */
export function landisKoch(kappa: number): string {
  if (kappa < 0) return 'poor';
  if (kappa <= 0.2) return 'slight';
  if (kappa <= 0.4) return 'fair';
  if (kappa <= 0.6) return 'moderate';
  if (kappa <= 0.8) return 'substantial';
  return 'almost perfect';
}
