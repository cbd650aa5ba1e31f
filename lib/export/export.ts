import { existsSync, statSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { readReviewResults, readScoredRun, REVIEW_RESULTS_FILE, toolVersion } from '../audit/index.js';
import { readRunResults } from '../compare/index.js';
import { InputFileError, UsageError } from '../errors.js';
import { peopleOutcome } from '../review/corrected-findings.js';
import { reviewId } from '../review/scored.js';
import type { Outcome } from '../types.js';
import { selectCounterfactuals, type CounterfactualExample, type CounterfactualSelection } from './counterfactual.js';
import { EXPORT_FORMATS, toFineTuningJsonl, toReviewCsv, type ExportFormat } from './formats.js';
import { renderSidecar } from './sidecar.js';

export interface ExportOptions {
  /** `counterfactual-jsonl` (OpenAI chat fine-tuning JSONL) or `review-csv` (for people to curate first). */
  format: ExportFormat | string;
  /** The file to write; FILE.md goes next to it. Default DIR/counterfactual-examples.jsonl (or .csv). */
  out?: string;
}

export interface ExportResult {
  format: ExportFormat;
  /** The files written; null when there was nothing to export (no file is written then). */
  file: string | null;
  sidecar: string | null;
  examples: CounterfactualExample[];
  selection: CounterfactualSelection;
  /** Findings of the run that failed its policy. */
  failingFindings: number;
  /** Replies whose label came from people (DIR/review-results.json) instead of the scorer when choosing examples; 0 without a review. */
  peopleLabels: number;
  /** Why nothing was written, when nothing was. */
  note?: string;
}

export const DEFAULT_EXPORT_FILES: Record<ExportFormat, string> = {
  'counterfactual-jsonl': 'counterfactual-examples.jsonl',
  'review-csv': 'counterfactual-examples.csv',
};

/**
 * Turn a run's failing findings into counterfactual fine-tuning examples (issue 9, part 4) and write
 * them with a sidecar FILE.md. The run is read as `bias-audit report` scores it (readScoredRun: the
 * judge's verdicts when a judge scored it, back-translated replies of translated prompts), so the
 * replies paired are exactly those behind the findings.
 *
 * With no failing finding, or no example left after the safety checks, nothing is written and
 * `file` is null: an empty training file is no use, and an old one is not overwritten.
 */
export async function exportCounterfactuals(dir: string, opts: ExportOptions): Promise<ExportResult> {
  if (!(EXPORT_FORMATS as readonly string[]).includes(opts.format)) {
    throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}; got "${opts.format}"`);
  }
  const format = opts.format as ExportFormat;
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`${dir} is not a run directory: no such directory`);
  const results = await readRunResults(dir);
  // The run as its report scored it: the judge's verdicts, back-translated replies (lib/audit/scored-run.ts).
  const view = await readScoredRun(dir, { policy: results.manifest.policy });
  const { manifest, probeSet, probes, records, keyOf } = view;
  const byId = new Map(probes.map((p) => [p.id, p]));
  // Where people labelled a reply (bias-audit review --import), their label stands in for the scorer's.
  const people = await readPeopleLabels(dir);
  let peopleLabels = 0;
  const outcomes = view.outcomes.map((o): Outcome => {
    const label = people?.get(reviewId(o.probeId, o.sample));
    const probe = byId.get(o.probeId);
    if (label === undefined || o.status === 'error' || !probe) return o;
    peopleLabels++;
    return peopleOutcome(o, label, probeSet.outcome, probe);
  });
  const selection = selectCounterfactuals(results, probeSet, {
    probes,
    outcomes,
    text: (probeId, sample) => {
      const p = byId.get(probeId);
      return p ? (records.get(keyOf(p, sample))?.text ?? undefined) : undefined;
    },
  });
  const failingFindings = results.findings.filter((f) => f.verdict === 'fail').length;
  const base = { format, examples: selection.examples, selection, failingFindings, peopleLabels };
  if (failingFindings === 0) {
    return { ...base, file: null, sidecar: null, note: `no finding of this run failed its policy (verdict: ${results.verdict}), so there is nothing to export` };
  }
  if (selection.examples.length === 0) {
    return { ...base, file: null, sidecar: null, note: `${failingFindings} finding${failingFindings === 1 ? '' : 's'} failed, but no counterfactual set left a safe example (see the counts of skipped candidates)` };
  }
  const file = opts.out ?? join(dir, DEFAULT_EXPORT_FILES[format]);
  const sidecar = `${file}.md`;
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, format === 'counterfactual-jsonl' ? toFineTuningJsonl(selection.examples) : toReviewCsv(selection.examples), 'utf8');
  await writeFile(sidecar, renderSidecar({ format, fileName: basename(file), runDir: dir, manifest, results, selection, tool: toolVersion(), peopleLabels }), 'utf8');
  return { ...base, file, sidecar };
}

/**
 * People's label of each reviewed reply, as `review --import` recorded it (`humanLabels` of
 * review-results.json); undefined without a review, or with one imported before labels were kept.
 */
async function readPeopleLabels(dir: string): Promise<Map<string, string> | undefined> {
  const file = join(dir, REVIEW_RESULTS_FILE);
  const doc = await readReviewResults(dir);
  const labels = typeof doc === 'object' && doc !== null ? (doc as { humanLabels?: unknown }).humanLabels : undefined;
  if (labels === undefined) return undefined;
  if (typeof labels !== 'object' || labels === null || Array.isArray(labels) || Object.values(labels).some((v) => typeof v !== 'string')) {
    throw new InputFileError(file, 0, 'expected humanLabels to map review ids to labels; import the labels again with bias-audit review DIR --import');
  }
  return new Map(Object.entries(labels as Record<string, string>));
}

/** A few lines for the terminal. */
export function summariseExport(r: ExportResult): string {
  const lines: string[] = [];
  for (const f of r.selection.findings) {
    const skipped = Object.values(f.skipped).reduce((a, b) => a + (b ?? 0), 0);
    lines.push(
      `  ${f.axisTitle}: ${f.groups.join(', ')} vs ${f.reference}: ${f.examples} example${f.examples === 1 ? '' : 's'} from ${f.blocksWithExamples} of ${f.blocks} blocks (${f.candidates} treated differently; ${skipped} skipped, ${f.duplicates} already exported)`,
    );
  }
  if (r.peopleLabels > 0) lines.push(`  people's labels (review-results.json) replaced the scorer's for ${r.peopleLabels} repl${r.peopleLabels === 1 ? 'y' : 'ies'}`);
  const skips = Object.entries(r.selection.skipped).map(([k, v]) => `${v} ${k}`);
  if (skips.length > 0) lines.push(`  skipped because the reply could not be safely re-addressed: ${skips.join(', ')}`);
  const head = r.file
    ? `Exported ${r.examples.length} counterfactual example${r.examples.length === 1 ? '' : 's'} (${r.format}) from ${r.failingFindings} failing finding${r.failingFindings === 1 ? '' : 's'}.`
    : `Nothing exported: ${r.note ?? 'no example'}.`;
  return [head, ...lines].join('\n');
}
