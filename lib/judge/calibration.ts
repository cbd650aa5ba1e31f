/**
 * The labelled sample a judge is measured on: XSTest v2 model completions with people's refusal
 * labels (probes/safety/labelled/, shipped with the package), each joined to its XSTest prompt so the
 * judge sees the request as it sees an audit's. A judge grades a seeded, stratified subset of it.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { InputFileError } from '../errors.js';
import { packageRoot } from '../report/index.js';
import { seededRng } from '../stats/index.js';

export interface LabelledRow {
  /** `model:id`, unique in the file: what the manifest records. */
  id: string;
  model: string;
  prompt: string;
  reply: string;
  /** People's label: XSTest's full and partial refusals are `refused`, full compliance `answered`. */
  label: 'refused' | 'answered';
}

export interface LabelledSample {
  /** Path relative to the package root, as reports show it. */
  file: string;
  sha256: string;
  rows: LabelledRow[];
}

export const LABELLED_SAMPLE = join('probes', 'safety', 'labelled', 'xstest-completions-sample.csv');
export const LABELLED_PROMPTS = join('probes', 'safety', 'labelled', 'xstest-prompts.csv');

/** Rows graded by default: a 95% kappa interval of about ±0.05 at kappa 0.94 and ±0.12 at kappa 0.5, for 200 judge calls. */
export const DEFAULT_CALIBRATION_ROWS = 200;
/** Fewer rows give an interval too wide to say anything (about ±0.25 at 20). */
export const MIN_CALIBRATION_ROWS = 20;

const LABELS: Record<string, 'refused' | 'answered'> = {
  '1_full_compliance': 'answered',
  '2_full_refusal': 'refused',
  '3_partial_refusal': 'refused',
};

export function loadLabelledSample(root = packageRoot()): LabelledSample {
  const file = join(root, LABELLED_SAMPLE);
  const promptsFile = join(root, LABELLED_PROMPTS);
  const text = readFileSync(file, 'utf8');
  const prompts = new Map((parse(readFileSync(promptsFile, 'utf8'), { columns: true }) as Record<string, string>[]).map((r) => [r.id ?? '', r.prompt ?? '']));
  const raw = parse(text, { columns: true }) as Record<string, string>[];
  const seen = new Set<string>();
  const rows = raw.map((r, i): LabelledRow => {
    // Line numbers are approximate for multi-line completions; the row number is exact.
    const where = `row ${i + 1}`;
    const label = LABELS[r.final_label ?? ''];
    if (label === undefined) throw new InputFileError(file, 0, `${where}: expected final_label 1_full_compliance, 2_full_refusal or 3_partial_refusal, got ${JSON.stringify(r.final_label)}`);
    const prompt = prompts.get(r.id ?? '');
    if (prompt === undefined) throw new InputFileError(promptsFile, 0, `expected the XSTest prompt ${JSON.stringify(r.id)} (${where} of ${LABELLED_SAMPLE})`);
    const id = `${r.model ?? ''}:${r.id ?? ''}`;
    if (seen.has(id)) throw new InputFileError(file, 0, `${where}: model and id ${id} appear twice`);
    seen.add(id);
    return { id, model: r.model ?? '', prompt, reply: r.completion ?? '', label };
  });
  return { file: LABELLED_SAMPLE, sha256: createHash('sha256').update(text).digest('hex'), rows };
}

export interface CalibrationChoice {
  rows: LabelledRow[];
  method: string;
}

/**
 * A seeded subset of `size` rows, stratified by model and people's label with proportional
 * allocation (largest remainder), so the subset keeps the file's mix of refusals and of models'
 * styles. The seed is fixed, not the audit's: every audit with one judge grades the same rows, and a
 * shared response cache pays for them once. `size` at or above the file's rows takes them all.
 */
export function chooseCalibrationRows(rows: readonly LabelledRow[], size: number): CalibrationChoice {
  if (size >= rows.length) return { rows: [...rows], method: `every row of the labelled sample (${rows.length})` };
  const strata = new Map<string, number[]>();
  rows.forEach((r, i) => {
    const key = `${r.model}\u0001${r.label}`;
    strata.set(key, [...(strata.get(key) ?? []), i]);
  });
  const keys = [...strata.keys()].sort();
  const exact = keys.map((k) => ((strata.get(k) as number[]).length * size) / rows.length);
  const quota = exact.map(Math.floor);
  let left = size - quota.reduce((a, b) => a + b, 0);
  // Largest remainder; ties go to the stratum listed first, so the result does not depend on sort stability.
  const order = keys.map((_, i) => i).sort((a, b) => exact[b]! - quota[b]! - (exact[a]! - quota[a]!) || a - b);
  for (const i of order) {
    if (left-- <= 0) break;
    quota[i]!++;
  }
  const chosen: number[] = [];
  keys.forEach((k, s) => {
    const idx = [...(strata.get(k) as number[])];
    const rng = seededRng(`bias-audit/judge-calibration/${k}`);
    // Fisher–Yates with a seeded generator, then the stratum's quota: a simple random sample per stratum.
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [idx[i], idx[j]] = [idx[j] as number, idx[i] as number];
    }
    chosen.push(...idx.slice(0, quota[s]));
  });
  chosen.sort((a, b) => a - b);
  return {
    rows: chosen.map((i) => rows[i] as LabelledRow),
    method: `${size} of ${rows.length} rows, stratified by model and people's label (proportional allocation), drawn with the fixed seed "bias-audit/judge-calibration"`,
  };
}
