import OpenAI from 'openai';
import type { ChatCompletion, ChatCompletionCreateParamsNonStreaming, ChatCompletionMessageParam } from 'openai/resources/chat/completions';

import type { CompletionRequest, CompletionResponse, Provider } from '../types.js';
import { toProviderError } from './errors.js';
import { createOpenAIBatchApi } from './openai-batch.js';
import { parseRateLimitHeaders } from './rate-limit.js';

export interface OpenAIProviderOptions {
  model: string;
  apiKey: string;
  /** Default https://api.openai.com/v1; for `compatible`, the local server (e.g. http://localhost:11434/v1). */
  baseURL?: string;
  /** Provider id; default `openai:<model>` (or `openai-compatible:<model>`). Never put a key in it. */
  id?: string;
  /**
   * An OpenAI-compatible server (Ollama, vLLM, llama.cpp, LM Studio): sends `max_tokens`, which they
   * all understand, instead of `max_completion_tokens`, and no organization/project headers.
   */
  compatible?: boolean;
  /** Timeout of a call whose request has no `timeoutMs`. Default 120 000 ms. */
  defaultTimeoutMs?: number;
  fetch?: typeof fetch;
}

const DEFAULT_TIMEOUT_MS = 120_000;
const OPENAI_BASE_URL = 'https://api.openai.com/v1';

/**
 * A provider over the Chat Completions API through the official SDK. The SDK does not retry
 * (`maxRetries: 0`): the runner does, from the ProviderError's `retryable` and `retryAfterMs`.
 */
export function createOpenAIProvider(opts: OpenAIProviderOptions): Provider {
  const compatible = opts.compatible ?? false;
  const id = opts.id ?? `${compatible ? 'openai-compatible' : 'openai'}:${opts.model}`;
  const defaultTimeoutMs = opts.defaultTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  const client = new OpenAI({
    apiKey: opts.apiKey,
    // Always explicit, so the SDK does not fall back to process.env.OPENAI_BASE_URL behind the factory's back.
    baseURL: opts.baseURL ?? OPENAI_BASE_URL,
    maxRetries: 0,
    timeout: defaultTimeoutMs,
    ...(compatible ? { organization: null, project: null } : {}),
    ...(opts.fetch === undefined ? {} : { fetch: opts.fetch }),
  });
  const secrets = [opts.apiKey];

  return {
    id,
    // The Batch API is OpenAI's own; an OpenAI-compatible server does not have it.
    ...(compatible ? {} : { batch: createOpenAIBatchApi(client, { id, secrets, toBody: (r) => toBody(opts.model, r, false), toResponse }) }),
    async complete(request: CompletionRequest): Promise<CompletionResponse> {
      const timeoutMs = request.timeoutMs ?? defaultTimeoutMs;
      try {
        // withResponse: the rate-limit headers come with the reply, and the runner paces by them.
        const { data: completion, response: raw, request_id: requestId } = await client.chat.completions
          .create(toBody(opts.model, request, compatible), {
            timeout: timeoutMs,
            ...(request.signal === undefined ? {} : { signal: request.signal }),
          })
          .withResponse();
        const response = toResponse(completion);
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

/** A ChatCompletion (from the API or a batch's output file) as the runner's response. */
function toResponse(completion: ChatCompletion): CompletionResponse {
  const choice = completion.choices[0];
  const response: CompletionResponse = { text: choice?.message.content ?? '', model: completion.model };
  if (completion.usage) {
    response.usage = {
      inputTokens: completion.usage.prompt_tokens,
      outputTokens: completion.usage.completion_tokens,
    };
  }
  if (choice?.finish_reason) response.finishReason = choice.finish_reason;
  return response;
}

function toBody(model: string, request: Pick<CompletionRequest, 'messages' | 'parameters'>, compatible: boolean): ChatCompletionCreateParamsNonStreaming {
  const messages: ChatCompletionMessageParam[] = request.messages.map((m) => ({ role: m.role, content: m.content }));
  const body: ChatCompletionCreateParamsNonStreaming = { model, messages };
  const p = request.parameters;
  if (p.temperature !== undefined) body.temperature = p.temperature;
  if (p.topP !== undefined) body.top_p = p.topP;
  if (p.seed !== undefined) body.seed = p.seed;
  if (p.maxTokens !== undefined) {
    // OpenAI deprecated max_tokens (reasoning models reject it); local servers only know max_tokens.
    if (compatible) body.max_tokens = p.maxTokens;
    else body.max_completion_tokens = p.maxTokens;
  }
  return body;
}
