import { AssertionError } from 'node:assert';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputFileError, UsageError } from '../errors.js';
import { REVIEW_FILES, type LabelQuality, type ReviewResults } from '../review/index.js';

export interface LabelQualityOptions {
  /** Smallest acceptable Cohen's kappa, scorer vs people (e.g. 0.8). */
  minKappa?: number;
  /** Smallest acceptable share of replies where scorer and people agree (e.g. 0.9). */
  minAccuracy?: number;
  /**
   * Judge the point estimates (default) or the lower ends of their intervals: `lower-bound`
   * requires the data to show the minimum, not only to reach it on average.
   */
  use?: 'estimate' | 'lower-bound';
  /** Fewest replies people must have labelled. Default 1: an empty review fails. */
  minLabelled?: number;
  /**
   * Fail when the scorer's error rate differs between the groups of an axis at this significance
   * level (the review's Fisher / chi-square test of differential misclassification). Default: not checked.
   */
  differentialAlpha?: number;
}

/**
 * Fail a test unless the scorer's labels are good enough against people's (issue 9): Cohen's kappa
 * and accuracy at least the minimums, and optionally no group for which the scorer errs more.
 * Takes the run directory (its review-results.json, written by `bias-audit review DIR --import`),
 * the path of a review-results.json, the result of `importLabels`, or its `scorerVsPeople`.
 * The message names kappa and accuracy with their intervals and how many replies were labelled.
 *
 * @example
 *   const review = await importLabels(runDir, ['alice.csv', 'bob.json']);
 *   assertLabelQuality(review, { minKappa: 0.8 });
 * @example assertLabelQuality('reports/hiring-run', { minKappa: 0.8, minAccuracy: 0.9, use: 'lower-bound' });
 */
export function assertLabelQuality(review: string | ReviewResults | LabelQuality, opts: LabelQualityOptions): void {
  const { quality, about } = resolve(review);
  const use = opts.use ?? 'estimate';
  for (const [name, v] of [['minKappa', opts.minKappa], ['minAccuracy', opts.minAccuracy], ['differentialAlpha', opts.differentialAlpha]] as const) {
    if (v !== undefined && !(Number.isFinite(v) && v >= -1 && v <= 1)) throw new UsageError(`assertLabelQuality: ${name} must be a number in [-1, 1]; got ${String(v)}`);
  }
  const head = `bias-audit: scorer vs people${about}`;
  const kappa = quality.kappa;
  const acc = quality.accuracy;
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const level = `${Math.round(quality.confidence * 1000) / 10}%`;
  const kappaText = kappa ? `Cohen's kappa ${kappa.kappa.toFixed(3)} (${level} CI ${kappa.lower.toFixed(3)} to ${kappa.upper.toFixed(3)})` : "Cohen's kappa n/a";
  const accText = acc.estimate === null ? 'accuracy n/a' : `accuracy ${pct(acc.estimate)} (${level} CI ${pct(acc.lower)} to ${pct(acc.upper)}, ${acc.successes} of ${acc.trials})`;
  const facts = `${kappaText}; ${accText}; ${quality.n} replies labelled by people`;
  const problems: string[] = [];
  const minLabelled = opts.minLabelled ?? 1;
  if (quality.n < minLabelled) problems.push(`only ${quality.n} replies labelled by people; at least ${minLabelled} required`);
  const judged = (estimate: number, lower: number) => (use === 'lower-bound' ? lower : estimate);
  const what = use === 'lower-bound' ? 'the lower end of its interval' : 'the estimate';
  if (opts.minKappa !== undefined && quality.n > 0) {
    if (!kappa) problems.push(`Cohen's kappa could not be computed; at least ${opts.minKappa} required`);
    else if (judged(kappa.kappa, kappa.lower) < opts.minKappa) problems.push(`Cohen's kappa is below the required ${opts.minKappa} (${what}: ${judged(kappa.kappa, kappa.lower).toFixed(3)})`);
  }
  if (opts.minAccuracy !== undefined && quality.n > 0 && acc.estimate !== null && judged(acc.estimate, acc.lower) < opts.minAccuracy) {
    problems.push(`accuracy is below the required ${pct(opts.minAccuracy)} (${what}: ${pct(judged(acc.estimate, acc.lower))})`);
  }
  if (opts.differentialAlpha !== undefined) {
    for (const a of quality.perAxis) {
      if (a.test && a.test.pValue < opts.differentialAlpha) {
        const groups = a.groups.map((g) => `${g.group} ${g.errorRate.estimate === null ? 'n/a' : pct(g.errorRate.estimate)} (${g.errorRate.successes}/${g.errorRate.trials})`).join(', ');
        problems.push(`the scorer errs more for some ${a.axis} groups than others (${a.test.name} p = ${a.test.pValue.toPrecision(3)} < ${opts.differentialAlpha}): ${groups}`);
      }
    }
  }
  if (problems.length === 0) return;
  throw new AssertionError({ message: [`${head}: ${facts}.`, ...problems.map((p) => `  - ${p}`)].join('\n'), stackStartFn: assertLabelQuality });
}

function resolve(review: string | ReviewResults | LabelQuality): { quality: LabelQuality; about: string } {
  if (typeof review === 'string') {
    const file = existsSync(review) && statSync(review).isDirectory() ? join(review, REVIEW_FILES.results) : review;
    if (!existsSync(file)) throw new UsageError(`assertLabelQuality: ${file} does not exist; import people's labels first (bias-audit review DIR --import labels.csv, or importLabels)`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new InputFileError(file, 0, `expected review results (JSON): ${(err as Error).message}`);
    }
    const r = parsed as Partial<ReviewResults> | null;
    if (!r || typeof r !== 'object' || !r.scorerVsPeople || typeof r.scorerVsPeople.n !== 'number') throw new InputFileError(file, 0, 'expected review results with scorerVsPeople (written by bias-audit review DIR --import)');
    return { quality: r.scorerVsPeople, about: ` on ${r.probeSet} / ${r.model}` };
  }
  if ('scorerVsPeople' in review) return { quality: review.scorerVsPeople, about: ` on ${review.probeSet} / ${review.model}` };
  return { quality: review, about: '' };
}
