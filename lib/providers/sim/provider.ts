/**
 * `sim:<profile>` as a Provider: a deterministic synthetic respondent, not a language model.
 */
import type { CompletionRequest, CompletionResponse, Provider } from '../../types.js';
import { loadSimProfile } from './load-profile.js';
import { loadNameTable } from './name-table.js';
import { respond } from './respond.js';
import { loadSafetyTables } from './safety.js';

export interface SimProviderOptions {
  /** Seeds every draw together with the messages and the sample index. */
  seed: number;
  /** Directory a profile path resolves against. */
  cwd: string;
}

export async function createSimProvider(profile: string, options: SimProviderOptions): Promise<Provider> {
  const loaded = await loadSimProfile(profile, options.cwd);
  const names = loadNameTable();
  // Only a safety profile reads the request tables, so `fair` and `biased` do exactly what they did.
  const safety = loaded.safety ? loadSafetyTables() : undefined;
  const id = `sim:${profile.startsWith('sim:') ? profile.slice(4) : profile}`;
  return {
    id,
    synthetic: true,
    async complete(request: CompletionRequest): Promise<CompletionResponse> {
      request.signal?.throwIfAborted();
      const reply = respond(loaded, names, { messages: request.messages, seed: options.seed, sampleIndex: request.sampleIndex ?? 0 }, safety);
      return {
        text: reply.text,
        model: id,
        usage: {
          inputTokens: tokens(request.messages.map((m) => m.content).join(' ')),
          outputTokens: tokens(reply.text),
        },
        finishReason: 'stop',
      };
    },
  };
}

/** Rough token count, about 1.3 tokens per English word (the usual rule of thumb for BPE tokenisers). */
function tokens(text: string): number {
  const words = text.split(/\s+/).filter((w) => w !== '').length;
  return Math.ceil(words * 1.3);
}
