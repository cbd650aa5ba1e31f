import { readFile } from 'node:fs/promises';
import { InputFileError } from '../errors.js';

/** A dataset file's text, or an InputFileError naming it (exit code 2). */
export async function readSource(file: string, expected: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new InputFileError(file, 0, `cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); expected ${expected}`);
  }
}

/** JSON text parsed, or an InputFileError with the line of the syntax error. */
export function parseJson(file: string, text: string, expected: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const m = /position (\d+)/.exec((err as Error).message);
    const line = m ? text.slice(0, Number(m[1])).split('\n').length : 0;
    throw new InputFileError(file, line, `expected ${expected}: ${(err as Error).message}`);
  }
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A probe-set id from free text: lower-case letters, digits and dashes. */
export function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}
