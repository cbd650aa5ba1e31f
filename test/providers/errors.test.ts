import assert from 'node:assert/strict';

import * as OpenAISdk from 'openai';
import * as AnthropicSdk from '@anthropic-ai/sdk';

import { ProviderError } from '../../lib/errors.js';
import { isRetryableStatus, parseRetryAfter, toProviderError } from '../../lib/providers/errors.js';
import { assertNoSecret } from './checks.js';

describe('providers/errors', () => {
  describe('isRetryableStatus', () => {
    it('retries 408, 409, 429 and 5xx only', () => {
      for (const status of [408, 409, 429, 500, 502, 503, 504, 529]) assert.equal(isRetryableStatus(status), true, String(status));
      for (const status of [400, 401, 402, 403, 404, 413, 422]) assert.equal(isRetryableStatus(status), false, String(status));
    });
  });

  describe('parseRetryAfter', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    it('prefers retry-after-ms', () => {
      assert.equal(parseRetryAfter(new Headers({ 'retry-after-ms': '250.5', 'retry-after': '9' }), now), 250.5);
    });
    it('reads retry-after as seconds', () => {
      assert.equal(parseRetryAfter(new Headers({ 'retry-after': '1.5' }), now), 1500);
      assert.equal(parseRetryAfter(new Headers({ 'retry-after': '0' }), now), 0);
    });
    it('reads retry-after as an HTTP date, never negative', () => {
      assert.equal(parseRetryAfter(new Headers({ 'retry-after': 'Wed, 01 Jan 2025 00:00:30 GMT' }), now), 30_000);
      assert.equal(parseRetryAfter(new Headers({ 'retry-after': 'Tue, 31 Dec 2024 23:59:00 GMT' }), now), 0);
    });
    it('is undefined when absent or unreadable', () => {
      assert.equal(parseRetryAfter(new Headers(), now), undefined);
      assert.equal(parseRetryAfter(new Headers({ 'retry-after': 'soon' }), now), undefined);
      assert.equal(parseRetryAfter(new Headers({ 'retry-after': '-3' }), now), undefined);
    });
  });

  describe('toProviderError', () => {
    it('maps both SDKs by status, keeping the request id', () => {
      const headers = new Headers({ 'x-request-id': 'req_1', 'retry-after-ms': '10' });
      const openai = toProviderError(OpenAISdk.APIError.generate(429, { error: { message: 'slow down' } }, undefined, headers), 'p');
      assert.equal(openai.retryable, true);
      assert.equal(openai.retryAfterMs, 10);
      assert.equal(openai.message, 'p: 429 slow down (request req_1)');

      const body = { type: 'error', error: { type: 'invalid_request_error', message: 'bad' } };
      const anthropic = toProviderError(AnthropicSdk.APIError.generate(422, body, undefined, new Headers()), 'q');
      assert.equal(anthropic.retryable, false);
      assert.equal(anthropic.status, 422);
      assert.equal(anthropic.message, 'q: 422 invalid_request_error: bad');
    });

    it('returns a ProviderError as it is', () => {
      const err = new ProviderError('x', { provider: 'p', retryable: true });
      assert.equal(toProviderError(err, 'other'), err);
    });

    it('maps a platform AbortError to "aborted"', () => {
      const err = toProviderError(new DOMException('This operation was aborted', 'AbortError'), 'p');
      assert.equal(err.message, 'aborted');
      assert.equal(err.retryable, false);
    });

    it('honours a numeric status or a retryable flag on a foreign error', () => {
      const limited = toProviderError(Object.assign(new Error('limited'), { status: 503 }), 'p');
      assert.equal(limited.retryable, true);
      assert.equal(limited.status, 503);
      const flaky = toProviderError(Object.assign(new Error('flaky'), { retryable: true, retryAfterMs: 5 }), 'p');
      assert.equal(flaky.retryable, true);
      assert.equal(flaky.retryAfterMs, 5);
      assert.equal(toProviderError(new TypeError('bug'), 'p').retryable, false);
      assert.equal(toProviderError('plain string', 'p').message, 'p: plain string');
    });

    it('scrubs every secret from message and cause', () => {
      const key = 'sk-secret-0123456789';
      const inner = new Error(`socket to host with key ${key}`);
      const err = toProviderError(new OpenAISdk.APIConnectionError({ cause: inner }), 'p', { secrets: [key] });
      assert.equal(err.retryable, true);
      assert.match(err.message, /\[redacted\]/);
      assertNoSecret(err, key);
    });

    it('the leak check itself sees a key hidden in a cause', () => {
      const leaky = new Error('fine', { cause: new Error('key sk-hidden-1') });
      assert.throws(() => assertNoSecret(leaky, 'sk-hidden-1'));
    });
  });
});
