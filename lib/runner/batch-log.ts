import { closeSync, existsSync, openSync, readFileSync, truncateSync, writeSync } from 'node:fs';
import { InputFileError } from '../errors.js';

/**
 * The run directory's record of provider batches (`batches.jsonl`), append-only like the journal:
 * one event per line, written before the step it announces is relied upon, so that a process killed
 * at any point leaves enough for the next one to collect what was paid for.
 */
export type BatchEvent =
  /** About to submit these request keys as batch `seq`. */
  | { event: 'submitting'; seq: number; keys: string[]; at: string }
  /** The provider holds the requests under `stagedId` (OpenAI's input file) before the batch exists. */
  | { event: 'staged'; seq: number; stagedId: string }
  | { event: 'submitted'; seq: number; id: string; at: string }
  /** Every result of batch `id` is in the journal. */
  | { event: 'collected'; seq: number; id: string; at: string }
  /** The submission of `seq` never got an id and cannot be recovered; its keys are free again. */
  | { event: 'abandoned'; seq: number; at: string };

export interface BatchEntry {
  seq: number;
  keys: string[];
  stagedId?: string;
  id?: string;
  /** ISO time the provider accepted it. */
  submittedAt?: string;
  collected: boolean;
  abandoned: boolean;
}

/** Every batch of the log by sequence number, and the byte length of its whole lines. */
export function readBatchLog(file: string): { entries: BatchEntry[]; validBytes: number } {
  if (!existsSync(file)) return { entries: [], validBytes: 0 };
  const text = readFileSync(file, 'utf8');
  const end = text.lastIndexOf('\n') + 1; // a line without its newline is a torn write: ignored
  const bySeq = new Map<number, BatchEntry>();
  text
    .slice(0, end)
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '') return;
      const e = parse(line);
      if (!e) throw new InputFileError(file, i + 1, 'expected one JSON batch event per line (submitting, staged, submitted, collected, abandoned)');
      if (e.event === 'submitting') {
        bySeq.set(e.seq, { seq: e.seq, keys: e.keys, collected: false, abandoned: false });
        return;
      }
      const entry = bySeq.get(e.seq);
      if (!entry) throw new InputFileError(file, i + 1, `event ${e.event} for batch ${e.seq}, which was never submitted`);
      if (e.event === 'staged') entry.stagedId = e.stagedId;
      else if (e.event === 'submitted') {
        entry.id = e.id;
        entry.submittedAt = e.at;
      }
      else if (e.event === 'collected') entry.collected = true;
      else entry.abandoned = true;
    });
  return { entries: [...bySeq.values()].sort((a, b) => a.seq - b.seq), validBytes: Buffer.byteLength(text.slice(0, end), 'utf8') };
}

function parse(line: string): BatchEvent | undefined {
  try {
    const e = JSON.parse(line) as BatchEvent;
    if (typeof e !== 'object' || e === null || typeof e.seq !== 'number') return undefined;
    if (e.event === 'submitting') return Array.isArray(e.keys) && e.keys.every((k) => typeof k === 'string') ? e : undefined;
    if (e.event === 'staged') return typeof e.stagedId === 'string' ? e : undefined;
    if (e.event === 'submitted' || e.event === 'collected') return typeof e.id === 'string' ? e : undefined;
    return e.event === 'abandoned' ? e : undefined;
  } catch {
    return undefined;
  }
}

/** Appends events, one whole line per write. */
export class BatchLogWriter {
  private fd: number;

  constructor(file: string, validBytes: number) {
    if (existsSync(file)) truncateSync(file, validBytes);
    this.fd = openSync(file, 'a');
  }

  append(event: BatchEvent): void {
    writeSync(this.fd, `${JSON.stringify(event)}\n`);
  }

  close(): void {
    if (this.fd >= 0) {
      closeSync(this.fd);
      this.fd = -1;
    }
  }
}
