/**
 * A local stand-in for the Anthropic Messages API (node:http on 127.0.0.1, port 0), answering in
 * the real wire format so the official SDK can be tested end to end without network.
 */
import {
  bearerToken,
  countWords,
  startJsonServer,
  type FakeBatchLog,
  type FakeBatchOptions,
  type FakeOpenAIServer,
  type FakeReply,
} from './fake-openai-server.js';

export type { Fault, FakeServer } from './fake-openai-server.js';

function anthropicError(status: number, message: string): unknown {
  const type =
    status === 400 ? 'invalid_request_error'
    : status === 401 ? 'authentication_error'
    : status === 403 ? 'permission_error'
    : status === 404 ? 'not_found_error'
    : status === 429 ? 'rate_limit_error'
    : status === 529 ? 'overloaded_error'
    : 'api_error';
  return { type: 'error', error: { type, message } };
}

/** Parameters API version 2026-10-21 (sent by SDK 1.x) rejects with 400, even at their defaults. */
const REMOVED_PARAMETERS = ['temperature', 'top_p', 'top_k'];

export interface FakeAnthropicOptions {
  reply: (body: any) => string;
  model?: string;
  /** Extra headers on every successful message (e.g. anthropic-ratelimit-*). */
  headers?: () => Record<string, string>;
  latencyMs?: number;
  batch?: FakeBatchOptions;
}

/**
 * Start a fake Anthropic API. `reply` gets the parsed request body and returns the assistant text.
 * Answers POST /v1/messages; 401 when neither x-api-key nor a bearer key is given or the key is
 * 'bad-key'; 400 when max_tokens is missing or a removed sampling parameter is sent; 404 elsewhere.
 * It also emulates Message Batches (docs.anthropic.com/en/api/creating-message-batches):
 * POST /v1/messages/batches, GET /v1/messages/batches/:id, and the results JSONL at `results_url`;
 * a batch ends after `batch.pollsToComplete` status checks, each request answered as /v1/messages would.
 */
export async function startAnthropicServer(opts: FakeAnthropicOptions): Promise<FakeOpenAIServer> {
  let messages = 0;
  const batches = new Map<string, { id: string; requests: { custom_id: string; params: unknown }[]; polls: number; results?: string; counts: Record<string, number> }>();
  const log: FakeBatchLog = { created: [], polls: 0 };
  const message = (body: unknown): FakeReply => {
    const request = (body ?? {}) as Record<string, unknown>;
    if (typeof request.model !== 'string' || !Array.isArray(request.messages)) {
      return { status: 400, body: anthropicError(400, 'model: Field required') };
    }
    if (typeof request.max_tokens !== 'number') {
      return { status: 400, body: anthropicError(400, 'max_tokens: Field required') };
    }
    const removed = REMOVED_PARAMETERS.find((name) => name in request);
    if (removed !== undefined) {
      return { status: 400, body: anthropicError(400, `${removed}: Extra inputs are not permitted`) };
    }
    const text = opts.reply(body);
    const system = typeof request.system === 'string' ? request.system : '';
    const prompt = (request.messages as { content?: unknown }[])
      .map((m) => (typeof m.content === 'string' ? m.content : ''))
      .join(' ');
    messages += 1;
    return {
      status: 200,
      ...(opts.headers ? { headers: opts.headers() } : {}),
      body: {
        id: `msg_fake${messages}`,
        type: 'message',
        role: 'assistant',
        model: opts.model ?? request.model,
        content: [{ type: 'text', text, citations: null }],
        stop_reason: 'end_turn',
        stop_sequence: null,
        usage: {
          input_tokens: countWords(`${system} ${prompt}`),
          output_tokens: countWords(text),
          cache_creation_input_tokens: null,
          cache_read_input_tokens: null,
          server_tool_use: null,
          service_tier: 'standard',
        },
      },
    };
  };
  const view = (b: { id: string; results?: string; counts: Record<string, number> }, origin: string) => ({
    id: b.id,
    type: 'message_batch',
    processing_status: b.results === undefined ? 'in_progress' : 'ended',
    request_counts: b.counts,
    created_at: '2026-11-25T12:00:00Z',
    expires_at: '2026-11-26T12:00:00Z',
    ended_at: b.results === undefined ? null : '2026-11-25T12:05:00Z',
    archived_at: null,
    cancel_initiated_at: null,
    results_url: b.results === undefined ? null : `${origin}/v1/messages/batches/${b.id}/results`,
  });
  const server = await startJsonServer({
    basePath: '',
    requestIdHeader: 'request-id',
    errorBody: anthropicError,
    ...(opts.latencyMs === undefined ? {} : { latencyMs: opts.latencyMs }),
    handle({ method, path, headers, body, origin }) {
      const header = headers['x-api-key'];
      const key = (typeof header === 'string' && header !== '' ? header : undefined) ?? bearerToken(headers);
      if (key === undefined || key === 'bad-key') {
        return { status: 401, body: anthropicError(401, 'invalid x-api-key') };
      }
      if (method === 'POST' && path === '/v1/messages') return message(body);
      if (method === 'POST' && path === '/v1/messages/batches') {
        const requests = (body as { requests?: { custom_id: string; params: unknown }[] } | null)?.requests;
        if (!Array.isArray(requests) || requests.length === 0) return { status: 400, body: anthropicError(400, 'requests: Field required') };
        const id = `msgbatch_fake${batches.size + 1}`;
        const batch = { id, requests, polls: 0, counts: { processing: requests.length, succeeded: 0, errored: 0, canceled: 0, expired: 0 } };
        batches.set(id, batch);
        log.created.push({ id, customIds: requests.map((r) => r.custom_id) });
        return { status: 200, body: view(batch, origin) };
      }
      const results = /^\/v1\/messages\/batches\/([^/]+)\/results$/.exec(path);
      if (method === 'GET' && results) {
        const batch = batches.get(results[1] as string);
        if (batch?.results === undefined) return { status: 404, body: anthropicError(404, 'results not ready') };
        return { status: 200, body: null, raw: batch.results };
      }
      const one = /^\/v1\/messages\/batches\/([^/]+)$/.exec(path);
      if (method === 'GET' && one) {
        const batch = batches.get(one[1] as string);
        if (!batch) return { status: 404, body: anthropicError(404, 'no such batch') };
        log.polls++;
        if (batch.results === undefined && ++batch.polls >= (opts.batch?.pollsToComplete ?? 1)) {
          const lines: string[] = [];
          const counts = { processing: 0, succeeded: 0, errored: 0, canceled: 0, expired: 0 };
          for (const r of batch.requests) {
            const failure = opts.batch?.fail?.(r.custom_id);
            if (failure === 'expired') {
              counts.expired++;
              lines.push(JSON.stringify({ custom_id: r.custom_id, result: { type: 'expired' } }));
              continue;
            }
            const reply = failure ? { status: failure.status, body: anthropicError(failure.status, failure.message) } : message(r.params);
            if (reply.status === 200) {
              counts.succeeded++;
              lines.push(JSON.stringify({ custom_id: r.custom_id, result: { type: 'succeeded', message: reply.body } }));
            } else {
              counts.errored++;
              lines.push(JSON.stringify({ custom_id: r.custom_id, result: { type: 'errored', error: { ...(reply.body as object), request_id: null } } }));
            }
          }
          batch.counts = counts;
          batch.results = lines.map((l) => `${l}\n`).join('');
        }
        return { status: 200, body: view(batch, origin) };
      }
      return { status: 404, body: anthropicError(404, `Not found: ${method} ${path}`) };
    },
  });
  return Object.assign(server, { batches: log });
}
