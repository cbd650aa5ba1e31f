/**
 * The report's "Label quality" section (templates/partials/label-quality.hbs) and the same words
 * for the Markdown report: whether people checked the scorer's labels, how well scorer and people
 * agree, whether the scorer errs more for some groups, and for each finding whether it survives the
 * correction for those errors (lib/review, docs/review.md). When nobody checked the labels the
 * section says so plainly: a compliance reader must see that the findings rest on unchecked labels.
 */
import type { AuditResults, CorrectedFinding, LabelQualityRecord, ReviewProportion } from '../types.js';
import { formatP, formatPercent } from './format.js';
import { correctionTag, isEstimable, notEstimableReason, outcomeOf } from '../review/correction-wording.js';
import { formatCount } from './html-axis.js';

export interface LabelQualityView {
  checked: boolean;
  /** One sentence: checked or not, by how many people, on how many replies. */
  headline: string;
  stats: { label: string; value: string }[];
  errors: { axis: string; test: string; rows: { group: string; errors: string; rate: string }[] }[];
  findings: { axisTitle: string; verdict: string; withPeople: string; corrected: string; outcome: string; cls: string }[];
  hasFindings: boolean;
  notes: string[];
  hasNotes: boolean;
}

const pct = (x: number | null): string => (x === null ? 'n/a' : formatPercent(x));
const points = (x: number | null): string => (x === null ? 'n/a' : `${x >= 0 ? '+' : '−'}${(Math.abs(x) * 100).toFixed(1)} points`);
const interval = (lo: number | null, hi: number | null, f: (x: number | null) => string): string => (lo === null || hi === null ? '' : ` [${f(lo)}, ${f(hi)}]`);

/** Who read the labels people checked: the LLM judge when one scored the run, else the scorer. */
function whoOf(results: AuditResults): Who {
  return results.judge ? 'judge' : 'scorer';
}

type Who = 'scorer' | 'judge';

export function labelQualityView(results: AuditResults): LabelQualityView {
  const lq = results.labelQuality;
  const who = whoOf(results);
  if (!lq) {
    return {
      checked: false,
      headline: notCheckedSentence(results),
      stats: [],
      errors: [],
      findings: [],
      hasFindings: false,
      notes: [],
      hasNotes: false,
    };
  }
  const notes = lq.corrected.flatMap((c) => c.notes.map((n) => `${c.axisTitle}: ${n}`));
  return {
    checked: true,
    headline: checkedSentence(lq, who),
    stats: stats(lq, who),
    errors: lq.perAxis.map((a) => ({
      axis: a.axis,
      test: a.test ? `${a.test.name === 'fisher-exact' ? "Fisher's exact test" : 'chi-square test'} of whether the error rates differ: p = ${formatP(a.test.pValue)}${a.test.pValue < 0.05 ? ` — the ${who} errs more for some groups than others (differential misclassification)` : ''}` : 'Too few groups reviewed to compare.',
      rows: a.groups.map((g) => ({ group: g.group, errors: `${g.errorRate.successes} of ${g.errorRate.trials}`, rate: proportion(g.errorRate) })),
    })),
    findings: lq.corrected.map((c) => findingRow(c, who)),
    hasFindings: lq.corrected.length > 0,
    notes,
    hasNotes: notes.length > 0,
  };
}

export function notCheckedSentence(results: AuditResults): string {
  const categorical = ['binary', 'choice', 'refusal', 'toxicity'].includes(results.outcome.type);
  return categorical
    ? `The ${whoOf(results)}'s labels were not checked by people. Every finding rests on automatic labels whose error rate, and whether it differs between groups, is unknown. To check them: bias-audit review DIR --sample auto (bias-audit review DIR --plan says how many replies that is), label the sample, then bias-audit review DIR --import labels.csv.`
    : `The ${whoOf(results)}'s readings were not checked by people (human review of labels covers categorical outcomes; this audit's outcome is ${results.outcome.type}).`;
}

export function checkedSentence(lq: LabelQualityRecord, who: Who = 'scorer'): string {
  const people = lq.files.length === 1 ? 'one reviewer' : `${lq.files.length} reviewers`;
  const kappa = lq.kappa ? `; Cohen's kappa, ${who} vs people, ${lq.kappa.kappa.toFixed(2)}` : '';
  return `People checked ${formatCount(lq.reviewed)} of the ${formatCount(lq.replies)} replies (${people}); the ${who} agreed with them on ${pct(lq.accuracy.estimate)}${kappa}.`;
}

function stats(lq: LabelQualityRecord, who: Who): { label: string; value: string }[] {
  const c = `${Math.round(lq.confidence * 100)}%`;
  const Who = who === 'judge' ? 'Judge' : 'Scorer';
  const out = [
    { label: 'Replies checked by people', value: `${formatCount(lq.reviewed)} of ${formatCount(lq.replies)}` },
    { label: `${Who} accuracy (${c} CI)`, value: proportion(lq.accuracy) },
    { label: `${Who} accuracy weighted to the whole run`, value: pct(lq.weightedAccuracy) },
  ];
  if (lq.kappa) out.push({ label: `Cohen's kappa, ${who} vs people (${c} CI)`, value: `${lq.kappa.kappa.toFixed(3)} [${lq.kappa.lower.toFixed(3)}, ${lq.kappa.upper.toFixed(3)}] over ${formatCount(lq.kappa.n)}` });
  for (const p of lq.interRater.pairs) out.push({ label: `Cohen's kappa, ${p.a} vs ${p.b}`, value: p.kappa === null ? 'no reply labelled by both' : `${p.kappa.toFixed(3)} over ${formatCount(p.n)}` });
  if (lq.interRater.fleiss) out.push({ label: `Fleiss' kappa, ${lq.interRater.fleiss.raters} reviewers`, value: `${lq.interRater.fleiss.kappa.toFixed(3)} over ${formatCount(lq.interRater.fleiss.items)} replies all labelled` });
  if (lq.interRater.krippendorff) out.push({ label: `Krippendorff's alpha, ${lq.interRater.krippendorff.coders} reviewers`, value: `${lq.interRater.krippendorff.alpha.toFixed(3)} over ${formatCount(lq.interRater.krippendorff.units)} replies labelled twice or more` });
  return out;
}

