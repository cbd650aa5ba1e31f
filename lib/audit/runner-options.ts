import { join, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { BUILTIN_PRICES, costOf as priceCost, loadPrices, priceFor, type PriceMatch, type PriceTable } from '../pricing/index.js';
import { parseModelSpec } from '../providers/index.js';
import { defaultCacheDir, readBatchLog, ResponseCache, type BatchModeOptions, type CostFunction } from '../runner/index.js';
import type { Provider } from '../types.js';

/** The scale-out options of an audit (AuditOptions' share of them), resolved for the runner. */
export interface ScaleOptions {
  model: string | Provider;
  baseUrl?: string;
  env?: Record<string, string | undefined>;
  cwd?: string;
  cache?: string | false;
  prices?: PriceTable | string;
  maxCost?: number;
  batch?: boolean | Omit<BatchModeOptions, 'logFile'>;
}

/** The batch log of a run directory. */
export const BATCH_LOG = 'batches.jsonl';

/**
 * The response cache an audit uses. For a model spec of a remote model (openai, anthropic,
 * openai-compatible) it is on by default, under the user's cache directory; a Provider object, a
 * `module:` or a synthetic model gets one only when asked (`cache: dir`): their replies may change
 * with code the key cannot see. `cache: false` turns it off. The scope separates servers: the same
 * model name on another base URL is another model.
 */
export function resolveCache(opts: ScaleOptions, provider: Provider): ResponseCache | undefined {
  if (opts.cache === false) return undefined;
  const env = opts.env ?? process.env;
  const spec = typeof opts.model === 'string' ? parseModelSpec(opts.model) : undefined;
  const remote = spec !== undefined && (spec.kind === 'openai' || spec.kind === 'anthropic' || spec.kind === 'openai-compatible');
  if (opts.cache === undefined && (!remote || provider.synthetic)) return undefined;
  const dir = opts.cache ?? defaultCacheDir(env);
  if (dir === undefined) return undefined;
  const base =
    opts.baseUrl ?? (spec?.kind === 'openai' ? env.OPENAI_BASE_URL : spec?.kind === 'anthropic' ? env.ANTHROPIC_BASE_URL : undefined);
  return new ResponseCache(resolve(opts.cwd ?? process.cwd(), dir), scopeOf(base));
}

/** A base URL as a cache scope: origin and path only (no user, password or query, which may hold a token). */
function scopeOf(url: string | undefined): string {
  if (url === undefined || url.trim() === '') return '';
  try {
    const u = new URL(url.trim());
    return `${u.origin}${u.pathname.replace(/\/+$/, '')}`;
  } catch {
    return '';
  }
}

/**
 * What a call costs for this model: the price table (built-in, with the user's file or table over
 * it) matched against the model spec. Undefined when the model has no price; then a cost limit is
 * a UsageError naming the model and the way to give its price.
 */
export async function resolvePricing(opts: ScaleOptions, provider: Provider): Promise<{ costOf?: CostFunction; match?: PriceMatch }> {
  const table =
    typeof opts.prices === 'string' ? await loadPrices(resolve(opts.cwd ?? process.cwd(), opts.prices))
    : { ...BUILTIN_PRICES, ...(opts.prices ?? {}) };
  const match = priceFor(provider.id, table);
  if (opts.maxCost !== undefined) {
    if (!(opts.maxCost >= 0) || !Number.isFinite(opts.maxCost)) throw new UsageError(`max cost must be a number of US dollars >= 0; got ${opts.maxCost}`);
    if (!match) {
      throw new UsageError(
        `no price is known for ${provider.id}, so a cost limit cannot be kept: give one in a price file (--prices FILE with "${provider.id}": { input: <USD per 1M tokens>, output: <USD per 1M tokens> })`,
      );
    }
  }
  if (!match) return {};
  return { costOf: (usage, o) => priceCost(usage, match.price, o), match };
}

/** Batch mode for the runner: asked for, or implied by batches an earlier process left running. */
export function resolveBatch(opts: ScaleOptions, outDir: string): BatchModeOptions | undefined {
  const logFile = join(outDir, BATCH_LOG);
  if (opts.batch === false) return undefined;
  if (opts.batch !== undefined) return { logFile, ...(opts.batch === true ? {} : opts.batch) };
  const pending = readBatchLog(logFile).entries.some((e) => !e.collected && !e.abandoned);
  return pending ? { logFile } : undefined;
}
