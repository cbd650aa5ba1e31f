/**
 * The first names `sim` recognises, with the race/ethnicity and gender each signals: the same table
 * the built-in probe sets use (probes/attributes/first-names.csv), so a name cue means to `sim` what
 * it means to a report.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { InputFileError } from '../../errors.js';
import { simPackageRoot } from './package-root.js';

export interface NameCue {
  race: string;
  gender: string;
}

/** Capitalised name -> groups. */
export type NameTable = ReadonlyMap<string, NameCue>;

export function defaultNameTableFile(): string {
  return join(simPackageRoot(), 'probes', 'attributes', 'first-names.csv');
}

export function loadNameTable(file: string = defaultNameTableFile()): NameTable {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputFileError(file, 0, `cannot read the name table sim uses (${(err as Error).message}); expected a CSV with columns name, race, gender`);
  }
  const rows = parse(text, { columns: true, skip_empty_lines: true }) as Record<string, string | undefined>[];
  const table = new Map<string, NameCue>();
  rows.forEach((row, i) => {
    const { name, race, gender } = row;
    if (!name || !race || !gender) {
      throw new InputFileError(file, i + 2, `expected name, race and gender, got ${JSON.stringify(row)}`);
    }
    table.set(name, { race, gender });
  });
  return table;
}
