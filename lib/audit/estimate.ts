import { join } from 'node:path';
import { UsageError } from '../errors.js';
import type { PriceMatch } from '../pricing/index.js';
import { expand, loadProbeSet, sampleProbes } from '../probes/index.js';
import { parseModelSpec } from '../providers/index.js';
import { ASSUMED_MAX_OUTPUT_TOKENS, estimatePromptTokens, estimateRun, keyFor, readJournal, shardProbes, type CostFunction, type ResponseCache, type RunEstimate } from '../runner/index.js';
import type { ModelParameters, Probe, Provider, ResponseRecord } from '../types.js';
import { estimateJudge, JUDGE_JOURNAL, judgeParameters, planJudge } from '../judge/index.js';
import { estimateTranslation, readTranslatedRun, TRANSLATION_FILE, translationLanguages, TRANSLATOR_PARAMETERS } from '../transforms/index.js';
import type { AuditOptions } from './audit.js';
import { readRunDir, RUN_FILES } from './run-dir.js';
import { resolveCache, resolvePricing, type ScaleOptions } from './runner-options.js';

/** The dry run of an audit: what `audit()` with the same options would call and cost. */
export interface AuditEstimate extends RunEstimate {
  model: string;
  /** The price-table entry used, when the model has a price. */
  price?: PriceMatch;
  /** The journal looked at (a run directory being resumed), if any. */
  journal?: string;
  /** The judge's calls (`judge`): its own model and prices. */
  judge?: SecondModelEstimate;
  /** The translator's calls (a set that sends prompts translated). */
  translator?: SecondModelEstimate;
  /** The model's, the translator's and the judge's calls together. */
  total: AuditTotal;
}

/** A second model's share of a dry run (never batched: only the audited model's calls are). */
export interface SecondModelEstimate extends RunEstimate {
  model: string;
  price?: PriceMatch;
  /** How its calls were counted, for a person reading the estimate. */
  basis: string;
}

export interface AuditTotal {
  calls: number;
  toMake: number;
  inputTokens: number;
  maxOutputTokens: number;
  /** US dollars at most, of the parts whose price is known; `unpriced` names the others. */
  upToUsd: number;
  spentUsd: number;
  /** Models without a price: their part of the cost is unknown and not in `upToUsd`. */
  unpriced: string[];
}

/**
 * `run --dry-run`: the number of calls, their estimated tokens and cost, for the same options as
 * audit(), without calling the model or needing its API key. Calls already in the run directory's
 * journal (when `outDir` names an existing run) or in the response cache are counted apart.
 * It follows audit()'s own steps: probe sampling, shard, parameters, translation. A judge's and a
 * translator's calls are counted apart, at their own models' prices (lib/judge/estimate.ts,
 * lib/transforms/estimate.ts), with the total of all three.
 */
