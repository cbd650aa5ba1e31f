import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputFileError } from '../errors.js';
import type { LabelQualityRecord } from '../types.js';

/** Written by `bias-audit review DIR --import` (lib/review); its `labelQuality` goes into results.json and the report. */
export const REVIEW_RESULTS_FILE = 'review-results.json';

/**
 * The label quality record of a run directory's human review, or undefined when no review was
 * imported. Read here rather than computed, so regenerating a report needs no label file and
 * lib/audit does not depend on lib/review.
 */
export async function readLabelQuality(dir: string): Promise<LabelQualityRecord | undefined> {
  const doc = await readReviewResults(dir);
  const lq = typeof doc === 'object' && doc !== null ? (doc as { labelQuality?: unknown }).labelQuality : undefined;
  // A review-results.json from before label quality was recorded: import the labels again to get it.
  if (typeof lq !== 'object' || lq === null || !Array.isArray((lq as { corrected?: unknown }).corrected)) return undefined;
  return lq as LabelQualityRecord;
}

/**
 * review-results.json of a run directory as parsed JSON (its fields unchecked), or undefined when no
 * review was imported. A file that is not JSON is bad input, named with what was expected.
 */
export async function readReviewResults(dir: string): Promise<unknown> {
  const file = join(dir, REVIEW_RESULTS_FILE);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(await readFile(file, 'utf8')) as unknown;
  } catch (err) {
    throw new InputFileError(file, 0, `expected the JSON that bias-audit review --import writes: ${(err as Error).message}`);
  }
}
