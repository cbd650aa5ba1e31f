import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
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
  return parseLabelCsv(await readText(file), file, known, allowed);
}

/**
 * Read one reviewer's label file, CSV or JSON (the labelling page's two downloads): `.json` and
 * `.csv` decide by extension; any other name by content (a file starting with `[` or `{` is JSON).
 */
export async function readLabelFile(file: string, known: ReadonlySet<string>, allowed: readonly string[]): Promise<LabelFile> {
  const text = await readText(file);
  const ext = extname(file).toLowerCase();
  const json = ext === '.json' || (ext !== '.csv' && /^\uFEFF?\s*[[{]/.test(text));
  return json ? parseLabelJson(text, file, known, allowed) : parseLabelCsv(text, file, known, allowed);
}

/**
 * One reviewer's labels as the labelling page's JSON download writes them: an array of
 * `{ "review_id": "r-…", "human_label": "yes" | null }`, with the row's sampling `weight` when the
 * page wrote it (1 otherwise, as for a CSV without a weight column). The same rules as the CSV:
 * only these keys are read, unknown or repeated ids and labels outside `allowed` are errors, and a
 * null or empty label counts as not yet labelled. Errors name the file, the line and the entry
 * (`entries[12]`); a file that is not JSON gets the parser's position as file:line:column.
 */
export function parseLabelJson(text: string, file: string, known: ReadonlySet<string>, allowed: readonly string[]): LabelFile {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let doc: unknown;
  try {
    doc = JSON.parse(src);
  } catch (err) {
    const { line, column } = jsonErrorPosition(src, (err as Error).message);
    throw new JsonPositionError(file, line, column, `expected JSON (the labelling page's download): ${(err as Error).message}`);
  }
  if (!Array.isArray(doc)) {
    throw new InputFileError(file, 1, `expected an array of {"review_id", "human_label"} entries (the labelling page's JSON download); got ${doc === null ? 'null' : typeof doc}`);
  }
  const lines = entryLines(src);
  const seen = new Map<string, number>();
  const labels: HumanLabel[] = [];
  let unlabelled = 0;
  doc.forEach((entry: unknown, i) => {
    const line = lines[i] ?? 1;
    const at = (detail: string) => new InputFileError(file, line, `entries[${i}]: ${detail}`);
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) throw at(`expected an object {"review_id", "human_label"}; got ${JSON.stringify(entry)}`);
    const e = entry as Record<string, unknown>;
    if (typeof e['review_id'] !== 'string') throw at(`review_id: expected a string; got ${JSON.stringify(e['review_id'])}`);
    const id = e['review_id'].trim();
    if (!known.has(id)) throw at(`review_id: expected a review id of this run (from its review sample); got ${JSON.stringify(id)}`);
    const before = seen.get(id);
    if (before !== undefined) throw at(`review_id: ${id} was already labelled in entries[${before}]`);
    seen.set(id, i);
    const raw = e['human_label'];
    if (raw !== null && raw !== undefined && typeof raw !== 'string') throw at(`human_label: expected one of ${allowed.join(', ')} or null; got ${JSON.stringify(raw)}`);
    const label = (raw ?? '').trim();
    if (label === '') {
      unlabelled++;
      return;
    }
    if (!allowed.includes(label)) throw at(`human_label: expected one of ${allowed.join(', ')} (or null); got ${JSON.stringify(label)}`);
    const w = e['weight'] === undefined ? 1 : e['weight'];
    if (!(typeof w === 'number' && Number.isFinite(w) && w > 0)) throw at(`weight: expected a positive number; got ${JSON.stringify(e['weight'])}`);
    labels.push({ id, label, weight: w, file, line });
  });
  return { file, labels, unlabelled };
}

/** An InputFileError whose message is file:line:column, as editors and compilers write it. */
class JsonPositionError extends InputFileError {
  constructor(
    file: string,
    line: number,
    readonly column: number,
    detail: string,
  ) {
    super(file, line, detail);
    this.message = `${file}:${line}:${column}: ${detail}`;
  }
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new InputFileError(file, 0, `expected a readable label file: ${(err as Error).message}`);
  }
}

/**
 * Line and column of a JSON.parse error. V8 says "at position N" (Node 20), newer versions add
 * "(line L column C)"; "Unexpected end of JSON input" means the end of the text.
 */
function jsonErrorPosition(text: string, message: string): { line: number; column: number } {
  const lc = /\(line (\d+) column (\d+)\)/.exec(message);
  if (lc) return { line: Number(lc[1]), column: Number(lc[2]) };
  const pos = /position (\d+)/.exec(message);
  const offset = pos ? Number(pos[1]) : text.length;
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1 };
}

/** The line on which each element of a top-level JSON array starts (the text is known to parse). */
function entryLines(text: string): number[] {
  const out: number[] = [];
  let depth = 0;
  let line = 1;
  let inString = false;
  let expectEntry = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '\n') line++;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (expectEntry && !/\s/.test(c) && c !== ']') {
      out.push(line);
      expectEntry = false;
    }
    if (c === '"') inString = true;
    else if (c === '[' || c === '{') {
      depth++;
      if (depth === 1 && c === '[') expectEntry = true;
    } else if (c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 1) expectEntry = true;
  }
  return out;
}