export async function estimateAudit(opts: AuditOptions): Promise<AuditEstimate> {
  const probeSet = typeof opts.probeSet === 'string' ? await loadProbeSet(opts.probeSet) : opts.probeSet;
  const seed = opts.seed ?? 0;
  const samples = opts.samples ?? probeSet.samples;
  if (!Number.isInteger(samples) || samples < 1) throw new UsageError(`samples must be a whole number of at least 1; got ${samples}`);
  // No provider is made: that would need the API key, and a dry run must work before one is set.
  const provider: Provider =
    typeof opts.model === 'string'
      ? { id: modelId(opts.model), complete: () => Promise.reject(new Error('a dry run makes no call')) }
      : opts.model;
  const parameters: ModelParameters = { ...probeSet.parameters, ...opts.parameters };
  if (parameters.seed === undefined) parameters.seed = seed;
  const all = expand(probeSet);
  const kept = opts.maxProbes === undefined ? all : sampleProbes(all, { maxProbes: opts.maxProbes, seed }).probes;
  const probes = opts.shard ? shardProbes(kept, opts.shard) : kept;
  const { costOf, match } = await resolvePricing({ ...opts, maxCost: undefined }, provider);
  const prior = opts.outDir ? await readRunDir(opts.outDir) : undefined;
  const journal = prior ? join(opts.outDir as string, RUN_FILES.journal) : undefined;
  const cache = resolveCache(opts, provider);
  // A translated probe is sent in its translation: its call is known only once the translation is in
  // the run's translation journal; until then it is counted as to make, at its English prompt's size.
  const translationRun = probes.some((p) => p.translate) && prior?.manifest.translator ? readTranslatedRun(probes, prior.manifest.translator, opts.outDir as string) : undefined;
  const sent = translationRun ? await translationRun.translatePrompts() : probes.filter((p) => !p.translate);
  const sentIds = new Set(sent.map((p) => p.id));
  const untranslated = probes.filter((p) => !sentIds.has(p.id));
  const matched = estimateRun({
    provider,
    probes: sent,
    samples,
    parameters,
    journalFile: journal ?? '',
    ...(cache ? { cache } : {}),
    ...(costOf ? { costOf } : {}),
    batch: opts.batch !== undefined && opts.batch !== false,
  });
  const estimate = withUnmatched(matched, untranslated, samples, parameters, costOf);
  const modelPart = { ...estimate, model: provider.id, ...(match ? { price: match } : {}), ...(journal ? { journal } : {}) };
  // A reply not made yet is at most maxTokens long: the worst case of what a judge or translator reads.
  const replyCap = parameters.maxTokens ?? ASSUMED_MAX_OUTPUT_TOKENS;
  const keyOf = keyFor(provider, parameters);
  const dir = journal ? (opts.outDir as string) : undefined;
  const received = journal ? readJournal(journal).records : new Map<string, ResponseRecord>();
  // A translated probe's reply, found under the key of the probe as it was sent (its translation).
  const sentById = new Map(sent.map((p) => [p.id, p]));
  const replyOf = (probe: Probe, sample: number): string | undefined => {
    const as = sentById.get(probe.id);
    const text = as ? received.get(keyOf(as, sample))?.text : undefined;
    return typeof text === 'string' ? text : undefined;
  };
  const readable = translationRun ? await translationRun.translateReplies(received, keyOf, samples) : undefined;
  const translator = opts.translator === undefined || translationLanguages(probes).length === 0 ? undefined : await secondModel(opts, opts.translator, opts.translatorBaseUrl, (id, costOf, cache) => ({
    ...estimateTranslation({ translatorId: id, probes, samples, replyCap, replyOf, journalFile: dir ? join(dir, TRANSLATION_FILE) : '', ...(cache ? { cache } : {}), ...(costOf ? { costOf } : {}) }),
    basis: `one call per distinct text to translate, and at most one per reply to translate back (a reply of ${replyCap} tokens, the model's max tokens; up to ${TRANSLATOR_PARAMETERS.maxTokens} tokens per translation)`,
  }));
  const judgePlan = opts.judge === undefined ? undefined : planJudge(probeSet, opts);
  const judge = judgePlan === undefined ? undefined : await secondModel(opts, opts.judge as string | Provider, opts.judgeBaseUrl, (id, costOf, cache) => ({
    ...estimateJudge({
      judgeId: id,
      rubricText: judgePlan.rubric.text,
      calibration: judgePlan.chosen.rows,
      probes,
      samples,
      // The judge reads what the analysis reads: a translated reply in its back-translation, when the run has it.
      replies: readable?.records ?? received,
      keyOf: readable?.keyOf ?? ((p, s) => (p.translate ? undefined : keyOf(p, s))),
      replyCap,
      parameters: judgeParameters(opts),
      journalFile: dir ? join(dir, JUDGE_JOURNAL) : '',
      ...(cache ? { cache } : {}),
      ...(costOf ? { costOf } : {}),
    }),
    basis: `one call per distinct (request, reply) (a reply not made yet counted at the model's max tokens, ${replyCap}) and per labelled row (${judgePlan.chosen.rows.length}); ${judgeParameters(opts).maxTokens} tokens per verdict at most`,
  }));
  const parts = [modelPart, ...(translator ? [translator] : []), ...(judge ? [judge] : [])];
  const total: AuditTotal = {
    calls: sum(parts.map((p) => p.calls)),
    toMake: sum(parts.map((p) => p.toMake)),
    inputTokens: sum(parts.map((p) => p.inputTokens)),
    maxOutputTokens: sum(parts.map((p) => p.maxOutputTokens)),
    upToUsd: sum(parts.map((p) => p.cost?.upToUsd ?? 0)),
    spentUsd: sum(parts.map((p) => p.cost?.spentUsd ?? 0)),
    unpriced: parts.filter((p) => !p.cost && p.toMake > 0).map((p) => p.model),
  };
  return { ...modelPart, ...(translator ? { translator } : {}), ...(judge ? { judge } : {}), total };
}

