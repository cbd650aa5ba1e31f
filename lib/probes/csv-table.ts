import { parse } from 'csv-parse/sync';
import type { ProbeSetIssue } from '../errors.js';

export interface CsvRow {
  /** 1-based line of the row in the file. */
  line: number;
  values: Record<string, string>;
}

export interface CsvTable {
  file: string;
  columns: string[];
  rows: CsvRow[];
}

/**
 * Read an attribute table: a header row, then one row per value. Every ragged row is reported
 * (not just the first), each with its line, so a person can fix the file in one pass.
 */
export function parseCsvTable(file: string, text: string): { table: CsvTable; issues: ProbeSetIssue[] } {
  const issues: ProbeSetIssue[] = [];
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (err) {
    const e = err as { lines?: number; message?: string };
    issues.push({ file, line: e.lines ?? 0, path: '(csv)', expected: 'valid CSV', received: e.message ?? String(err) });
    return { table: { file, columns: [], rows: [] }, issues };
  }
  const header = records[0];
  if (!header) {
    issues.push({ file, line: 1, path: '(csv)', expected: 'a header row and at least one data row', received: 'an empty file' });
    return { table: { file, columns: [], rows: [] }, issues };
  }
  const columns = header.record;
  const seen = new Set<string>();
  columns.forEach((c, i) => {
    if (c === '') issues.push({ file, line: header.info.lines, path: `column ${i + 1}`, expected: 'a column name', received: 'an empty header cell' });
    else if (seen.has(c)) issues.push({ file, line: header.info.lines, path: `column ${i + 1}`, expected: 'unique column names', received: `"${c}" twice` });
    seen.add(c);
  });
  const rows: CsvRow[] = [];
  for (const { record, info } of records.slice(1)) {
    if (record.length !== columns.length) {
      issues.push({
        file,
        line: info.lines,
        path: '(row)',
        expected: `${columns.length} fields (${columns.join(', ')})`,
        received: `${record.length} field${record.length === 1 ? '' : 's'}`,
      });
      continue;
    }
    const values: Record<string, string> = {};
    columns.forEach((c, i) => (values[c] = record[i] ?? ''));
    rows.push({ line: info.lines, values });
  }
  if (rows.length === 0 && issues.length === 0) {
    issues.push({ file, line: header.info.lines, path: '(csv)', expected: 'at least one data row', received: 'only a header' });
  }
  return { table: { file, columns, rows }, issues };
}
