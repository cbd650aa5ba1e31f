import type Anthropic from '@anthropic-ai/sdk';
import type { MessageBatch, MessageBatchIndividualResponse } from '@anthropic-ai/sdk/resources/messages/batches';
import type { Message, MessageCreateParamsNonStreaming } from '@anthropic-ai/sdk/resources/messages';

import type { BatchApi, BatchRequest, BatchResult, BatchStatus, CompletionResponse } from '../types.js';
import { retryableInBatch, scrub } from './batch-lines.js';
import { toProviderError } from './errors.js';

export interface AnthropicBatchDeps {
  id: string;
  secrets: readonly string[];
  toBody(request: BatchRequest): MessageCreateParamsNonStreaming;
  toResponse(message: Message): CompletionResponse;
}

/** Anthropic's documented cap per batch (docs.anthropic.com, "Batch processing"): 100,000 requests, 256 MB. */
const MAX_REQUESTS = 100_000;

/**
 * The Message Batches API through the official SDK: messages.batches.create with every request
 * inline, messages.batches.retrieve to poll, and messages.batches.results to stream the outcomes.
 * Anthropic stages nothing before the batch exists, so there is no `recover`.
 */
export function createAnthropicBatchApi(client: Anthropic, deps: AnthropicBatchDeps): BatchApi {
  const fail = (err: unknown): never => {
    throw toProviderError(err, deps.id, { secrets: deps.secrets });
  };
  return {
    maxRequests: MAX_REQUESTS,

    async submit(requests, { signal }) {
      try {
        const batch = await client.messages.batches.create(
          { requests: requests.map((r) => ({ custom_id: r.customId, params: deps.toBody(r) })) },
          signal ? { signal } : {},
        );
        return { id: batch.id };
      } catch (err) {
        return fail(err);
      }
    },

    async status(id, { signal }) {
      let batch: MessageBatch;
      try {
        batch = await client.messages.batches.retrieve(id, {}, signal ? { signal } : {});
      } catch (err) {
        return fail(err);
      }
      return toStatus(batch);
    },

    async *results(id, { signal }) {
      let decoder: AsyncIterable<MessageBatchIndividualResponse>;
      try {
        decoder = await client.messages.batches.results(id, {}, signal ? { signal } : {});
      } catch (err) {
        return fail(err);
      }
      for await (const item of decoder) yield toResult(item, deps);
    },
  };
}

function toStatus(batch: MessageBatch): BatchStatus {
  const c = batch.request_counts;
  const processed = c.succeeded + c.errored + c.canceled + c.expired;
  return {
    id: batch.id,
    // `canceling` still ends with results for what was done; only `ended` has a results file.
    state: batch.processing_status === 'ended' ? 'ended' : 'running',
    processed,
    total: processed + c.processing,
  };
}

function toResult(item: MessageBatchIndividualResponse, deps: AnthropicBatchDeps): BatchResult {
  const customId = item.custom_id;
  const result = item.result;
  switch (result.type) {
    case 'succeeded':
      return { customId, response: deps.toResponse(result.message) };
    case 'errored': {
      const error = result.error.error;
      return {
        customId,
        error: {
          message: scrub(`${deps.id}: ${error.type}: ${error.message}`, deps.secrets),
          code: error.type,
          retryable: retryableInBatch(undefined, error.type === 'invalid_request_error' ? 'invalid' : error.type),
        },
      };
    }
    case 'canceled':
    case 'expired':
      return { customId, error: { message: `${deps.id}: request ${result.type} in its batch`, code: result.type, retryable: true } };
  }
}
