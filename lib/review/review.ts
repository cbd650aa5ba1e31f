import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { recordedPolicy, regenerateReport } from '../audit/index.js';
import { UsageError } from '../errors.js';
import type { CorrectedFinding, LabelQualityRecord } from '../types.js';
import { correctFindings } from './corrected-findings.js';
import { correctionTag, isEstimable, notEstimableReason } from './correction-wording.js';
import { krippendorffAlpha, type KrippendorffAlpha } from './krippendorff.js';
import { labelQualityRecord } from './record.js';
import { inertText, toCsv } from './csv.js';
import { fleissKappa, type FleissKappa } from './fleiss.js';
import { readLabelFile, REVIEW_COLUMNS, type LabelFile } from './labels.js';
import { renderLabellingPage } from './page.js';
import { kappaInterval, labelQuality, type KappaInterval, type LabelPair, type LabelQuality } from './quality.js';
import { drawReviewSample, planReviewSample, type ReviewPlan, type ReviewSample, type SampleAllocation } from './sample.js';
import { loadScoredRun, type ScoredItem, type ScoredRun } from './scored.js';

export const REVIEW_FILES = { csv: 'review-sample.csv', html: 'review-sample.html', results: 'review-results.json' } as const;

export interface ReviewSampleOptions {
  /** Replies to draw, or `auto`: as many as the correction allocation's plan needs (planReview). */
  size: number | 'auto';
  /** Default `correction` (sample.ts). */
  allocation?: SampleAllocation;
  /** The axes the correction allocation aims at (ids, intersections allowed); default every axis of the run. */
  axes?: readonly string[];
  /** Default: the run's seed. */
  seed?: number;
  /** The CSV to write (the page goes next to it, .html); default DIR/review-sample.csv. */
  out?: string;
  /** Show each reply's groups to the reviewer and in the CSV. Default false: blind review. */
  showGroups?: boolean;
}

export interface ReviewSampleResult {
  csv: string;
  html: string;
  sample: ReviewSample;
  labels: string[];
  scoredBy: ScoredBy;
}

/** Draw a review sample of a run directory and write it as a CSV and a labelling page. */
export async function writeReviewSample(dir: string, opts: ReviewSampleOptions): Promise<ReviewSampleResult> {
  if (opts.size !== 'auto' && (!Number.isInteger(opts.size) || opts.size < 1)) throw new UsageError(`--sample must be a whole number of at least 1, or auto; got ${opts.size}`);
  const allocation = opts.allocation ?? 'correction';
  if (opts.size === 'auto' && allocation !== 'correction') throw new UsageError('--sample auto sizes the review for the correction; give a number with --for accuracy');
  const run = await loadScoredRun(dir);
  const seed = opts.seed ?? run.manifest.seed;
  if (!Number.isInteger(seed)) throw new UsageError(`seed must be a whole number; got ${seed}`);
  const axesOf = reviewAxes(run, opts.axes);
  const size = opts.size === 'auto' ? Math.max(1, planReviewSample(run.items, { axesOf }).size) : opts.size;
  const sample = drawReviewSample(run.items, { size, seed, allocation, axesOf });
  const axes = [...new Set(sample.items.flatMap((it) => Object.keys(it.groups)))].sort();
  // A translated run's replies are shown in the back-translation the scorer read; the reply as received goes beside it.
  const translated = run.manifest.translator !== undefined;
  const header = [...REVIEW_COLUMNS, ...(translated ? ['reply_original'] : []), ...(opts.showGroups ? axes.map((a) => `group:${a}`) : [])];
  const rows = sample.items.map((it) => [
    it.id,
    inertText(it.prompt),
    inertText(it.reply),
    it.scorerLabel,
    '',
    round(it.weight),
    ...(translated ? [inertText(it.replyOriginal ?? '')] : []),
    ...(opts.showGroups ? axes.map((a) => it.groups[a] ?? '') : []),
  ]);
  const csv = opts.out ?? join(dir, REVIEW_FILES.csv);
  const html = join(dirname(csv), `${basename(csv).replace(/\.csv$/i, '')}.html`);
  await mkdir(dirname(csv), { recursive: true });
  await writeFile(csv, toCsv(header, rows), 'utf8');
  const page = renderLabellingPage(
    sample.items.map((it) => ({ id: it.id, prompt: it.prompt, reply: it.reply, scorerLabel: it.scorerLabel, weight: round(it.weight), ...(opts.showGroups ? { groups: it.groups } : {}) })),
    { title: `Review: ${run.manifest.probeSet.id} on ${run.manifest.model.spec}${translated ? ' (replies to translated prompts shown in their English back-translation)' : ''}`, labels: run.labels, storageKey: `${run.manifest.probeSet.id}/${run.manifest.model.spec}/${seed}/${sample.items.length}` },
  );
  await writeFile(html, page, 'utf8');
  return { csv, html, sample, labels: run.labels, scoredBy: scoredBy(run.manifest) };
}

