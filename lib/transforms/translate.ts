import { createHash } from 'node:crypto';
import { keyFor, readJournal, run, type CostFunction, type RetryPolicy } from '../runner/index.js';
import { isRefusal } from '../scorers/index.js';
import type { ModelParameters, Probe, Provider, ResponseRecord } from '../types.js';
import { translationMessages } from './instruction.js';
import { SCORING_LANGUAGE } from './languages.js';

/** One text to translate. */
export interface TranslationJob {
  text: string;
  from: string;
  to: string;
}

/** What became of a job: the translation, or why there is none. */
export type TranslationResult = { ok: true; text: string } | { ok: false; problem: string };

/**
 * Translator calls are made at temperature 0 (a translation should not vary by draw), with room for
 * a reply several times the prompt's length (scripts other than Latin take more tokens).
 */
export const TRANSLATOR_PARAMETERS: ModelParameters = { temperature: 0, maxTokens: 2048 };

/** How translator calls are made: the runner's own options (its retries, pacing and journal). */
export interface TranslateCallOptions {
  /** The translator; absent, only the journal is read (`bias-audit report` never calls a model). */
  translator?: Provider;
  /** The translator's spec, for the journal keys when only reading. */
  translatorId: string;
  /** The append-only translation journal (translations.jsonl in the run directory). */
  journalFile: string;
  concurrency?: number;
  retry?: RetryPolicy;
  timeoutMs?: number;
  signal?: AbortSignal;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** The translator's prices, and its share of the audit's cost limit (lib/audit/cost-share.ts). */
  costOf?: CostFunction;
  maxCostUsd?: number;
}

export function jobKey(job: TranslationJob): string {
  return `${job.from}\u0000${job.to}\u0000${job.text}`;
}

/**
 * Translate every distinct text once. The calls go through the runner (lib/runner): the same retry
 * policy, back-off, circuit breaker and append-only journal as the model's calls, keyed by
 * translator id, parameters and the instruction (which holds both languages and the text), so a
 * resumed run or `report` finds every translation already made and pays for none twice. Without a
 * translator only the journal is read.
 */
export async function translateAll(jobs: readonly TranslationJob[], opts: TranslateCallOptions): Promise<Map<string, TranslationResult>> {
  const distinct = new Map<string, TranslationJob>();
  for (const j of jobs) distinct.set(jobKey(j), j);
  const probes = [...distinct.values()].map(asProbe);
  const keyOf = keyFor({ id: opts.translator?.id ?? opts.translatorId }, TRANSLATOR_PARAMETERS);
  let records: ReadonlyMap<string, ResponseRecord>;
  if (opts.translator && probes.length > 0) {
    const summary = await run({
      provider: opts.translator,
      probes,
      samples: 1,
      parameters: TRANSLATOR_PARAMETERS,
      journalFile: opts.journalFile,
      ...(opts.concurrency === undefined ? {} : { concurrency: opts.concurrency }),
      ...(opts.retry === undefined ? {} : { retry: opts.retry }),
      ...(opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs }),
      ...(opts.signal === undefined ? {} : { signal: opts.signal }),
      ...(opts.sleep === undefined ? {} : { sleep: opts.sleep }),
      ...(opts.costOf === undefined ? {} : { costOf: opts.costOf }),
      ...(opts.maxCostUsd === undefined ? {} : { maxCostUsd: opts.maxCostUsd }),
    });
    records = summary.records;
  } else {
    records = readJournal(opts.journalFile).records;
  }
  const out = new Map<string, TranslationResult>();
  [...distinct.entries()].forEach(([key, job], i) => {
    const rec = records.get(keyOf(probes[i] as Probe, 0));
    out.set(key, resultOf(job, rec));
  });
  return out;
}

function resultOf(job: TranslationJob, rec: ResponseRecord | undefined): TranslationResult {
  const where = `${job.from} -> ${job.to}`;
  if (!rec || typeof rec.text !== 'string') return { ok: false, problem: `no translation (${where}) in the translation journal${rec?.error ? `: ${rec.error.message}` : ''}` };
  const text = unwrap(rec.text);
  if (text === '') return { ok: false, problem: `the translator returned an empty translation (${where})` };
  // A translator that declines to translate a request would put its own refusal in the prompt: not a
  // translation. Only checked out of English: a reply's back-translation may rightly read as a refusal.
  if (job.from === SCORING_LANGUAGE && isRefusal(text) && !isRefusal(job.text)) return { ok: false, problem: `the translator declined to translate (${where}): ${text.slice(0, 120)}` };
  return { ok: true, text };
}

/** The translation without the fence of the instruction, when the translator repeats it. */
function unwrap(text: string): string {
  const t = text.trim();
  const m = /^<text>\s*([\s\S]*?)\s*<\/text>$/.exec(t);
  return (m ? (m[1] as string) : t).trim();
}

/** A translator call as a runner probe; its id names the direction and the text's hash (for a person reading the journal). */
function asProbe(job: TranslationJob): Probe {
  const hash = createHash('sha256').update(job.text).digest('hex').slice(0, 12);
  return {
    id: `translate|${job.from}>${job.to}|${hash}`,
    template: 'translation',
    messages: translationMessages(job.text, job.from, job.to),
    context: {},
    attributes: {},
    groups: {},
    blocks: {},
  };
}
