import type { ChatMessage } from '../types.js';

/**
 * Tokens a prompt will take, estimated without the model's tokenizer: a quarter of the characters
 * (OpenAI's rule of thumb for English, help.openai.com "What are tokens and how to count them?"),
 * plus the chat format's overhead of about 3 tokens per message and 3 to prime the reply (OpenAI
 * cookbook, "How to count tokens with tiktoken"). Good to about 10-20% on English prompts; used for
 * pacing, budgets and dry runs, never for billing, which uses the usage the provider reports.
 */
export function estimatePromptTokens(messages: readonly ChatMessage[]): number {
  let chars = 0;
  for (const m of messages) chars += m.content.length;
  return Math.ceil(chars / 4) + 3 * messages.length + 3;
}

/**
 * The reply's tokens assumed when the parameters set no `maxTokens`: the Anthropic provider's own
 * default `max_tokens`, so an upper bound for it and a generous one for a yes/no or a number.
 */
export const ASSUMED_MAX_OUTPUT_TOKENS = 512;
