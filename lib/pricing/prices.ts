/**
 * Prices of common OpenAI and Anthropic models, in US dollars per million tokens, standard tier,
 * without prompt caching. Both vendors bill their batch APIs at half these prices.
 *
 * Date and source: the figures are the vendors' list prices as published on their pricing pages,
 * OpenAI https://platform.openai.com/docs/pricing and Anthropic https://docs.anthropic.com/en/docs/about-claude/pricing,
 * as reproduced and dated 2026-03-21 by deploybase.ai ("OpenAI Pricing", "Claude API Pricing"),
 * cross-checked against chatgptpricing-akr.pages.dev/api-pricing and claudepricing.com/api;
 * compiled for bias-audit on 2026-11-25. Prices change: pass your own with `--prices FILE`
 * (see lib/pricing/load-prices.ts), which override these entry by entry.
 *
 * A model matches the longest entry its name starts with, so dated snapshots and aliases
 * (`gpt-4o-mini-2024-07-18`, `claude-3-5-haiku-latest`) find their family.
 */
export interface ModelPrice {
  /** USD per million input (prompt) tokens. */
  input: number;
  /** USD per million output (completion) tokens. */
  output: number;
  /** Multiplier of the batch API price. Default 0.5 (both vendors' published discount). */
  batchFactor?: number;
}

export const PRICES_AS_OF = '2026-03-21';

export const BUILTIN_PRICES: Readonly<Record<string, ModelPrice>> = {
  // OpenAI
  'openai:gpt-5.4': { input: 2.5, output: 15 },
  'openai:gpt-5.1': { input: 1.25, output: 10 },
  'openai:gpt-5': { input: 1.25, output: 10 },
  'openai:gpt-5-mini': { input: 0.25, output: 2 },
  'openai:gpt-5-nano': { input: 0.05, output: 0.4 },
  'openai:gpt-4.1': { input: 2, output: 8 },
  'openai:gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'openai:gpt-4.1-nano': { input: 0.1, output: 0.4 },
  'openai:gpt-4o': { input: 2.5, output: 10 },
  'openai:gpt-4o-mini': { input: 0.15, output: 0.6 },
  'openai:o3': { input: 2, output: 8 },
  'openai:o3-mini': { input: 1.1, output: 4.4 },
  'openai:o4-mini': { input: 1.1, output: 4.4 },
  // Anthropic
  'anthropic:claude-opus-4-6': { input: 5, output: 25 },
  'anthropic:claude-opus-4-5': { input: 5, output: 25 },
  'anthropic:claude-opus-4-1': { input: 15, output: 75 },
  'anthropic:claude-opus-4': { input: 15, output: 75 },
  'anthropic:claude-sonnet-4-6': { input: 3, output: 15 },
  'anthropic:claude-sonnet-4-5': { input: 3, output: 15 },
  'anthropic:claude-sonnet-4': { input: 3, output: 15 },
  'anthropic:claude-3-7-sonnet': { input: 3, output: 15 },
  'anthropic:claude-3-5-sonnet': { input: 3, output: 15 },
  'anthropic:claude-haiku-4-5': { input: 1, output: 5 },
  'anthropic:claude-3-5-haiku': { input: 0.8, output: 4 },
  'anthropic:claude-3-haiku': { input: 0.25, output: 1.25 },
  'anthropic:claude-3-opus': { input: 15, output: 75 },
};
