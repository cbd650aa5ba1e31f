import Anthropic from '@anthropic-ai/sdk';
import type { Message, MessageCreateParamsNonStreaming, MessageParam } from '@anthropic-ai/sdk/resources/messages';

import type { CompletionRequest, CompletionResponse, ModelParameters, Provider } from '../types.js';
import { createAnthropicBatchApi } from './anthropic-batch.js';
import { toProviderError } from './errors.js';
import { parseRateLimitHeaders } from './rate-limit.js';

export interface AnthropicProviderOptions {
  model: string;
  apiKey: string;
  /** Default https://api.anthropic.com (the SDK appends /v1/messages). */
  baseURL?: string;
  /** Provider id; default `anthropic:<model>`. Never put a key in it. */
  id?: string;
  /** Timeout of a call whose request has no `timeoutMs`. Default 120 000 ms. */
  defaultTimeoutMs?: number;
  fetch?: typeof fetch;
}

/** The Messages API requires `max_tokens`; this is sent when the parameters have no `maxTokens`. */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 512;
/** ModelParameters the Messages API cannot take (see createAnthropicProvider); a caller may warn about them. */
export const ANTHROPIC_UNSUPPORTED_PARAMETERS: readonly (keyof ModelParameters)[] = ['temperature', 'topP', 'seed'];
const ANTHROPIC_BASE_URL = 'https://api.anthropic.com';
const DEFAULT_TIMEOUT_MS = 120_000;

/**
 * A provider over the Messages API through the official SDK, which does not retry (`maxRetries: 0`).
 * System messages are joined (blank line between) into `system`; the others go in `messages`.
 * `max_tokens` defaults to 512.
 *
 * Only `maxTokens` of the ModelParameters is sent. `seed` does not exist in the Messages API, and
 * `temperature`/`topP` were removed in API version 2026-10-21, which SDK 1.x sends: the API
 * answers 400 ("Extra inputs are not permitted") to either, even at its default value. So the
 * model samples at its own defaults, and repeated samples are not reproducible.
 */
export function createAnthropicProvider(opts: AnthropicProviderOptions): Provider {
  const id = opts.id ?? `anthropic:${opts.model}`;
  const defaultTimeoutMs = opts.defaultTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  const client = new Anthropic({
    apiKey: opts.apiKey,
    // Explicit, so the SDK reads neither ANTHROPIC_BASE_URL nor a credentials profile on its own.
    baseURL: opts.baseURL ?? ANTHROPIC_BASE_URL,
    maxRetries: 0,
    timeout: defaultTimeoutMs,
    ...(opts.fetch === undefined ? {} : { fetch: opts.fetch }),
  });
  const secrets = [opts.apiKey];

  return {
    id,
    ignoredParameters: ANTHROPIC_UNSUPPORTED_PARAMETERS,
    batch: createAnthropicBatchApi(client, { id, secrets, toBody: (r) => toBody(opts.model, r), toResponse }),
    async complete(request: CompletionRequest): Promise<CompletionResponse> {
      const timeoutMs = request.timeoutMs ?? defaultTimeoutMs;
      try {
        // withResponse: the rate-limit headers come with the reply, and the runner paces by them.
        const { data: message, response: raw, request_id: requestId } = await client.messages
          .create(toBody(opts.model, request), {
            timeout: timeoutMs,
            ...(request.signal === undefined ? {} : { signal: request.signal }),
          })
          .withResponse();
        const response = toResponse(message);
        if (requestId) response.requestId = requestId;
        const rateLimit = parseRateLimitHeaders(raw.headers);
        if (rateLimit) response.rateLimit = rateLimit;
        return response;
      } catch (err) {
        throw toProviderError(err, id, { secrets, timeoutMs });
      }
    },
  };
}

/** A Message (from messages.create or a batch's results) as the runner's response. */
function toResponse(message: Message): CompletionResponse {
  const text = message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
  const response: CompletionResponse = {
    text,
    model: message.model,
    usage: { inputTokens: message.usage.input_tokens, outputTokens: message.usage.output_tokens },
  };
  if (message.stop_reason) response.finishReason = message.stop_reason;
  return response;
}

function toBody(model: string, request: Pick<CompletionRequest, 'messages' | 'parameters'>): MessageCreateParamsNonStreaming {
  const system = request.messages.filter((m) => m.role === 'system').map((m) => m.content);
  const messages: MessageParam[] = request.messages
    .filter((m) => m.role !== 'system')
    .map((m) => ({ role: m.role === 'assistant' ? 'assistant' : 'user', content: m.content }));
  const p = request.parameters;
  const body: MessageCreateParamsNonStreaming = {
    model,
    max_tokens: p.maxTokens ?? ANTHROPIC_DEFAULT_MAX_TOKENS,
    messages,
  };
  if (system.length > 0) body.system = system.join('\n\n');
  return body;
}
