/**
 * A local stand-in for the OpenAI Chat Completions API (node:http on 127.0.0.1, port 0), answering
 * in the real wire format so the official SDK can be tested end to end without network.
 * The fault machinery (startJsonServer) is shared with fake-anthropic-server.ts.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Fault =
  | { kind: 'status'; status: number; retryAfter?: string; body?: unknown; headers?: Record<string, string> } // e.g. 429 with retry-after '0', 500
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
  /** Extra response headers (rate-limit headers ...). */
  headers?: Record<string, string>;
  /** A body sent as it is instead of as JSON (a batch's JSONL file). */
  raw?: string;
}

/** @internal What a fake API decides for a request that no fault intercepted. */
export interface JsonServerOptions {
  /** Path appended to the origin to make `url` ('/v1' for OpenAI, '' for Anthropic). */
  basePath: string;
  /** Response header carrying the request id (`x-request-id`, `request-id`). */
  requestIdHeader: string;
  /** The error body in the API's own format, for faults without a body. */
  errorBody(status: number, message: string): unknown;
  handle(request: { method: string; path: string; headers: IncomingHttpHeaders; body: unknown; origin: string; query: URLSearchParams }): FakeReply | Promise<FakeReply>;
  /** Wait this long before every normal answer (faults keep their own timing). */
  latencyMs?: number;
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
      'content-type': reply.raw === undefined ? 'application/json' : 'application/octet-stream',
      [opts.requestIdHeader]: `req_fake_${counter}`,
      ...reply.headers,
      ...extra,
    });
    res.end(reply.raw ?? JSON.stringify(reply.body));
  };
  let origin = '';

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
        Promise.resolve(opts.handle({ method: req.method ?? 'GET', path: url.pathname, headers: req.headers, body, origin, query: url.searchParams })).then(
          (reply) => send(res, reply),
          (err: unknown) => send(res, { status: 500, body: opts.errorBody(500, String(err)) }),
        );
      };
      const answerLater = (): void => {
        if (!opts.latencyMs) return answer();
        const timer = setTimeout(() => {
          timers.delete(timer);
          answer();
        }, opts.latencyMs);
        timers.add(timer);
      };

      const fault = faults.shift();
      if (fault === undefined) return answerLater();
      switch (fault.kind) {
        case 'status':
          return send(
            res,
            { status: fault.status, body: fault.body ?? opts.errorBody(fault.status, `fake fault ${fault.status}`), ...(fault.headers ? { headers: fault.headers } : {}) },
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
  origin = `http://127.0.0.1:${port}`;

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

/** How a fake emulates a provider's batch API. */
export interface FakeBatchOptions {
  /** Status checks a batch answers "still running" before it ends. Default 1. */
  pollsToComplete?: number;
  /** A request the batch does not answer: expired, or refused with a status. */
  fail?: (customId: string) => 'expired' | { status: number; message: string } | undefined;
}

/** What the fake batch endpoints hold, for assertions. */
export interface FakeBatchLog {
  /** Every batch created, in order, with the custom ids it holds. */
  created: { id: string; customIds: string[] }[];
  /** Status checks received. */
  polls: number;
}

export type FakeOpenAIServer = FakeServer & { batches: FakeBatchLog };

export interface FakeOpenAIOptions {
  reply: (body: any) => string;
  model?: string;
  /** Extra headers on every successful completion (e.g. x-ratelimit-*). */
  headers?: () => Record<string, string>;
  latencyMs?: number;
  batch?: FakeBatchOptions;
}

/**
 * Start a fake OpenAI API. `reply` gets the parsed request body and returns the assistant text.
 * Answers POST /v1/chat/completions; 401 when the bearer key is missing or 'bad-key' (echoing the
 * key in the message, as OpenAI does with a masked one), 404 for other paths.
 * It also emulates the Batch API (platform.openai.com/docs/api-reference/batch): POST /v1/files
 * (multipart, purpose batch), POST /v1/batches, GET /v1/batches[/:id], GET /v1/files/:id/content;
 * a batch ends after `batch.pollsToComplete` status checks, its lines answered by `reply`.
 */
export async function startOpenAIServer(opts: FakeOpenAIOptions): Promise<FakeOpenAIServer> {
  let completions = 0;
  const files = new Map<string, string>();
  const batches = new Map<string, Record<string, any> & { polls: number }>();
  const log: FakeBatchLog = { created: [], polls: 0 };
  const complete = (body: unknown): FakeReply => {
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
      ...(opts.headers ? { headers: opts.headers() } : {}),
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
  };
  /** Run every line of a batch's input file, as the real service would, into output and error files. */
  const finish = (batch: Record<string, any>): void => {
    const out: string[] = [];
    const errors: string[] = [];
    for (const line of (files.get(batch.input_file_id) ?? '').split('\n').filter((l) => l.trim() !== '')) {
      const { custom_id, body } = JSON.parse(line) as { custom_id: string; body: unknown };
      const failure = opts.batch?.fail?.(custom_id);
      if (failure === 'expired') {
        errors.push(JSON.stringify({ id: `batch_req_${custom_id}`, custom_id, response: null, error: { code: 'batch_expired', message: 'This request could not be executed before the completion window expired.' } }));
      } else if (failure) {
        errors.push(JSON.stringify({ id: `batch_req_${custom_id}`, custom_id, response: { status_code: failure.status, request_id: `req_b_${custom_id}`, body: openAIError(failure.status, failure.message) }, error: null }));
      } else {
        const reply = complete(body);
        out.push(JSON.stringify({ id: `batch_req_${custom_id}`, custom_id, response: { status_code: reply.status, request_id: `req_b_${custom_id}`, body: reply.body }, error: null }));
      }
    }
    const outId = `file-out-${batch.id}`;
    files.set(outId, out.map((l) => `${l}\n`).join(''));
    batch.output_file_id = outId;
    if (errors.length > 0) {
      const errId = `file-err-${batch.id}`;
      files.set(errId, errors.map((l) => `${l}\n`).join(''));
      batch.error_file_id = errId;
    }
    batch.status = 'completed';
    batch.completed_at = batch.created_at + 60;
    batch.request_counts = { total: out.length + errors.length, completed: out.length, failed: errors.length };
  };
  const server = await startJsonServer({
    basePath: '/v1',
    requestIdHeader: 'x-request-id',
    errorBody: (status, message) => openAIError(status, message),
    ...(opts.latencyMs === undefined ? {} : { latencyMs: opts.latencyMs }),
    handle({ method, path, headers, body }) {
      const key = bearerToken(headers);
      if (key === undefined || key === 'bad-key') {
        return {
          status: 401,
          body: openAIError(401, `Incorrect API key provided: ${key ?? '(none)'}.`, 'invalid_api_key'),
        };
      }
      if (method === 'POST' && path === '/v1/chat/completions') return complete(body);
      if (method === 'POST' && path === '/v1/files') {
        const file = multipartFile(headers, body);
        if (file === undefined) return { status: 400, body: openAIError(400, 'file is required') };
        const id = `file-fake${files.size + 1}`;
        files.set(id, file.content);
        return { status: 200, body: { id, object: 'file', bytes: file.content.length, created_at: 1_700_000_000, filename: file.name, purpose: 'batch', status: 'processed' } };
      }
      const content = /^\/v1\/files\/([^/]+)\/content$/.exec(path);
      if (method === 'GET' && content) {
        const text = files.get(content[1] as string);
        return text === undefined ? { status: 404, body: openAIError(404, 'No such file') } : { status: 200, body: null, raw: text };
      }
      if (method === 'POST' && path === '/v1/batches') {
        const b = body as { input_file_id?: string; endpoint?: string; completion_window?: string };
        const input = b?.input_file_id === undefined ? undefined : files.get(b.input_file_id);
        if (input === undefined) return { status: 400, body: openAIError(400, `No such file: ${b?.input_file_id}`) };
        const id = `batch_fake${batches.size + 1}`;
        const customIds = input.split('\n').filter((l) => l.trim() !== '').map((l) => (JSON.parse(l) as { custom_id: string }).custom_id);
        const batch = {
          id, object: 'batch', endpoint: b.endpoint, input_file_id: b.input_file_id, completion_window: b.completion_window,
          status: 'validating', created_at: 1_700_000_000 + batches.size, request_counts: { total: customIds.length, completed: 0, failed: 0 }, polls: 0,
        };
        batches.set(id, batch);
        log.created.push({ id, customIds });
        return { status: 200, body: publicBatch(batch) };
      }
      if (method === 'GET' && path === '/v1/batches') {
        const data = [...batches.values()].reverse().map(publicBatch);
        return { status: 200, body: { object: 'list', data, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null, has_more: false } };
      }
      const one = /^\/v1\/batches\/([^/]+)$/.exec(path);
      if (method === 'GET' && one) {
        const batch = batches.get(one[1] as string);
        if (!batch) return { status: 404, body: openAIError(404, 'No such batch') };
        log.polls++;
        if (batch.status !== 'completed' && ++batch.polls >= (opts.batch?.pollsToComplete ?? 1)) finish(batch);
        else if (batch.status === 'validating') batch.status = 'in_progress';
        return { status: 200, body: publicBatch(batch) };
      }
      return { status: 404, body: openAIError(404, `Unknown request URL: ${method} ${path}`, 'unknown_url') };
    },
  });
  return Object.assign(server, { batches: log });
}

function publicBatch(batch: Record<string, any>): Record<string, unknown> {
  const { polls: _polls, ...rest } = batch;
  return rest;
}

/** @internal The file part of a multipart/form-data body (what files.create uploads). */
export function multipartFile(headers: IncomingHttpHeaders, body: unknown): { name: string; content: string } | undefined {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(String(headers['content-type'] ?? ''));
  if (!boundary || typeof body !== 'string') return undefined;
  for (const part of body.split(`--${boundary[1] ?? boundary[2]}`)) {
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const head = part.slice(0, split);
    const name = /filename="([^"]*)"/.exec(head);
    if (/name="file"/.test(head) && name) return { name: name[1] as string, content: part.slice(split + 4).replace(/\r\n$/, '') };
  }
  return undefined;
}