/**
 * How many replies a review needs for the correction to be estimable on the selected axes
 * (`bias-audit review DIR --plan`): the size of the correction allocation that meets every target
 * (REVIEW_TARGETS in sample.ts); `--sample auto` draws exactly that many.
 */
export async function planReview(dir: string, opts: { axes?: readonly string[] } = {}): Promise<ReviewPlan & { probeSet: string; model: string; scoredBy: ScoredBy }> {
  const run = await loadScoredRun(dir);
  const plan = planReviewSample(run.items, { axesOf: reviewAxes(run, opts.axes) });
  return { ...plan, probeSet: run.manifest.probeSet.id, model: run.manifest.model.spec, scoredBy: scoredBy(run.manifest) };
}

/** Who read the labels reviewed: the judge when one scored the run, else the scorer. */
export type ScoredBy = 'scorer' | 'judge';

function scoredBy(manifest: { judge?: unknown }): ScoredBy {
  return manifest.judge ? 'judge' : 'scorer';
}

/**
 * Per reply, its group on each axis the review aims at: every axis of the probe set (intersections
 * included, since review --import corrects each rate finding, intersections too) or those named.
 * An unknown axis is a usage error naming the run's axes.
 */
function reviewAxes(run: ScoredRun, wanted: readonly string[] | undefined): (it: ScoredItem) => Readonly<Record<string, string>> {
  const ids = run.probeSet.axes.map((a) => a.id);
  const unknown = (wanted ?? []).filter((a) => !ids.includes(a));
  if (unknown.length > 0) throw new UsageError(`--axes: unknown axis ${unknown.map((a) => JSON.stringify(a)).join(', ')}; this run's axes: ${ids.join(', ')}`);
  if (wanted !== undefined && wanted.length === 0) throw new UsageError('--axes needs at least one axis');
  const keep = new Set(wanted ?? ids);
  const probes = new Map(run.view.probes.map((p) => [p.id, p]));
  return (it) => Object.fromEntries(Object.entries(probes.get(it.probeId)?.groups ?? it.groups).filter(([axis]) => keep.has(axis)));
}

export interface ReviewResults {
  probeSet: string;
  model: string;
  /** Who read the labels people checked: `judge` when an LLM judge scored the run (absent in records written before the field existed: the scorer). */
  scoredBy?: ScoredBy;
  files: { file: string; labelled: number; unlabelled: number }[];
  /** How people's label for a reply is chosen when several files label it. */
  humanLabelRule: string;
  scorerVsPeople: LabelQuality;
  /** Cohen's kappa for each pair of files, over the replies both labelled. */
  interRater: { a: string; b: string; agreement: KappaInterval | null }[];
  /** With three or more files: Fleiss' kappa over the replies every file labelled (null otherwise). */
  fleiss: FleissKappa | null;
  /** With two or more files: Krippendorff's alpha (nominal) over every label of every file, missing ones allowed (null otherwise). */
  krippendorff: KrippendorffAlpha | null;
  /** Each rate finding re-run with people's labels and corrected for the scorer's measured error (corrected-findings.ts). */
  corrected: CorrectedFinding[];
  /** The summary results.json and the report carry (`labelQuality`). */
  labelQuality: LabelQualityRecord;
  /** People's label of each reviewed reply (review id -> label, by `humanLabelRule`): what `bias-audit export` reads. */
  humanLabels: Record<string, string>;
}