/** A judge's or translator's estimate at its own prices and with its own response cache; no provider is made. */
async function secondModel(
  opts: AuditOptions,
  model: string | Provider,
  baseUrl: string | undefined,
  estimate: (id: string, costOf: CostFunction | undefined, cache: ResponseCache | undefined) => Omit<SecondModelEstimate, 'model' | 'price'>,
): Promise<SecondModelEstimate> {
  const provider: Provider = typeof model === 'string' ? { id: modelId(model), complete: () => Promise.reject(new Error('a dry run makes no call')) } : model;
  const scale = { model, ...(baseUrl === undefined ? {} : { baseUrl }), ...pick(opts) };
  const { costOf, match } = await resolvePricing(scale, provider);
  const cache = resolveCache(scale, provider);
  return { ...estimate(provider.id, costOf, cache), model: provider.id, ...(match ? { price: match } : {}) };
}

function pick(opts: AuditOptions): Omit<ScaleOptions, 'model'> {
  return {
    ...(opts.env === undefined ? {} : { env: opts.env }),
    ...(opts.cwd === undefined ? {} : { cwd: opts.cwd }),
    ...(opts.cache === undefined ? {} : { cache: opts.cache }),
    ...(opts.prices === undefined ? {} : { prices: opts.prices }),
  };
}

/** The estimate with calls that cannot be looked up yet (prompts not translated yet) added as to make. */
function withUnmatched(e: RunEstimate, probes: readonly Probe[], samples: number, parameters: ModelParameters, costOf: CostFunction | undefined): RunEstimate {
  if (probes.length === 0) return e;
  const calls = probes.length * samples;
  const inputTokens = e.inputTokens + samples * sum(probes.map((p) => estimatePromptTokens(p.messages)));
  const maxOutputTokens = e.maxOutputTokens + calls * (parameters.maxTokens ?? ASSUMED_MAX_OUTPUT_TOKENS);
  const toMake = e.toMake + calls;
  const expectedOutputTokens = e.expectedOutputTokens === undefined || e.toMake === 0 ? undefined : Math.round((e.expectedOutputTokens / e.toMake) * toMake);
  const out: RunEstimate = { ...e, calls: e.calls + calls, toMake, inputTokens, maxOutputTokens };
  delete out.expectedOutputTokens;
  if (expectedOutputTokens !== undefined) out.expectedOutputTokens = expectedOutputTokens;
  if (costOf && e.cost) {
    const batch = e.cost.batch;
    out.cost = {
      upToUsd: costOf({ inputTokens, outputTokens: maxOutputTokens }, { batch }),
      ...(expectedOutputTokens === undefined ? {} : { expectedUsd: costOf({ inputTokens, outputTokens: expectedOutputTokens }, { batch }) }),
      spentUsd: e.cost.spentUsd,
      batch,
    };
  }
  return out;
}

function sum(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

/** The id createProvider would give the spec (`openai:gpt-4o-mini`, `sim:fair` ...). */
function modelId(spec: string): string {
  const { kind, model } = parseModelSpec(spec);
  return kind === 'sim' && model.startsWith('sim:') ? model : `${kind}:${model}`;
}
