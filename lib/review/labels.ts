import { readFile } from 'node:fs/promises';
import { InputFileError } from '../errors.js';
import { parseCsv } from './csv.js';

/** The columns of a review CSV (the sample's and the labelling page's export alike). */
export const REVIEW_COLUMNS = ['review_id', 'prompt', 'reply', 'scorer_label', 'human_label', 'weight'] as const;

export interface HumanLabel {
  id: string;
  label: string;
  /** The row's sampling weight (the `weight` column; 1 when the file has none). */
  weight: number;
  /** Where the label was read, for messages. */
  file: string;
  line: number;
}

export interface LabelFile {
  file: string;
  labels: HumanLabel[];
  /** Rows with an empty human_label: drawn but not labelled yet. */
  unlabelled: number;
}

/**
 * Read one reviewer's labelled CSV. Only `review_id` and `human_label` are read: the scorer's label
 * and the groups are taken from the run itself, so an edited prompt, reply or scorer cell cannot
 * change the measurement. Unknown ids, labels outside `allowed` and repeated ids are errors with
 * file:line (exit 2).
 */
export function parseLabelCsv(text: string, file: string, known: ReadonlySet<string>, allowed: readonly string[]): LabelFile {
  const records = parseCsv(text, file);
  const head = records[0];
  if (!head) throw new InputFileError(file, 0, 'expected a header row with review_id and human_label; the file is empty');
  const idCol = head.cells.indexOf('review_id');
  const labelCol = head.cells.indexOf('human_label');
  if (idCol < 0 || labelCol < 0) {
    throw new InputFileError(file, head.line, `expected columns review_id and human_label; got ${head.cells.map((c) => JSON.stringify(c)).join(', ')}`);
  }
  const weightCol = head.cells.indexOf('weight');
  const seen = new Map<string, number>();
  const labels: HumanLabel[] = [];
  let unlabelled = 0;
  for (const r of records.slice(1)) {
    if (r.cells.length !== head.cells.length) {
      throw new InputFileError(file, r.line, `expected ${head.cells.length} cells as in the header; got ${r.cells.length}`);
    }
    const id = (r.cells[idCol] as string).trim();
    const label = (r.cells[labelCol] as string).trim();
    if (!known.has(id)) throw new InputFileError(file, r.line, `review_id: expected a review id of this run (from its review sample); got ${JSON.stringify(id)}`);
    const before = seen.get(id);
    if (before !== undefined) throw new InputFileError(file, r.line, `review_id: ${id} was already labelled on line ${before}`);
    seen.set(id, r.line);
    if (label === '') {
      unlabelled++;
      continue;
    }
    if (!allowed.includes(label)) throw new InputFileError(file, r.line, `human_label: expected one of ${allowed.join(', ')} (or empty); got ${JSON.stringify(label)}`);
    const w = weightCol < 0 ? 1 : Number((r.cells[weightCol] as string).trim());
    if (!(Number.isFinite(w) && w > 0)) throw new InputFileError(file, r.line, `weight: expected a positive number; got ${JSON.stringify(r.cells[weightCol])}`);
    labels.push({ id, label, weight: w, file, line: r.line });
  }
  return { file, labels, unlabelled };
}

export async function readLabelCsv(file: string, known: ReadonlySet<string>, allowed: readonly string[]): Promise<LabelFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new InputFileError(file, 0, `expected a readable label file: ${(err as Error).message}`);
  }
  return parseLabelCsv(text, file, known, allowed);
}
