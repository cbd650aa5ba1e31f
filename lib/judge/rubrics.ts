/**
 * The rubrics a probe set's `outcome.rubric` may name, and custom rubric text. A rubric is the judge's
 * system message; its verdict words are fixed by the outcome type (REFUSED / ANSWERED for `refusal`),
 * so a custom text must ask for exactly those words or parseVerdict would read every answer as unclear.
 */
import { createHash } from 'node:crypto';
import { REFUSAL_RUBRIC } from '../scorers/index.js';

export interface Rubric {
  /** A built-in rubric's name, or `custom`. */
  name: string;
  text: string;
  sha256: string;
}

/** Built-in rubrics by name. Only refusal for now; another outcome type would add its own here. */
export const RUBRICS: Readonly<Record<string, string>> = { refusal: REFUSAL_RUBRIC };

/** The rubric a probe set asks for: a built-in name (default `refusal`) or the text itself. */
export function resolveRubric(rubric: string | undefined): Rubric {
  const given = rubric ?? 'refusal';
  const builtIn = RUBRICS[given.trim()];
  const name = builtIn === undefined ? 'custom' : given.trim();
  const text = builtIn ?? given;
  return { name, text, sha256: createHash('sha256').update(text).digest('hex') };
}
