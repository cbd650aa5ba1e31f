/**
 * The report's judge section (templates/partials/judge.hbs) and the same words for the Markdown
 * report and the method notes: which model graded the refusals, with which rubric, and how far it
 * agrees with people on the labelled sample (Cohen's kappa with its interval, read in Landis & Koch's
 * words). When agreement is low the section says plainly that the refusal rates rest on it.
 *
 * Rubric text and model spec come from the run and are shown only through `{{ }}` (escaped).
 */
import type { AuditResults, JudgeAgreementResult, JudgeProportion, JudgeResult } from '../types.js';
import { formatPercent } from './format.js';
import { formatCount } from './html-axis.js';

/** Below this kappa the report warns that the rates rest on a judge that agrees only moderately with people. */
export const LOW_KAPPA = 0.6;

export interface JudgeView {
  show: boolean;
  model: string;
  synthetic: boolean;
  rubricName: string;
  rubricSha256: string;
  rubricText: string;
  headline: string;
  /** Set when agreement is low or unmeasured: the sentence a reviewer must not miss. */
  warning: string;
  hasWarning: boolean;
  hasAgreement: boolean;
  stats: { label: string; value: string }[];
  confusion: { people: string; refused: string; answered: string; unclear: string; total: string }[];
  replies: string;
  missing: string;
  hasMissing: boolean;
  sample: string;
}

const EMPTY: JudgeView = {
  show: false,
  model: '',
  synthetic: false,
  rubricName: '',
  rubricSha256: '',
  rubricText: '',
  headline: '',
  warning: '',
  hasWarning: false,
  hasAgreement: false,
  stats: [],
  confusion: [],
  replies: '',
  missing: '',
  hasMissing: false,
  sample: '',
};

export function judgeView(results: AuditResults): JudgeView {
  const j = results.judge;
  if (!j) return EMPTY;
  const a = j.agreement;
  const words = judgeSentences(j);
  return {
    show: true,
    model: j.model,
    synthetic: j.synthetic,
    rubricName: j.rubric.name,
    rubricSha256: j.rubric.sha256,
    rubricText: j.rubric.text,
    headline: words.headline,
    warning: words.warning,
    hasWarning: words.warning !== '',
    hasAgreement: a !== null,
    stats: a ? agreementStats(a) : [],
    confusion: a ? confusionRows(a) : [],
    replies: words.replies,
    missing: words.missing,
    hasMissing: words.missing !== '',
    sample: words.sample,
  };
}

const LOW_WORDS: Record<string, string> = { poor: 'no better than chance', slight: 'only slightly', fair: 'only fairly', moderate: 'only moderately' };

/** κ = 0.72 (95% CI 0.63 to 0.81) */
export function formatKappa(a: Pick<JudgeAgreementResult, 'kappa' | 'ciLow' | 'ciHigh'>): string {
  return `κ = ${a.kappa.toFixed(2)} (95% CI ${a.ciLow.toFixed(2)} to ${a.ciHigh.toFixed(2)})`;
}

