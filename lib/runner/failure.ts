import { ProviderError } from '../errors.js';

export interface RetryPolicy {
  /** Tries after the first call (so `maxRetries: 4` is at most 5 calls) for faults: 5xx, timeouts, dropped connections. */
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /**
   * Tries after the first call for rate limiting (429). A 429 says "slower", not "broken", so it
   * gets a larger allowance of its own. Default 20.
   */
  maxThrottledRetries?: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 4, baseDelayMs: 500, maxDelayMs: 30_000 };
const DEFAULT_THROTTLED_RETRIES = 20;

/** What the runner does after a failed attempt. */
export type FailureAction =
  /** Wait `delayMs` and try again; `throttled` when the provider asked to slow down. */
  | { kind: 'retry'; delayMs: number; throttled: boolean }
  /** Stop the whole run: nothing more can succeed (the circuit breaker). */
  | { kind: 'stop'; reason: string }
  /** Journal the call as failed and go on: the request itself was refused. */
  | { kind: 'record'; message: string; status?: number };

/**
 * Decide what a failed attempt means. Retryable errors (429, 408, 409, 5xx, timeouts, dropped
 * connections) are tried again after full-jitter exponential back-off (Brooker, "Exponential
 * Backoff And Jitter", AWS Architecture Blog, 2015), never sooner than the server's retry-after,
 * until their allowance is spent, which stops the run. 401, 403 and 404 stop it at once: no other
 * call can succeed with a rejected key or an unknown model. Any other refusal (400: the content)
 * is recorded against that call alone.
 */
export function classifyFailure(
  err: unknown,
  ctx: { providerId: string; attempts: number; throttledAttempts: number; retry: RetryPolicy; random: () => number },
): FailureAction {
  const pe = asProviderError(err);
  const { providerId: id, retry } = ctx;
  if (pe?.retryable) {
    const throttled = pe.status === 429;
    const used = throttled ? ctx.throttledAttempts : ctx.attempts - ctx.throttledAttempts;
    const allowed = throttled ? (retry.maxThrottledRetries ?? DEFAULT_THROTTLED_RETRIES) : retry.maxRetries;
    if (used <= allowed) {
      // The back-off grows with every failed attempt of this call, whatever the kind.
      const backoff = ctx.random() * Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (ctx.attempts - 1));
      return { kind: 'retry', delayMs: Math.max(backoff, pe.retryAfterMs ?? 0), throttled };
    }
    const what = throttled ? 'rate-limited (429)' : 'still failing';
    return { kind: 'stop', reason: `${id} ${what} after ${ctx.attempts} attempts: ${pe.message}` };
  }
  switch (pe?.status) {
    case 401:
      return { kind: 'stop', reason: `${id} rejected the request (401): authentication failed, so no call can succeed; check the API key. ${pe.message}` };
    case 403:
      return { kind: 'stop', reason: `${id} rejected the request (403): permission denied; the key may not have access to this model. ${pe.message}` };
    case 404:
      return { kind: 'stop', reason: `${id} rejected the request (404): model or endpoint not found; check the model name (and --base-url). ${pe.message}` };
    case 429:
      // A 429 the provider marks as hopeless: the account's quota or credit is used up.
      return { kind: 'stop', reason: `${id} refused the request (429) and retrying cannot help: the account's quota is used up. ${pe.message}` };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { kind: 'record', message, ...(pe?.status === undefined ? {} : { status: pe.status }) };
}

/**
 * A ProviderError, recognised by its shape rather than `instanceof`: a user's module provider (or a
 * second copy of this library) may throw one made by another copy of the class.
 */
export function asProviderError(err: unknown): ProviderError | undefined {
  if (err instanceof ProviderError) return err;
  const e = err as Partial<ProviderError> | null;
  if (e && typeof e === 'object' && e.code === 'PROVIDER' && typeof e.retryable === 'boolean') return e as ProviderError;
  return undefined;
}

/** The message the run stops with after `count` calls in a row failed (the other circuit breaker). */
export function consecutiveFailuresReason(count: number, lastMessage: string): string {
  return `${count} calls in a row failed, so the run looks hopeless; last error: ${lastMessage}`;
}
