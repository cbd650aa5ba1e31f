import * as OpenAISdk from 'openai';
import * as AnthropicSdk from '@anthropic-ai/sdk';

import { ProviderError } from '../errors.js';
import { parseRateLimitHeaders, waitFromRateLimit } from './rate-limit.js';

/**
 * What toProviderError may need besides the error: the strings that must never appear in what it
 * returns (API keys), and the timeout in force, for the message of a timed-out call.
 */
export interface ErrorContext {
  secrets?: readonly string[];
  timeoutMs?: number;
}

/**
 * Statuses worth another attempt: request timeout, conflict (OpenAI and Anthropic both ask for a
 * retry on 409), rate limit, and every server error. The same set the SDKs retry themselves; we
 * turn their retries off (`maxRetries: 0`) because the runner owns back-off and its budget.
 */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/**
 * Map anything a provider call threw to a ProviderError, the one place that decides whether a
 * retry can help. Handles both SDKs' error classes, an abort (message `aborted`, not retryable),
 * a timeout and a connection error (retryable), and, for user modules, any error carrying a numeric
 * `status`. The message and the `cause` never contain any of `context.secrets`.
 */
export function toProviderError(err: unknown, provider: string, context: ErrorContext = {}): ProviderError {
  if (err instanceof ProviderError) return err;
  const secrets = (context.secrets ?? []).filter((s) => s.length > 0);
  const scrub = (text: string): string => secrets.reduce((t, s) => t.split(s).join('[redacted]'), text);
  const cause = scrubCause(err, secrets);

  if (isAbort(err)) return new ProviderError('aborted', { provider, retryable: false, cause });

  if (err instanceof OpenAISdk.APIConnectionTimeoutError || err instanceof AnthropicSdk.APIConnectionTimeoutError) {
    const after = context.timeoutMs === undefined ? '' : ` after ${context.timeoutMs} ms`;
    return new ProviderError(`${provider}: request timed out${after}`, { provider, retryable: true, cause });
  }

  if (err instanceof OpenAISdk.APIConnectionError || err instanceof AnthropicSdk.APIConnectionError) {
    const reasons = causeMessages(err.cause);
    const detail = reasons.length === 0 ? err.message : `${err.message} (${reasons.join(': ')})`;
    return new ProviderError(`${provider}: ${scrub(detail)}`, { provider, retryable: true, cause });
  }

  if (err instanceof OpenAISdk.APIError || err instanceof AnthropicSdk.APIError) {
    const status = err.status;
    const requestId = err.requestID ?? undefined;
    const suffix = requestId ? ` (request ${requestId})` : '';
    // retry-after when the server sends one; else, for a 429, what its rate-limit headers imply.
    const retryAfterMs =
      err.headers === undefined ? undefined
      : (parseRetryAfter(err.headers) ?? (status === 429 ? waitFromRateLimit(parseRateLimitHeaders(err.headers)) : undefined));
    return new ProviderError(`${provider}: ${scrub(apiErrorDetail(err))}${suffix}`, {
      provider,
      ...(status === undefined ? {} : { status }),
      // OpenAI answers 429 `insufficient_quota` when the account has no credit: no wait will help.
      retryable: status === undefined || quotaExhausted(err) ? false : isRetryableStatus(status),
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      cause,
    });
  }

  // A user module's own error: honour a numeric `status`, and `retryable` / `retryAfterMs` when it
  // sets them (read by shape: a module loaded through another loader has its own ProviderError class).
  const status = numericProperty(err, 'status');
  const flagged = booleanProperty(err, 'retryable');
  const retryable = flagged ?? (status === undefined ? false : isRetryableStatus(status));
  const retryAfterMs = numericProperty(err, 'retryAfterMs');
  const message = errorMessage(err) ?? String(err);
  return new ProviderError(`${provider}: ${scrub(message)}`, {
    provider,
    ...(status === undefined ? {} : { status }),
    retryable,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    cause,
  });
}

/**
 * Server-advised wait in milliseconds: `retry-after-ms` (OpenAI, Anthropic), else `retry-after` as
 * delta-seconds or an HTTP date (RFC 9110 section 10.2.3). Undefined when absent or unreadable.
 */
export function parseRetryAfter(headers: Headers, now: number = Date.now()): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '') {
    const value = Number(ms);
    if (Number.isFinite(value) && value >= 0) return value;
  }
  const after = headers.get('retry-after');
  if (after === null || after.trim() === '') return undefined;
  const seconds = Number(after);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(after);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

function quotaExhausted(err: OpenAISdk.APIError | AnthropicSdk.APIError): boolean {
  return err.status === 429 && (err as { code?: unknown }).code === 'insufficient_quota';
}

function isAbort(err: unknown): boolean {
  if (err instanceof OpenAISdk.APIUserAbortError || err instanceof AnthropicSdk.APIUserAbortError) return true;
  // A user module that passes the signal to fetch sees the platform's AbortError.
  return err instanceof Error && err.name === 'AbortError';
}

/**
 * The SDK error as the cause, for debugging, unless a secret shows anywhere in it (a server that
 * echoes the key in its 401 message): then a plain Error with the scrubbed message stands in.
 */
function scrubCause(err: unknown, secrets: readonly string[]): unknown {
  if (secrets.length === 0) return err;
  const text = describe(err);
  if (!secrets.some((s) => text.includes(s))) return err;
  const message = secrets.reduce((t, s) => t.split(s).join('[redacted]'), errorMessage(err) ?? 'error');
  const replacement = new Error(message);
  if (err instanceof Error) replacement.name = err.name;
  return replacement;
}

/** Everything of an error that could be printed: messages along the cause chain and the response body. */
function describe(err: unknown, depth = 0): string {
  if (depth > 5 || err === null || err === undefined) return '';
  if (!(err instanceof Error)) return safeJson(err);
  const body = 'error' in err ? safeJson((err as { error: unknown }).error) : '';
  return `${err.message}\n${err.stack ?? ''}\n${body}\n${describe(err.cause, depth + 1)}`;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * The Anthropic SDK puts the whole JSON body in `message`; its `apiMessage` and `type` read better,
 * e.g. `401 authentication_error: invalid x-api-key`. OpenAI's message is already `401 <message>`.
 */
function apiErrorDetail(err: OpenAISdk.APIError | AnthropicSdk.APIError): string {
  if (err instanceof AnthropicSdk.APIError && err.apiMessage) {
    const type = err.type ? `${err.type}: ` : '';
    return `${err.status ?? ''} ${type}${err.apiMessage}`.trim();
  }
  return err.message;
}

/** Messages down the cause chain: undici hides the useful one (`other side closed`, `ECONNREFUSED`) two levels deep. */
function causeMessages(err: unknown, depth = 0): string[] {
  if (depth > 3 || !(err instanceof Error)) return [];
  const code = (err as { code?: unknown }).code;
  const own = typeof code === 'string' && !err.message.includes(code) ? `${err.message} [${code}]` : err.message;
  return [own, ...causeMessages(err.cause, depth + 1)];
}

function errorMessage(err: unknown): string | undefined {
  if (err instanceof Error) return err.message;
  if (typeof err === 'string') return err;
  return undefined;
}

function numericProperty(err: unknown, key: string): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const value = (err as Record<string, unknown>)[key];
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

function booleanProperty(err: unknown, key: string): boolean | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const value = (err as Record<string, unknown>)[key];
  return typeof value === 'boolean' ? value : undefined;
}
