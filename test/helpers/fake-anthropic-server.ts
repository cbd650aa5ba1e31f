/**
 * A local stand-in for the Anthropic Messages API (node:http on 127.0.0.1, port 0), answering in
 * the real wire format so the official SDK can be tested end to end without network.
 */
import { bearerToken, countWords, startJsonServer, type FakeServer } from './fake-openai-server.js';

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

/**
 * Start a fake Anthropic API. `reply` gets the parsed request body and returns the assistant text.
 * Answers POST /v1/messages; 401 when neither x-api-key nor a bearer key is given or the key is
 * 'bad-key'; 400 when max_tokens is missing or a removed sampling parameter is sent; 404 elsewhere.
 */
export function startAnthropicServer(opts: { reply: (body: any) => string; model?: string }): Promise<FakeServer> {
  let messages = 0;
  return startJsonServer({
    basePath: '',
    requestIdHeader: 'request-id',
    errorBody: anthropicError,
    handle({ method, path, headers, body }) {
      const header = headers['x-api-key'];
      const key = (typeof header === 'string' && header !== '' ? header : undefined) ?? bearerToken(headers);
      if (key === undefined || key === 'bad-key') {
        return { status: 401, body: anthropicError(401, 'invalid x-api-key') };
      }
      if (method !== 'POST' || path !== '/v1/messages') {
        return { status: 404, body: anthropicError(404, `Not found: ${method} ${path}`) };
      }
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
    },
  });
}
