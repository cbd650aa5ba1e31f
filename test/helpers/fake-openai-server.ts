/**
 * A local stand-in for the OpenAI Chat Completions API (node:http on 127.0.0.1, port 0), answering
 * in the real wire format so the official SDK can be tested end to end without network.
 * The fault machinery (startJsonServer) is shared with fake-anthropic-server.ts.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Fault =
  | { kind: 'status'; status: number; retryAfter?: string; body?: unknown } // e.g. 429 with retry-after '0', 500
  | { kind: 'drop' } // destroy the socket without a response
  | { kind: 'delay'; ms: number }; // answer normally after ms

export interface FakeServer {
  /** What the SDK's baseURL wants. */
  url: string;
  /** Parsed JSON bodies of every request received, in order (including faulted ones). */
  requests: unknown[];
  /** Consumed one per incoming request, in order, before normal replies. */
  setFaults(faults: Fault[]): void;
  close(): Promise<void>;
}

export interface FakeReply {
  status: number;
  body: unknown;
}

/** @internal What a fake API decides for a request that no fault intercepted. */
export interface JsonServerOptions {
  /** Path appended to the origin to make `url` ('/v1' for OpenAI, '' for Anthropic). */
  basePath: string;
  /** Response header carrying the request id (`x-request-id`, `request-id`). */
  requestIdHeader: string;
  /** The error body in the API's own format, for faults without a body. */
  errorBody(status: number, message: string): unknown;
  handle(request: { method: string; path: string; headers: IncomingHttpHeaders; body: unknown }): FakeReply;
}

/** @internal The HTTP server, request log and faults behind both fake APIs. */
export async function startJsonServer(opts: JsonServerOptions): Promise<FakeServer> {
  const requests: unknown[] = [];
  let faults: Fault[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let counter = 0;

  const send = (res: ServerResponse, reply: FakeReply, extra: Record<string, string> = {}): void => {
    if (res.destroyed || res.socket?.destroyed) return;
    counter += 1;
    res.writeHead(reply.status, {
      'content-type': 'application/json',
      [opts.requestIdHeader]: `req_fake_${counter}`,
      ...extra,
    });
    res.end(JSON.stringify(reply.body));
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown = null;
      try {
        body = raw === '' ? null : JSON.parse(raw);
      } catch {
        body = raw;
      }
      requests.push(body);
      const answer = (): void => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        send(res, opts.handle({ method: req.method ?? 'GET', path: url.pathname, headers: req.headers, body }));
      };

      const fault = faults.shift();
      if (fault === undefined) return answer();
      switch (fault.kind) {
        case 'status':
          return send(
            res,
            { status: fault.status, body: fault.body ?? opts.errorBody(fault.status, `fake fault ${fault.status}`) },
            fault.retryAfter === undefined ? {} : { 'retry-after': fault.retryAfter },
          );
        case 'drop':
          req.socket.destroy();
          return;
        case 'delay': {
          const timer = setTimeout(() => {
            timers.delete(timer);
            answer();
          }, fault.ms);
          timers.add(timer);
          return;
        }
      }
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}${opts.basePath}`,
    requests,
    setFaults(next: Fault[]): void {
      faults = [...next];
    },
    close(): Promise<void> {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** @internal Rough token count: words. Deterministic, which is all a test needs. */
export function countWords(text: string): number {
  return text.split(/\s+/).filter((w) => w !== '').length;
}

/** @internal The bearer token of an Authorization header, if any. */
export function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  const auth = headers.authorization;
  if (typeof auth !== 'string') return undefined;
  const match = /^Bearer\s+(.+)$/i.exec(auth);
  return match?.[1];
}

function openAIError(status: number, message: string, code: string | null = null): unknown {
  const type = status === 429 ? 'rate_limit_exceeded' : status >= 500 ? 'server_error' : 'invalid_request_error';
  return { error: { message, type, param: null, code } };
}

/**
 * Start a fake OpenAI API. `reply` gets the parsed request body and returns the assistant text.
 * Answers POST /v1/chat/completions; 401 when the bearer key is missing or 'bad-key' (echoing the
 * key in the message, as OpenAI does with a masked one), 404 for other paths.
 */
export function startOpenAIServer(opts: { reply: (body: any) => string; model?: string }): Promise<FakeServer> {
  let completions = 0;
  return startJsonServer({
    basePath: '/v1',
    requestIdHeader: 'x-request-id',
    errorBody: (status, message) => openAIError(status, message),
    handle({ method, path, headers, body }) {
      const key = bearerToken(headers);
      if (key === undefined || key === 'bad-key') {
        return {
          status: 401,
          body: openAIError(401, `Incorrect API key provided: ${key ?? '(none)'}.`, 'invalid_api_key'),
        };
      }
      if (method !== 'POST' || path !== '/v1/chat/completions') {
        return { status: 404, body: openAIError(404, `Unknown request URL: ${method} ${path}`, 'unknown_url') };
      }
      const request = body as { model?: unknown; messages?: { content?: unknown }[] };
      if (typeof request?.model !== 'string' || !Array.isArray(request.messages)) {
        return { status: 400, body: openAIError(400, 'model and messages are required') };
      }
      const text = opts.reply(body);
      const prompt = request.messages.map((m) => (typeof m.content === 'string' ? m.content : '')).join(' ');
      completions += 1;
      const promptTokens = countWords(prompt);
      const completionTokens = countWords(text);
      return {
        status: 200,
        body: {
          id: `chatcmpl-fake${completions}`,
          object: 'chat.completion',
          created: 1_700_000_000 + completions,
          model: opts.model ?? request.model,
          system_fingerprint: 'fp_fake',
          choices: [
            {
              index: 0,
              message: { role: 'assistant', content: text, refusal: null, annotations: [] },
              logprobs: null,
              finish_reason: 'stop',
            },
          ],
          usage: {
            prompt_tokens: promptTokens,
            completion_tokens: completionTokens,
            total_tokens: promptTokens + completionTokens,
          },
        },
      };
    },
  });
}
