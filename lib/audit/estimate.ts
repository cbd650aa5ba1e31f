import { join } from 'node:path';
import { UsageError } from '../errors.js';
import type { PriceMatch } from '../pricing/index.js';
import { expand, loadProbeSet, sampleProbes } from '../probes/index.js';
import { parseModelSpec } from '../providers/index.js';
import { estimateRun, shardProbes, type RunEstimate } from '../runner/index.js';
import type { ModelParameters, Provider } from '../types.js';
import type { AuditOptions } from './audit.js';
import { readRunDir, RUN_FILES } from './run-dir.js';
import { resolveCache, resolvePricing } from './runner-options.js';

/** The dry run of an audit: what `audit()` with the same options would call and cost. */
export interface AuditEstimate extends RunEstimate {
  model: string;
  /** The price-table entry used, when the model has a price. */
  price?: PriceMatch;
  /** The journal looked at (a run directory being resumed), if any. */
  journal?: string;
}

/**
 * `run --dry-run`: the number of calls, their estimated tokens and cost, for the same options as
 * audit(), without calling the model or needing its API key. Calls already in the run directory's
 * journal (when `outDir` names an existing run) or in the response cache are counted apart.
 * It follows audit()'s own steps: probe sampling, shard, parameters.
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
  const journal = opts.outDir && (await readRunDir(opts.outDir)) ? join(opts.outDir, RUN_FILES.journal) : undefined;
  const cache = resolveCache(opts, provider);
  const estimate = estimateRun({
    provider,
    probes,
    samples,
    parameters,
    journalFile: journal ?? '',
    ...(cache ? { cache } : {}),
    ...(costOf ? { costOf } : {}),
    batch: opts.batch !== undefined && opts.batch !== false,
  });
  return { ...estimate, model: provider.id, ...(match ? { price: match } : {}), ...(journal ? { journal } : {}) };
}

/** The id createProvider would give the spec (`openai:gpt-4o-mini`, `sim:fair` ...). */
function modelId(spec: string): string {
  const { kind, model } = parseModelSpec(spec);
  return kind === 'sim' && model.startsWith('sim:') ? model : `${kind}:${model}`;
}
