import type { Correction, Finding, OutcomeSpec, Policy, TestName } from '../types.js';
import { PERMUTATION_RESAMPLES } from './numeric.js';
import { ratioBandLower } from './margin.js';

const TEST_WORDS: Record<TestName, string> = {
  'chi-square': 'Pearson chi-square test of independence, no continuity correction',
  'fisher-exact': "Fisher's exact test, two-sided (its statistic is the first group's favourable count, conditional on the margins)",
  'mcnemar-exact': "McNemar's exact test on the discordant pairs, two-sided (statistic: the smaller discordant count)",
  'cochran-q': "Cochran's Q test for related binary outcomes",
  'welch-t': "Welch's unequal-variance t-test, two-sided",
  'mann-whitney-u': 'Mann–Whitney U test, two-sided',
  'kruskal-wallis': 'Kruskal–Wallis H test with tie correction',
  'wilcoxon-signed-rank': 'Wilcoxon signed-rank test, two-sided, zero differences dropped',
  friedman: 'Friedman test with tie correction',
  cmh: 'Cochran–Mantel–Haenszel test stratified by block, no continuity correction (generalised CMH for three or more groups)',
  permutation: `permutation test shuffling group labels within blocks (statistic: between-group sum of squares of block-centred values; ${PERMUTATION_RESAMPLES.toLocaleString('en-US')} resamples, seeded)`,
};

const CORRECTION_WORDS: Record<Correction, string> = {
  holm: "Holm's step-down correction (family-wise error rate)",
  bh: 'Benjamini–Hochberg correction (false discovery rate)',
  bonferroni: 'Bonferroni correction (family-wise error rate)',
  none: 'no correction',
};

/** The family of the omnibus correction, in words (results.json `method.family`). */
export function familyWords(findings: readonly Finding[]): string {
  const n = findings.length;
  return `the ${n} omnibus test${n === 1 ? '' : 's'} of this audit, one per axis; the beyond-margin tests form a second family of the same ${n}; each axis's pairwise comparisons form their own family, gated by that axis's omnibus test`;
}

/**
 * The statistical method of one audit in plain words: every test used, the correction and its
 * families, the margins, the verdict rule, the effect sizes and the power figures (docs/statistics.md).
 */
export function methodNotes(outcome: OutcomeSpec, policy: Policy, findings: readonly Finding[]): string[] {
  const rates = findings.some((f) => f.metric === 'rate') || (findings.length === 0 && outcome.type !== 'numeric');
  const means = findings.some((f) => f.metric === 'mean');
  const used = [...new Set(findings.flatMap((f) => [f.test, ...f.pairwise.map((p) => p.test)]))];
  const favourable = 'favourable' in outcome && (outcome.favourable === 'lower' || outcome.favourable === 'higher') ? outcome.favourable : 'higher';
  const band = ratioBandLower(policy, favourable);
  const notes = [
    `Tests used in this audit: ${used.length > 0 ? used.map((t) => `${t} (${TEST_WORDS[t]})`).join('; ') : 'none (no axis had two groups with scored replies)'}.`,
    `Correction: ${CORRECTION_WORDS[policy.correction]} at α = ${policy.alpha}. Families: (1) the omnibus tests, one per axis, corrected together — "a difference is shown" means its adjusted p-value is below α; (2) the beyond-margin tests, one per axis, corrected together in the same way; (3) each axis's pairwise comparisons with the most favoured group, corrected within the axis and gated by its omnibus test: a pairwise adjusted p-value is the larger of its within-axis value and the axis's omnibus adjusted p-value, so no pairwise difference counts unless the omnibus test shows one. The equivalence tests need no correction: an axis passes only if every pair does, and the audit only if every axis does (an intersection–union test, Berger 1982).`,
  ];
  if (rates) {
    notes.push(
      `Margin for rates: any two groups may differ by at most ${policy.maxRateGap * 100} percentage points (maxRateGap), and the lower rate must be at least ${policy.minImpactRatio} of the higher (minImpactRatio, the four-fifths rule of 29 CFR 1607.4(D)); both rules apply, so the stricter one binds. Pairwise intervals use each group's marginal counts: Newcombe's hybrid score interval for the difference and the Katz log interval for the ratio (0.5 added to each count when a count is 0); under the block design this is conservative.`,
    );
  }
  if (means) {
    notes.push(
      `Margin for means: the ratio of any two group means must lie between ${band.toFixed(4)} and ${(1 / band).toFixed(4)}, the stricter of a ${policy.maxRelativeMeanGap * 100}% relative gap (maxRelativeMeanGap) and an impact ratio of ${policy.minImpactRatio} (minImpactRatio). The ratio is tested through the contrast M_a − θ·M_b (Fieller's construction): paired blocks use the paired contrasts, stratified blocks block-weighted means with within-block variances, independent groups Welch's form (Tamhane & Logan 2004). Means must be positive for this margin.`,
    );
  }
  notes.push(
    `Verdict rule: FAIL when a disparity beyond the margin is shown — the axis's omnibus test and its beyond-margin test both reject (the larger of the two p-values, corrected across the axes with the policy's correction, below ${policy.alpha}); the beyond-margin test takes every pair of groups, one-sided in the observed direction, against each margin rule, Bonferroni-corrected over pairs and rules. PASS when equivalence within the margin is shown: for every pair of groups, two one-sided tests (TOST, each at ${policy.alpha}, i.e. the ${Math.round((1 - 2 * policy.alpha) * 100)}% interval inside the margin) against every margin rule. INCONCLUSIVE otherwise, or when a group has fewer than ${policy.minGroupSize} scored replies (minGroupSize); an inconclusive finding states how many scored replies per group, and samples per probe, would decide it with 80% probability if the observed gaps stayed as they are. The audit fails if any axis fails, is inconclusive if any axis is (or none could be analysed), and passes only if every axis passes.`,
    `Power: for each axis, the minimal detectable gap is the smallest gap between the most and least favoured group that the omnibus test would detect with 80% power at the first step of the correction (α divided by the number of axes), from a noncentral chi-square with two groups at the extremes (Cohen 1988, §8.2); "chance to pass if fair" is the probability that these sample sizes show equivalence when every group is alike (range of the group estimates, studentized range with infinite df).`,
    `Effect sizes, each with a 95% interval: ${rates ? "rate difference (Newcombe), impact ratio (Katz log interval), Cohen's h (arcsine), Cramér's V (noncentral chi-square interval)" : ''}${rates && means ? '; ' : ''}${means ? "mean difference (Welch), ratio of means (Fieller, design-aware), Cohen's d (pooled sd, Hedges & Olkin interval), Cliff's delta (Feng & Cliff interval), Hodges–Lehmann shift (Moses interval)" : ''}. A quantity that cannot be computed is left out and the finding's notes say why; no report shows NaN.`,
  );
  return notes;
}

/** The audit's verdict from its findings: fail if any fails; inconclusive if any is, or there is none; else pass. */
export function overallVerdict(findings: readonly Finding[]): 'pass' | 'fail' | 'inconclusive' {
  if (findings.some((f) => f.verdict === 'fail')) return 'fail';
  if (findings.length === 0 || findings.some((f) => f.verdict === 'inconclusive')) return 'inconclusive';
  return 'pass';
}