export interface ImportReviewOptions {
  confidence?: number;
  /** Bootstrap resamples of the corrected findings; default 2000. */
  resamples?: number;
  /** Re-render the run's reports with the label quality section (default true). */
  regenerate?: boolean;
}

/**
 * Import reviewers' labelled files (CSV or the page's JSON), measure the scorer (the judge, when one
 * scored the run) against them and write DIR/review-results.json. The scorer's labels and the groups
 * are re-read from the run, never from the files; the reports are rebuilt under the policy of the
 * run's current results.json.
 */
export async function importReview(dir: string, files: readonly string[], opts: ImportReviewOptions = {}): Promise<ReviewResults & { file: string }> {
  if (files.length === 0) throw new UsageError('--import needs at least one labelled file (CSV or JSON)');
  // The policy of the run's current reports (a `report DIR --policy` override included), kept through the rebuild.
  const policy = await recordedPolicy(dir);
  const run = await loadScoredRun(dir, { policy });
  const byId = new Map(run.items.map((it) => [it.id, it]));
  const known = new Set(byId.keys());
  const parsed: LabelFile[] = [];
  for (const f of files) parsed.push(await readLabelFile(f, known, run.labels));
  const pairs: LabelPair[] = [];
  for (const [id, votes] of votesById(parsed)) {
    const it = byId.get(id);
    if (!it) continue;
    pairs.push({ id, scorer: it.scorerLabel, human: majority(votes.map((v) => v.label)), weight: votes[0]?.weight ?? 1, groups: it.groups });
  }
  const interRater: ReviewResults['interRater'] = [];
  for (let i = 0; i < parsed.length; i++) {
    for (let j = i + 1; j < parsed.length; j++) {
      const a = parsed[i] as LabelFile;
      const b = new Map((parsed[j] as LabelFile).labels.map((l) => [l.id, l.label]));
      const both = a.labels.filter((l) => b.has(l.id));
      interRater.push({
        a: a.file,
        b: (parsed[j] as LabelFile).file,
        agreement: both.length === 0 ? null : kappaInterval(both.map((l) => l.label), both.map((l) => b.get(l.id) as string), opts.confidence),
      });
    }
  }
  const all = [...votesById(parsed)].filter(([, v]) => v.length === parsed.length);
  const fleiss = parsed.length >= 3 && all.length > 0 ? fleissKappa(all.map(([, v]) => v.map((x) => x.label))) : null;
  const units = [...votesById(parsed)].map(([, v]) => v.map((x) => x.label));
  const krippendorff = parsed.length >= 2 && units.some((u) => u.length >= 2) ? krippendorffAlpha(units, parsed.length) : null;
  const corrected = await correctFindings(dir, new Map(pairs.map((p) => [p.id, p.human])), {
    policy,
    ...(opts.resamples === undefined ? {} : { resamples: opts.resamples }),
    ...(opts.confidence === undefined ? {} : { confidence: opts.confidence }),
  });
  const scorerVsPeople = labelQuality(pairs, opts.confidence === undefined ? {} : { confidence: opts.confidence });
  const fileRows = parsed.map((p) => ({ file: p.file, labelled: p.labels.length, unlabelled: p.unlabelled }));
  const results: ReviewResults = {
    probeSet: run.manifest.probeSet.id,
    model: run.manifest.model.spec,
    scoredBy: scoredBy(run.manifest),
    files: fileRows,
    humanLabelRule: 'the label most files gave; on a tie, that of the file named first',
    scorerVsPeople,
    interRater,
    fleiss,
    krippendorff,
    corrected,
    labelQuality: labelQualityRecord({ source: REVIEW_FILES.results, files: fileRows, replies: run.items.length, scorerVsPeople, interRater, fleiss, krippendorff, corrected }),
    humanLabels: Object.fromEntries(pairs.map((p) => [p.id, p.human] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
  };
  const file = join(dir, REVIEW_FILES.results);
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`, 'utf8');
  // The reports gain their label quality section (regenerateReport reads review-results.json).
  if (opts.regenerate !== false) await regenerateReport(dir, { policy });
  return { ...results, file };
}

function votesById(files: readonly LabelFile[]): Map<string, { label: string; weight: number }[]> {
  const m = new Map<string, { label: string; weight: number }[]>();
  for (const f of files) for (const l of f.labels) m.set(l.id, [...(m.get(l.id) ?? []), { label: l.label, weight: l.weight }]);
  return m;
}

/** The most frequent label; on a tie, the one that reached that count first (the earlier file). */
function majority(labels: readonly string[]): string {
  const n = new Map<string, number>();
  let best = labels[0] as string;
  for (const l of labels) {
    const c = (n.get(l) ?? 0) + 1;
    n.set(l, c);
    if (c > (n.get(best) ?? 0)) best = l;
  }
  return best;
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** A few lines for the terminal. */
export function summariseReview(r: ReviewResults): string {
  const q = r.scorerVsPeople;
  const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(1)}%`);
  // A judged run's labels are the judge's verdicts: say so, not "scorer".
  const who = r.scoredBy ?? 'scorer';
  const lines = [`Label review of ${r.probeSet} on ${r.model}: ${q.n} replies labelled by people (${r.files.length} file${r.files.length === 1 ? '' : 's'})`];
  lines.push(`  ${who} accuracy ${pct(q.accuracy.estimate)} [${pct(q.accuracy.lower)}, ${pct(q.accuracy.upper)}]; weighted to the run ${pct(q.weightedAccuracy)}`);
  if (q.kappa) lines.push(`  Cohen's kappa ${who} vs people ${q.kappa.kappa.toFixed(3)} [${q.kappa.lower.toFixed(3)}, ${q.kappa.upper.toFixed(3)}]`);
  for (const l of q.perLabel) lines.push(`  ${l.label}: precision ${pct(l.precision.estimate)} (${l.precision.trials}), recall ${pct(l.recall.estimate)} (${l.recall.trials})`);
  for (const a of q.perAxis) {
    const groups = a.groups.map((g) => `${g.group} ${pct(g.errorRate.estimate)} (${g.errorRate.successes}/${g.errorRate.trials})`).join(', ');
    lines.push(`  ${who} error by ${a.axis}: ${groups}${a.test ? `; ${a.test.name} p = ${a.test.pValue.toPrecision(3)}` : ''}`);
  }
  for (const ir of r.interRater) lines.push(`  inter-rater kappa ${basename(ir.a)} vs ${basename(ir.b)}: ${ir.agreement ? `${ir.agreement.kappa.toFixed(3)} [${ir.agreement.lower.toFixed(3)}, ${ir.agreement.upper.toFixed(3)}] over ${ir.agreement.n}` : 'no reply labelled by both'}`);
  if (r.fleiss) lines.push(`  Fleiss' kappa over ${r.fleiss.raters} files: ${r.fleiss.kappa.toFixed(3)} over ${r.fleiss.items} replies all labelled (z = ${r.fleiss.z.toFixed(2)}, p = ${r.fleiss.pValue.toPrecision(3)})`);
  if (r.krippendorff) lines.push(`  Krippendorff's alpha over ${r.krippendorff.coders} files: ${r.krippendorff.alpha.toFixed(3)} over ${r.krippendorff.units} replies labelled twice or more`);
  for (const c of r.corrected) {
    const gap = c.correctedGap;
    const interval = gap.ciLow === null || gap.ciHigh === null ? '' : ` [${pct(gap.ciLow)}, ${pct(gap.ciHigh)}]`;
    const tag = correctionTag(c);
    const fate = tag === '' ? '' : ` — ${tag}`;
    // Not estimable: no gap is given, and the reason says what would fix it (correct.ts, ESTIMABILITY).
    if (isEstimable(c)) lines.push(`  ${c.axisTitle}: ${c.verdict} with the ${who}'s labels, ${c.withPeopleLabels.verdict} with people's, ${c.correctedVerdict} corrected (largest gap ${pct(gap.estimate)}${interval})${fate}`);
    else lines.push(`  ${c.axisTitle}: ${c.verdict} with the ${who}'s labels, ${c.withPeopleLabels.verdict} with people's, correction not estimable (inconclusive)${fate}: ${notEstimableReason(c)}`);
  }
  return lines.join('\n');
}