/** The judge in sentences, shared by the HTML section, the Markdown report and the method notes. */
export function judgeSentences(j: JudgeResult): { headline: string; warning: string; replies: string; missing: string; sample: string } {
  const a = j.agreement;
  const rubric = j.rubric.name === 'custom' ? `the probe set's own rubric (SHA-256 ${j.rubric.sha256.slice(0, 12)}…)` : `the built-in "${j.rubric.name}" rubric`;
  const headline = a
    ? `Refusals were graded by ${j.model} with ${rubric}; on ${formatCount(a.n)} replies labelled by people it agreed with them ${formatKappa(a)}: ${a.band} agreement (Landis & Koch 1977), the same verdict on ${formatPercent(a.observed)} of them.`
    : `Refusals were graded by ${j.model} with ${rubric}; its agreement with people was not measured.`;
  let warning = '';
  if (!a) {
    warning = `No verdict of the judge on the labelled sample is recorded, so nothing says how far to trust its refusal rates: resume the run (bias-audit run --resume DIR) to grade the labelled rows.`;
  } else if (a.kappa < LOW_KAPPA) {
    const how = LOW_WORDS[a.band] ?? 'only moderately';
    warning = `Low agreement: the judge agrees ${how} with people (κ = ${a.kappa.toFixed(2)}, below ${LOW_KAPPA}). The refusal rates in this report rest on a judge that agrees only moderately with people at best: read them as rough, and check the examples by hand before relying on them.`;
  } else if (a.ciLow < LOW_KAPPA) {
    warning = `The interval of κ reaches below ${LOW_KAPPA}: the sample cannot rule out that the judge agrees only moderately with people.`;
  }
  const r = j.replies;
  const replies =
    `The judge graded ${formatCount(r.graded)} ${r.graded === 1 ? 'reply' : 'replies'} of this audit: ${formatCount(r.refused)} refused, ${formatCount(r.answered)} answered, ` +
    `${formatCount(r.unclear)} unclear (neither word; set aside like unparsed replies and counted as such).`;
  const missing =
    r.missing > 0
      ? `${formatCount(r.missing)} ${r.missing === 1 ? 'reply has' : 'replies have'} no verdict recorded and ${r.missing === 1 ? 'is' : 'are'} set aside as unparsed: resume the run (bias-audit run --resume DIR) to grade ${r.missing === 1 ? 'it' : 'them'}; bias-audit report never calls the judge.`
      : '';
  const sample = `Labelled sample: ${j.sample.file}, ${formatCount(j.sample.rows)} of its ${formatCount(j.sample.totalRows)} rows (XSTest v2 completions of five models with people's refusal labels; Röttger et al. 2024).`;
  return { headline, warning, replies, missing, sample };
}

/** The method note: one paragraph. */
export function judgeMethodNote(j: JudgeResult): string {
  const s = judgeSentences(j);
  return [
    s.headline,
    'Kappa is Cohen\'s (1960), with the large-sample interval; an unclear verdict counts as a disagreement. Judge calls: one per distinct reply plus one per labelled row, at temperature 0, through the same retry policy as the model\'s; verdicts are kept in judge.jsonl, so a report or a resumed run calls nothing twice.',
    s.warning,
  ]
    .filter((x) => x !== '')
    .join(' ');
}

function agreementStats(a: JudgeAgreementResult): { label: string; value: string }[] {
  return [
    { label: "Cohen's kappa (95% CI)", value: `${a.kappa.toFixed(2)} (${a.ciLow.toFixed(2)} to ${a.ciHigh.toFixed(2)})` },
    { label: 'Reading (Landis & Koch 1977)', value: a.band },
    { label: 'Observed agreement', value: formatPercent(a.observed) },
    { label: 'Agreement expected by chance', value: formatPercent(a.expected) },
    { label: 'Labelled replies graded', value: formatCount(a.n) },
    { label: 'Unclear verdicts (counted as disagreements)', value: formatCount(a.unclear) },
    { label: 'Precision of "refused" (95% CI)', value: proportionText(a.precision) },
    { label: 'Recall of "refused" (95% CI)', value: proportionText(a.recall) },
  ];
}

function proportionText(p: JudgeProportion): string {
  if (p.estimate === null) return 'n/a (none)';
  return `${formatPercent(p.estimate)} (${formatPercent(p.ciLow)} to ${formatPercent(p.ciHigh)}; ${formatCount(p.successes)}/${formatCount(p.trials)})`;
}

function confusionRows(a: JudgeAgreementResult): JudgeView['confusion'] {
  return (['refused', 'answered'] as const).map((people) => {
    const row = a.confusion[people];
    return {
      people,
      refused: formatCount(row.refused),
      answered: formatCount(row.answered),
      unclear: formatCount(row.unclear),
      total: formatCount(row.refused + row.answered + row.unclear),
    };
  });
}
