import type { ChatMessage, ModelParameters, Probe, Provider } from '../types.js';
import type { CostFunction } from './budget.js';
import type { ResponseCache } from './cache.js';
import { scanJournal } from './journal.js';
import { recordCost } from './ledger.js';
import { requestKey } from './key.js';
import { keyFor } from './run.js';
import { ASSUMED_MAX_OUTPUT_TOKENS, estimatePromptTokens } from './tokens.js';
import { callAt, planWork } from './work.js';

export interface EstimateOptions {
  provider: Pick<Provider, 'id'>;
  probes: readonly Probe[];
  samples: number;
  parameters: ModelParameters;
  journalFile: string;
  cache?: ResponseCache;
  costOf?: CostFunction;
  /** Price the calls at the provider's batch price. */
  batch?: boolean;
}

/** What a run would do and cost, found without calling the model (`run --dry-run`). */
export interface RunEstimate {
  /** Distinct calls of the audit. */
  calls: number;
  fromJournal: number;
  fromCache: number;
  /** Calls the run would make. */
  toMake: number;
  /** Prompt tokens of the calls to make (estimated: see estimatePromptTokens). */
  inputTokens: number;
  /** Reply tokens at most: `maxTokens` (or the assumed cap) per call. */
  maxOutputTokens: number;
  /** Reply tokens expected from the replies already journalled or cached, when there are any. */
  expectedOutputTokens?: number;
  /** US dollars, when prices are known: at most (every reply at its cap), expected, and already spent. */
  cost?: { upToUsd: number; expectedUsd?: number; spentUsd: number; batch: boolean };
}

/**
 * The dry run: which calls the journal and the cache already answer, how many tokens the rest take,
 * and what they would cost. Reads the journal and probes the cache; makes no call.
 */
export function estimateRun(opts: EstimateOptions): RunEstimate {
  const keyOf = keyFor(opts.provider, opts.parameters);
  const done = new Set<string>();
  let spentUsd = 0;
  let observedOutput = 0;
  let observed = 0;
  scanJournal(opts.journalFile, (rec) => {
    if (typeof rec.text !== 'string') return;
    done.add(rec.key);
    if (opts.costOf) spentUsd += recordCost(rec, opts.costOf);
    if (rec.usage) {
      observedOutput += rec.usage.outputTokens;
      observed++;
    }
  });
  const plan = planWork(opts.probes, opts.samples, keyOf, (k) => done.has(k));
  done.clear();
  const cap = opts.parameters.maxTokens ?? ASSUMED_MAX_OUTPUT_TOKENS;
  let fromCache = 0;
  let inputTokens = 0;
  for (const flat of plan.pending) {
    const { probe, sample } = callAt(opts.probes, opts.samples, flat);
    if (opts.cache?.has(keyOf(probe, sample))) fromCache++;
    else inputTokens += estimatePromptTokens(probe.messages);
  }
  const toMake = plan.pending.length - fromCache;
  const maxOutputTokens = toMake * cap;
  const expectedOutputTokens = observed > 0 ? Math.round((observedOutput / observed) * toMake) : undefined;
  const batch = opts.batch ?? false;
  const estimate: RunEstimate = {
    calls: plan.total,
    fromJournal: plan.fromJournal,
    fromCache,
    toMake,
    inputTokens,
    maxOutputTokens,
    ...(expectedOutputTokens === undefined ? {} : { expectedOutputTokens }),
  };
  if (opts.costOf) {
    const costOf = opts.costOf;
    const price = (output: number) => costOf({ inputTokens, outputTokens: output }, { batch });
    estimate.cost = {
      upToUsd: price(maxOutputTokens),
      ...(expectedOutputTokens === undefined ? {} : { expectedUsd: price(expectedOutputTokens) }),
      spentUsd,
      batch,
    };
  }
  return estimate;
}

/**
 * One call of a second model (a judge, a translator) for the dry run: its messages when they are
 * known now, or only its prompt's token count when they depend on a reply not yet made.
 */
export type PlannedCall = { messages: readonly ChatMessage[] } | { promptTokens: number };

export interface CallsEstimateOptions {
  provider: Pick<Provider, 'id'>;
  calls: readonly PlannedCall[];
  parameters: ModelParameters;
  journalFile: string;
  cache?: ResponseCache;
  costOf?: CostFunction;
}

/**
 * The dry run of calls given one by one. A call whose messages are known is counted once (by its
 * request key, as run() does) and looked up in the journal and the cache; a call known only by its
 * size is counted as to make: it cannot be matched, so the figure is a ceiling.
 */
export function estimateCalls(opts: CallsEstimateOptions): RunEstimate {
  const done = new Set<string>();
  let spentUsd = 0;
  scanJournal(opts.journalFile, (rec) => {
    if (typeof rec.text !== 'string') return;
    done.add(rec.key);
    if (opts.costOf) spentUsd += recordCost(rec, opts.costOf);
  });
  const seen = new Set<string>();
  let calls = 0;
  let fromJournal = 0;
  let fromCache = 0;
  let inputTokens = 0;
  for (const call of opts.calls) {
    if ('promptTokens' in call) {
      calls++;
      inputTokens += call.promptTokens;
      continue;
    }
    // The key run() gives a one-sample call of these messages.
    const key = requestKey(opts.provider.id, opts.parameters, call.messages, 0);
    if (seen.has(key)) continue;
    seen.add(key);
    calls++;
    if (done.has(key)) fromJournal++;
    else if (opts.cache?.has(key)) fromCache++;
    else inputTokens += estimatePromptTokens(call.messages);
  }
  const toMake = calls - fromJournal - fromCache;
  const maxOutputTokens = toMake * (opts.parameters.maxTokens ?? ASSUMED_MAX_OUTPUT_TOKENS);
  const estimate: RunEstimate = { calls, fromJournal, fromCache, toMake, inputTokens, maxOutputTokens };
  if (opts.costOf) estimate.cost = { upToUsd: opts.costOf({ inputTokens, outputTokens: maxOutputTokens }, { batch: false }), spentUsd, batch: false };
  return estimate;
}
