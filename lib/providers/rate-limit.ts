import type { RateLimitState, RateLimitWindow } from '../types.js';

/**
 * The rate-limit state a response's headers describe, in either vendor's dialect; undefined when
 * there is none (local servers send none).
 *
 * OpenAI (platform.openai.com/docs/guides/rate-limits, "Rate limits in headers"):
 * `x-ratelimit-{limit,remaining}-{requests,tokens}` and `x-ratelimit-reset-{requests,tokens}`, the
 * reset being a Go-style duration until the window is full again (`1s`, `6m0s`, `20ms`).
 * Anthropic (docs.anthropic.com/en/api/rate-limits, "Response headers"):
 * `anthropic-ratelimit-{requests,tokens}-{limit,remaining,reset}`, the reset an RFC 3339 time;
 * when no combined `tokens` window is sent, the `input-tokens` one stands in (prompts dominate here).
 * Both vendors state their limits per minute.
 */
export function parseRateLimitHeaders(headers: Headers, now: number = Date.now()): RateLimitState | undefined {
  const state: RateLimitState = {};
  const openaiRequests = openaiWindow(headers, 'requests');
  const openaiTokens = openaiWindow(headers, 'tokens');
  const anthropicRequests = anthropicWindow(headers, 'requests', now);
  const anthropicTokens = anthropicWindow(headers, 'tokens', now) ?? anthropicWindow(headers, 'input-tokens', now);
  const requests = openaiRequests ?? anthropicRequests;
  const tokens = openaiTokens ?? anthropicTokens;
  if (requests) state.requests = requests;
  if (tokens) state.tokens = tokens;
  return requests || tokens ? state : undefined;
}

/**
 * The wait the rate-limit headers of a 429 imply when it carries no retry-after: until one unit of
 * every exhausted window is back. Both vendors refill continuously (a token bucket), and `reset` is
 * when the whole window is full, so one unit takes reset / (limit - remaining).
 */
export function waitFromRateLimit(state: RateLimitState | undefined): number | undefined {
  if (!state) return undefined;
  const waits = [state.requests, state.tokens]
    .filter((w): w is RateLimitWindow => w !== undefined && w.remaining !== undefined && w.remaining <= 0 && w.resetMs !== undefined)
    .map((w) => (w.limit !== undefined && w.limit > 0 ? (w.resetMs as number) / w.limit : (w.resetMs as number)));
  return waits.length === 0 ? undefined : Math.max(...waits);
}

function openaiWindow(headers: Headers, kind: 'requests' | 'tokens'): RateLimitWindow | undefined {
  return window(
    count(headers.get(`x-ratelimit-limit-${kind}`)),
    count(headers.get(`x-ratelimit-remaining-${kind}`)),
    parseGoDuration(headers.get(`x-ratelimit-reset-${kind}`)),
  );
}

function anthropicWindow(headers: Headers, kind: string, now: number): RateLimitWindow | undefined {
  const reset = headers.get(`anthropic-ratelimit-${kind}-reset`);
  const at = reset === null ? Number.NaN : Date.parse(reset);
  return window(
    count(headers.get(`anthropic-ratelimit-${kind}-limit`)),
    count(headers.get(`anthropic-ratelimit-${kind}-remaining`)),
    Number.isNaN(at) ? undefined : Math.max(0, at - now),
  );
}

function window(limit: number | undefined, remaining: number | undefined, resetMs: number | undefined): RateLimitWindow | undefined {
  if (limit === undefined && remaining === undefined) return undefined;
  return {
    ...(limit === undefined ? {} : { limit }),
    ...(remaining === undefined ? {} : { remaining }),
    ...(resetMs === undefined ? {} : { resetMs }),
  };
}

function count(value: string | null): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/**
 * A Go `time.Duration` string as OpenAI sends it, in milliseconds: `6m0s` -> 360000, `20ms` -> 20,
 * `1.5s` -> 1500. Undefined when it is not one.
 */
export function parseGoDuration(value: string | null): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  const unit: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, µs: 0.001, ns: 0.000001 };
  const part = /(\d+(?:\.\d+)?)(ms|us|µs|ns|h|m|s)/gy;
  let total = 0;
  let end = 0;
  for (let m = part.exec(text); m !== null; m = part.exec(text)) {
    total += Number(m[1]) * (unit[m[2] as string] as number);
    end = part.lastIndex;
  }
  return end === text.length && end > 0 ? total : undefined;
}
