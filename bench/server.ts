/**
 * The benchmark's model server: the OpenAI Chat Completions wire format on 127.0.0.1, with a
 * configurable latency, a requests-per-second limit (a token bucket answering 429 with retry-after
 * and OpenAI's x-ratelimit-* headers) and a fault rate (half 500s, half dropped connections).
 * It runs in its own process, so the runner's event loop is measured alone, and it counts every
 * answer it gave per request body, which is how the benchmark finds duplicate or lost calls.
 *
 *   node --import tsx bench/server.ts '{"latencyMs":50,"rps":100,"burst":10,"faultRate":0.1,"seed":1}'
 *
 * Prints `listening <port>` when ready. GET /stats returns the counts as JSON.
 */
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { seededRng } from '../lib/stats/rng.js';

export interface ServerConfig {
  latencyMs: number;
  /** Requests per second allowed; 0 for no limit. */
  rps: number;
  /** Token-bucket depth: requests that may arrive at once. */
  burst: number;
  /** Share of requests that fail: half with a 500, half with the connection dropped. */
  faultRate: number;
  seed: number;
}

export interface ServerStats {
  requests: number;
  answered: number;
  throttled: number;
  errors: number;
  drops: number;
  /** Request bodies answered more than once (a call paid twice). */
  duplicates: number;
  /** Body hash -> 200 answers, for the client's cross-check with its journal. */
  answeredBodies: Record<string, number>;
  firstAt: number;
  lastAt: number;
}

export function bodyHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 24);
}

function start(config: ServerConfig): void {
  const random = seededRng(config.seed);
  const answeredBodies = new Map<string, number>();
  const stats = { requests: 0, answered: 0, throttled: 0, errors: 0, drops: 0, firstAt: 0, lastAt: 0 };
  // Token bucket: `tokens` as of `at` (ms), refilled at rps, at most `burst`.
  let tokens = config.burst;
  let at = performance.now();
  const take = (): { ok: boolean; waitMs: number; remaining: number } => {
    if (config.rps <= 0) return { ok: true, waitMs: 0, remaining: 0 };
    const now = performance.now();
    tokens = Math.min(config.burst, tokens + ((now - at) * config.rps) / 1000);
    at = now;
    if (tokens >= 1) {
      tokens -= 1;
      return { ok: true, waitMs: 0, remaining: Math.floor(tokens) };
    }
    return { ok: false, waitMs: ((1 - tokens) * 1000) / config.rps, remaining: 0 };
  };
  const limitHeaders = (remaining: number): Record<string, string> =>
    config.rps <= 0
      ? {}
      : {
          'x-ratelimit-limit-requests': String(config.rps * 60),
          'x-ratelimit-remaining-requests': String(remaining),
          'x-ratelimit-reset-requests': `${Math.ceil(((config.burst - remaining) * 1000) / config.rps)}ms`,
        };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      if (req.method === 'GET' && req.url === '/stats') {
        const duplicates = [...answeredBodies.values()].reduce((n, c) => n + Math.max(0, c - 1), 0);
        const body: ServerStats = { ...stats, duplicates, answeredBodies: Object.fromEntries(answeredBodies) };
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
        return;
      }
      stats.requests++;
      stats.firstAt ||= Date.now();
      const slot = take();
      if (!slot.ok) {
        stats.throttled++;
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after-ms': String(Math.ceil(slot.waitMs)), ...limitHeaders(0) });
        res.end(JSON.stringify({ error: { message: 'Rate limit reached for requests', type: 'requests', param: null, code: 'rate_limit_exceeded' } }));
        return;
      }
      const draw = random();
      setTimeout(() => {
        if (draw < config.faultRate / 2) {
          stats.drops++;
          req.socket.destroy();
          return;
        }
        if (draw < config.faultRate) {
          stats.errors++;
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { message: 'injected fault', type: 'server_error', param: null, code: null } }));
          return;
        }
        const hash = bodyHash(raw);
        answeredBodies.set(hash, (answeredBodies.get(hash) ?? 0) + 1);
        stats.answered++;
        stats.lastAt = Date.now();
        res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': `req_${stats.answered}`, ...limitHeaders(slot.remaining) });
        res.end(
          JSON.stringify({
            id: `chatcmpl-${stats.answered}`,
            object: 'chat.completion',
            created: 1_700_000_000,
            model: 'bench-model',
            choices: [{ index: 0, message: { role: 'assistant', content: 'Yes.', refusal: null }, logprobs: null, finish_reason: 'stop' }],
            usage: { prompt_tokens: 20, completion_tokens: 2, total_tokens: 22 },
          }),
        );
      }, config.latencyMs);
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => {
    process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`);
  });
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

if (process.argv[2]) start(JSON.parse(process.argv[2]) as ServerConfig);
