import { closeSync, existsSync, fsyncSync, openSync, readSync, truncateSync, writeSync } from 'node:fs';
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

export interface JournalScan {
  failures: number;
  validBytes: number;
  tornTail: boolean;
}

/** Bytes read at a time: the journal is streamed, never held whole (100k replies are tens of MB). */
const CHUNK = 1 << 20;

/**
 * Read an append-only journal (`responses.jsonl`). A last line without its newline, or one that is
 * not JSON, is what a killed process leaves behind: it is ignored (and cut off before appending).
 * A bad line anywhere else is damage a person must look at: exit 2 with file and line.
 */
export function readJournal(file: string): JournalContents {
  const records = new Map<string, ResponseRecord>();
  const scan = scanJournal(file, (rec) => {
    if (typeof rec.text === 'string') records.set(rec.key, rec);
  });
  return { records, ...scan };
}

/**
 * Visit every whole record of a journal in order, successful or failed, reading it in chunks so
 * that memory does not grow with its length. Same torn-tail and damage rules as readJournal.
 */
export function scanJournal(file: string, visit: (record: ResponseRecord, line: number) => void): JournalScan {
  if (!existsSync(file)) return { failures: 0, validBytes: 0, tornTail: false };
  const fd = openSync(file, 'r');
  const buffer = Buffer.alloc(CHUNK);
  let carry = Buffer.alloc(0);
  let line = 0;
  let validBytes = 0;
  let failures = 0;
  try {
    for (;;) {
      const n = readSync(fd, buffer, 0, CHUNK, null);
      if (n === 0) break;
      let data = carry.length === 0 ? buffer.subarray(0, n) : Buffer.concat([carry, buffer.subarray(0, n)]);
      // Every record is written with its newline in one write, so bytes after the last newline are torn (or still to come).
      for (let nl = data.indexOf(0x0a); nl >= 0; nl = data.indexOf(0x0a)) {
        line++;
        const text = data.subarray(0, nl).toString('utf8');
        validBytes += nl + 1;
        data = data.subarray(nl + 1);
        if (text.trim() === '') continue;
        const rec = parseRecord(text);
        if (!rec) {
          throw new InputFileError(file, line, 'expected one JSON response record per line (the journal is damaged: move it aside to start the run over)');
        }
        if (typeof rec.text !== 'string') failures++;
        visit(rec, line);
      }
      carry = Buffer.from(data);
    }
  } finally {
    closeSync(fd);
  }
  return { failures, validBytes, tornTail: carry.length > 0 };
}

function parseRecord(text: string): ResponseRecord | undefined {
  let rec: ResponseRecord | undefined;
  try {
    rec = JSON.parse(text) as ResponseRecord;
  } catch {
    return undefined;
  }
  return rec && typeof rec === 'object' && typeof rec.key === 'string' && typeof rec.probeId === 'string' ? rec : undefined;
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
