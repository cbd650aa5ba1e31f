import { InputFileError } from '../errors.js';

/** One CSV cell, quoted when it must be (RFC 4180). */
export function csvCell(value: string | number): string {
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Model text for a spreadsheet cell: a leading = + - @ would be run as a formula by Excel or
 * LibreOffice (CSV injection), so such text gets a leading apostrophe, which spreadsheets hide.
 */
export function inertText(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

export function toCsv(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export interface CsvRecord {
  /** 1-based line where the record starts (a quoted cell may span lines). */
  line: number;
  cells: string[];
}

/** RFC 4180 records with the line each starts on, for file:line errors. Blank lines are skipped. */
export function parseCsv(text: string, file: string): CsvRecord[] {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // spreadsheets write a BOM
  const out: CsvRecord[] = [];
  let line = 1;
  let start = 1;
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let wasQuoted = false;
  const endRecord = () => {
    cells.push(cell);
    if (!(cells.length === 1 && cells[0] === '' && !wasQuoted)) out.push({ line: start, cells });
    cells = [];
    cell = '';
    wasQuoted = false;
  };
  for (let i = 0; i < src.length; i++) {
    const c = src[i] as string;
    if (quoted) {
      if (c === '"') {
        if (src[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === '\n') line++;
        cell += c;
      }
      continue;
    }
    if (c === '"') {
      if (cell !== '') throw new InputFileError(file, line, 'expected a quote only at the start of a cell');
      quoted = true;
      wasQuoted = true;
    } else if (c === ',') {
      cells.push(cell);
      cell = '';
      wasQuoted = false;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      endRecord();
      line++;
      start = line;
    } else cell += c;
  }
  if (quoted) throw new InputFileError(file, start, 'expected a closing quote before the end of the file');
  if (cell !== '' || cells.length > 0 || wasQuoted) endRecord();
  return out;
}
