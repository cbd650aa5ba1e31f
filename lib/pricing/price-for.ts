import type { TokenUsage } from '../types.js';
import { BUILTIN_PRICES, type ModelPrice } from './prices.js';

/** Model spec (`openai:gpt-4o-mini`) or family prefix -> price. */
export type PriceTable = Readonly<Record<string, ModelPrice>>;

/** Where a price came from, for the dry run's and the report's wording. */
export interface PriceMatch {
  price: ModelPrice;
  /** The table entry that matched. */
  entry: string;
}

/**
 * The price of a model spec: the entry equal to it, else the longest entry it starts with followed
 * by `-` or `:` (`openai:gpt-4o-mini-2024-07-18` -> `openai:gpt-4o-mini`, never `openai:gpt-4o`).
 * `sim:` models cost nothing. Undefined when nothing matches (local and custom models).
 *
 * @example priceFor('anthropic:claude-3-5-haiku-latest')?.price // { input: 0.8, output: 4 }
 */
export function priceFor(spec: string, table: PriceTable = BUILTIN_PRICES): PriceMatch | undefined {
  if (spec.startsWith('sim:')) return { price: { input: 0, output: 0 }, entry: 'sim (synthetic, free)' };
  const exact = table[spec];
  if (exact) return { price: exact, entry: spec };
  let best: string | undefined;
  for (const entry of Object.keys(table)) {
    if (spec.length > entry.length && spec.startsWith(entry) && /[-:@]/.test(spec[entry.length] as string) && (!best || entry.length > best.length)) {
      best = entry;
    }
  }
  return best === undefined ? undefined : { price: table[best] as ModelPrice, entry: best };
}

/**
 * USD of one reply's usage: tokens x price per million, times the batch factor (0.5 unless the
 * table says otherwise) for batch calls.
 * @example costOf({ inputTokens: 1000, outputTokens: 10 }, { input: 0.15, output: 0.6 }) // 0.000156
 */
export function costOf(usage: TokenUsage, price: ModelPrice, opts: { batch?: boolean } = {}): number {
  const factor = opts.batch ? (price.batchFactor ?? 0.5) : 1;
  return ((usage.inputTokens * price.input + usage.outputTokens * price.output) / 1_000_000) * factor;
}