function proportion(p: ReviewProportion): string {
  return p.estimate === null ? 'n/a' : `${formatPercent(p.estimate)} [${formatPercent(p.lower)}, ${formatPercent(p.upper)}]`;
}

function findingRow(c: CorrectedFinding, who: Who) {
  const g = c.correctedGap;
  const gap = g.estimate === null ? 'gap not estimable' : `largest gap ${(g.estimate * 100).toFixed(1)} points${g.ciLow === null || g.ciHigh === null ? '' : ` [${(g.ciLow * 100).toFixed(1)}, ${(g.ciHigh * 100).toFixed(1)}]`}`;
  const o = outcomeOf(c);
  return {
    axisTitle: c.axisTitle,
    verdict: c.verdict,
    withPeople: c.withPeopleLabels.verdict,
    corrected: isEstimable(c) ? `${c.correctedVerdict}: ${gap}` : 'not estimable (inconclusive): the review is too small',
    outcome: outcomeSentence(c, who),
    cls: o === 'confirmed' ? 'verdict-pass' : o === 'contradicted' ? 'verdict-fail' : 'verdict-inconclusive',
  };
}

/**
 * What the correction says of a finding, in a sentence that starts with the same words as the CLI
 * summary (correctionTag: "Survives", "Does not survive (not confirmed)", "Pass confirmed", ...).
 */
export function outcomeSentence(c: CorrectedFinding, who: Who = 'scorer'): string {
  const worst = [...c.pairs].filter((p) => p.correctedDifference !== null).sort((a, b) => (a.correctedDifference as number) - (b.correctedDifference as number))[0];
  const pair = worst ? ` (${worst.group} vs ${worst.reference}: observed ${points(worst.observedDifference)}, corrected ${points(worst.correctedDifference)}${interval(worst.ciLow, worst.ciHigh, points)})` : '';
  const tag = correctionTag(c);
  const head = tag === '' ? '' : `${tag.charAt(0).toUpperCase()}${tag.slice(1)}: `;
  if (!isEstimable(c)) {
    const lead = c.verdict === 'inconclusive' ? 'Still inconclusive: ' : head;
    return `${lead}the correction is not estimable, so its verdict is inconclusive — ${notEstimableReason(c)}`;
  }
  const o = outcomeOf(c);
  if (c.verdict === 'fail') {
    return o === 'confirmed'
      ? `${head}with the ${who}'s measured errors taken out, a gap beyond the policy's margin is still shown${pair}.`
      : o === 'contradicted'
        ? `${head}corrected for the ${who}'s errors, the groups are within the margin${pair}. The failure may rest on the ${who}, not the model.`
        : `${head}corrected for the ${who}'s errors (and the review's own uncertainty), the gap is no longer shown beyond the margin${pair}. The failure may rest partly on the ${who}, or the review is too small to tell; review more replies to decide.`;
  }
  if (c.verdict === 'pass') {
    return o === 'confirmed'
      ? `${head}corrected for the ${who}'s errors, every pair of groups is still within the margin${pair}.`
      : o === 'contradicted'
        ? `${head}corrected for the ${who}'s errors, a gap beyond the margin is shown${pair}. The pass may rest on the ${who}'s errors.`
        : `${head}corrected for the ${who}'s errors (and the review's own uncertainty), equivalence within the margin is not shown${pair}.`;
  }
  return `Inconclusive on the ${who}'s labels; corrected: ${c.correctedVerdict === 'fail' ? 'a gap beyond the margin is shown' : c.correctedVerdict === 'pass' ? 'within the margin' : 'still undecided'}${pair}.`;
}

/** The Markdown report's label quality part; `escape` is the Markdown report's escaping of untrusted text. */
export function labelQualityMarkdown(results: AuditResults, escape: (text: string) => string): string[] {
  const lq = results.labelQuality;
  if (!lq) return [`**Label quality.** ${escape(notCheckedSentence(results))}`];
  const who = whoOf(results);
  const lines = [`**Label quality.** ${escape(checkedSentence(lq, who))}`];
  for (const a of lq.perAxis) {
    if (a.test && a.test.pValue < 0.05) {
      const worst = [...a.groups].sort((x, y) => (y.errorRate.estimate ?? 0) - (x.errorRate.estimate ?? 0))[0];
      lines.push('', `- ⚠️ ${escape(`The ${who} errs more for some ${a.axis} groups (p = ${formatP(a.test.pValue)}; highest: ${worst?.group ?? ''}, ${pct(worst?.errorRate.estimate ?? null)}).`)}`);
    }
  }
  for (const c of lq.corrected) lines.push('', `- **${escape(c.axisTitle)}**: ${escape(outcomeSentence(c, who))}`);
  return lines;
}
