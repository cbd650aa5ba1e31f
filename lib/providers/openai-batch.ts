import { toFile, type OpenAI } from 'openai';
import type { Batch } from 'openai/resources/batches';
import type { ChatCompletion, ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';

import type { BatchApi, BatchRequest, BatchResult, BatchStatus, CompletionResponse } from '../types.js';
import { parseBatchLine, readLines, retryableInBatch, scrub } from './batch-lines.js';
import { toProviderError } from './errors.js';

export interface OpenAIBatchDeps {
  id: string;
  secrets: readonly string[];
  toBody(request: BatchRequest): ChatCompletionCreateParamsNonStreaming;
  toResponse(completion: ChatCompletion): CompletionResponse;
}

/** OpenAI's documented cap per batch (platform.openai.com/docs/guides/batch): 50,000 requests, 200 MB. */
const MAX_REQUESTS = 50_000;
const ENDPOINT = '/v1/chat/completions';
/** How many of the account's most recent batches `recover` looks through for one made from a file. */
const RECOVER_SCAN = 200;

/**
 * The OpenAI Batch API through the official SDK: the requests go up as a JSONL file
 * (files.create, purpose `batch`), a batch is created from it (batches.create), polled
 * (batches.retrieve), and its output and error files are read back (files.content).
 */
export function createOpenAIBatchApi(client: OpenAI, deps: OpenAIBatchDeps): BatchApi {
  const fail = (err: unknown): never => {
    throw toProviderError(err, deps.id, { secrets: deps.secrets });
  };
  const create = (inputFileId: string, signal: AbortSignal | undefined) =>
    client.batches.create({ input_file_id: inputFileId, endpoint: ENDPOINT, completion_window: '24h' }, signal ? { signal } : {});

  return {
    maxRequests: MAX_REQUESTS,

    async submit(requests, { signal, onStaged }) {
      const jsonl = requests
        .map((r) => JSON.stringify({ custom_id: r.customId, method: 'POST', url: ENDPOINT, body: deps.toBody(r) }))
        .join('\n');
      try {
        const file = await client.files.create(
          { file: await toFile(Buffer.from(`${jsonl}\n`, 'utf8'), 'bias-audit-batch.jsonl'), purpose: 'batch' },
          signal ? { signal } : {},
        );
        onStaged?.(file.id);
        const batch = await create(file.id, signal);
        return { id: batch.id };
      } catch (err) {
        return fail(err);
      }
    },

    async recover(fileId, { signal }) {
      try {
        let seen = 0;
        for await (const batch of client.batches.list({ limit: 100 }, signal ? { signal } : {})) {
          if (batch.input_file_id === fileId) return { id: batch.id };
          if (++seen >= RECOVER_SCAN) break;
        }
        // The file went up but no batch was made from it: make it now, without uploading again.
        const batch = await create(fileId, signal);
        return { id: batch.id };
      } catch (err) {
        return fail(err);
      }
    },

    async status(id, { signal }) {
      let batch: Batch;
      try {
        batch = await client.batches.retrieve(id, signal ? { signal } : {});
      } catch (err) {
        return fail(err);
      }
      return toStatus(batch);
    },

    async *results(id, { signal }) {
      let batch: Batch;
      try {
        batch = await client.batches.retrieve(id, signal ? { signal } : {});
      } catch (err) {
        return fail(err);
      }
      for (const fileId of [batch.output_file_id, batch.error_file_id]) {
        if (!fileId) continue;
        let body: ReadableStream<Uint8Array> | null;
        try {
          body = (await client.files.content(fileId, signal ? { signal } : {})).body;
        } catch (err) {
          return fail(err);
        }
        for await (const line of readLines(body)) yield toResult(parseBatchLine(line, `OpenAI batch ${id} file ${fileId}`), deps);
      }
    },
  };
}

function toStatus(batch: Batch): BatchStatus {
  const counts = batch.request_counts;
  const status: BatchStatus = {
    id: batch.id,
    state: ['completed', 'failed', 'expired', 'cancelled'].includes(batch.status) ? 'ended' : 'running',
    ...(counts ? { processed: counts.completed + counts.failed, total: counts.total } : {}),
  };
  if (batch.status === 'failed') {
    const why = (batch.errors?.data ?? []).map((e) => `${e.line ? `line ${e.line}: ` : ''}${e.message ?? e.code ?? 'error'}`);
    status.problem = `failed${why.length > 0 ? `: ${why.slice(0, 3).join('; ')}` : ''}`;
  } else if (batch.status === 'expired' || batch.status === 'cancelled') {
    status.problem = batch.status;
  }
  return status;
}

/**
 * One line of an output or error file: `{custom_id, response: {status_code, request_id, body}, error}`.
 * A request the batch never ran (expired, cancelled) has `response: null` and an `error` code.
 */
function toResult(line: Record<string, unknown>, deps: OpenAIBatchDeps): BatchResult {
  const customId = String(line.custom_id ?? '');
  const response = line.response as { status_code?: number; request_id?: string; body?: unknown } | null | undefined;
  if (response && response.status_code === 200 && isCompletion(response.body)) {
    const reply = deps.toResponse(response.body);
    if (response.request_id) reply.requestId = response.request_id;
    return { customId, response: reply };
  }
  const status = response?.status_code;
  const apiError = (response?.body as { error?: { message?: string; code?: string } } | undefined)?.error;
  const lineError = line.error as { message?: string; code?: string } | null | undefined;
  const code = apiError?.code ?? lineError?.code ?? undefined;
  const message = apiError?.message ?? lineError?.message ?? `request failed${status === undefined ? '' : ` (${status})`}`;
  return {
    customId,
    error: {
      message: scrub(`${deps.id}: ${status === undefined ? '' : `${status} `}${message}`, deps.secrets),
      ...(status === undefined ? {} : { status }),
      ...(code ? { code } : {}),
      retryable: retryableInBatch(status, code ?? undefined),
    },
  };
}

function isCompletion(body: unknown): body is ChatCompletion {
  return typeof body === 'object' && body !== null && Array.isArray((body as { choices?: unknown }).choices);
}
