import { closeSync, existsSync, fsyncSync, openSync, readFileSync, truncateSync, writeSync } from 'node:fs';
import { InputFileError } from '../errors.js';
import type { ResponseRecord } from '../types.js';

export interface JournalContents {
  /** Successful records by key (the latest wins). */
  records: Map<string, ResponseRecord>;
  /** Records of failed calls, kept for diagnosis; a resumed run tries these calls again. */
  failures: number;
  /** Byte length of the complete lines: anything after it is a torn write from a crash. */
  validBytes: number;
  tornTail: boolean;
}

/**
 * Read an append-only journal (`responses.jsonl`). A last line without its newline, or one that is
 * not JSON, is what a killed process leaves behind: it is ignored (and cut off before appending).
 * A bad line anywhere else is damage a person must look at: exit 2 with file and line.
 */
export function readJournal(file: string): JournalContents {
  const records = new Map<string, ResponseRecord>();
  if (!existsSync(file)) return { records, failures: 0, validBytes: 0, tornTail: false };
  const text = readFileSync(file, 'utf8');
  // Every record is written with its newline in one write, so text after the last newline is torn.
  const end = text.lastIndexOf('\n') + 1;
  const tornTail = end < text.length;
  const lines = text.slice(0, end).split('\n');
  let failures = 0;
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let rec: ResponseRecord | undefined;
    try {
      rec = JSON.parse(line) as ResponseRecord;
    } catch {
      rec = undefined;
    }
    if (!rec || typeof rec.key !== 'string' || typeof rec.probeId !== 'string') {
      throw new InputFileError(file, i + 1, 'expected one JSON response record per line (the journal is damaged: move it aside to start the run over)');
    }
    if (typeof rec.text !== 'string') failures++;
    else records.set(rec.key, rec);
  });
  return { records, failures, validBytes: Buffer.byteLength(text.slice(0, end), 'utf8'), tornTail };
}

/** Appends whole records, one line per write, synced so that a crash loses at most the call in flight. */
export class JournalWriter {
  private fd: number;

  constructor(readonly file: string, validBytes?: number) {
    if (validBytes !== undefined && existsSync(file)) truncateSync(file, validBytes);
    this.fd = openSync(file, 'a');
  }

  append(record: ResponseRecord): void {
    // One write per line: an interrupted write can only tear the last line, which readJournal drops.
    writeSync(this.fd, `${JSON.stringify(record)}\n`);
  }

  close(): void {
    if (this.fd >= 0) {
      fsyncSync(this.fd);
      closeSync(this.fd);
      this.fd = -1;
    }
  }
}
