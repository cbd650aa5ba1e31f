import assert from 'node:assert/strict';
import { ProviderError } from '../../lib/errors.js';
import { classifyFailure, type RetryPolicy } from '../../lib/runner/failure.js';

const retry: RetryPolicy = { maxRetries: 2, baseDelayMs: 100, maxDelayMs: 1000, maxThrottledRetries: 3 };
const ctx = (attempts: number, throttledAttempts = 0) => ({ providerId: 'openai:m', attempts, throttledAttempts, retry, random: () => 0.5 });
const pe = (status: number | undefined, retryable: boolean, retryAfterMs?: number) =>
  new ProviderError(`openai:m: ${status ?? 'connection'} fault`, { provider: 'openai:m', ...(status === undefined ? {} : { status }), retryable, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) });

describe('runner/failure classifyFailure', () => {
  it('retries a fault with full-jitter exponential back-off until maxRetries, then stops the run', () => {
    assert.deepEqual(classifyFailure(pe(500, true), ctx(1)), { kind: 'retry', delayMs: 50, throttled: false });
    assert.deepEqual(classifyFailure(pe(503, true), ctx(2)), { kind: 'retry', delayMs: 100, throttled: false });
    const stop = classifyFailure(pe(undefined, true), ctx(3));
    assert.equal(stop.kind, 'stop');
    assert.match((stop as { reason: string }).reason, /still failing after 3 attempts/);
  });

  it('never retries sooner than retry-after, and caps the back-off', () => {
    assert.deepEqual(classifyFailure(pe(429, true, 2500), ctx(1, 1)), { kind: 'retry', delayMs: 2500, throttled: true });
    const big = classifyFailure(pe(500, true), { ...ctx(2), random: () => 0.999, retry: { ...retry, maxRetries: 10 } });
    assert.ok(big.kind === 'retry' && big.delayMs <= 1000);
  });

  it('counts 429s against their own, larger allowance', () => {
    // Five attempts, four of them 429: faults used 1 of 2, throttles 4 of 3 -> stop.
    assert.equal(classifyFailure(pe(429, true), ctx(4, 3)).kind, 'retry');
    const stop = classifyFailure(pe(429, true), ctx(5, 4));
    assert.equal(stop.kind, 'stop');
    assert.match((stop as { reason: string }).reason, /rate-limited \(429\) after 5 attempts/);
  });

  it('stops at once, with the reason in words, on 401, 403, 404 and a hopeless 429', () => {
    const reason = (status: number) => {
      const a = classifyFailure(pe(status, false), ctx(1));
      assert.equal(a.kind, 'stop');
      return (a as { reason: string }).reason;
    };
    assert.match(reason(401), /rejected the request \(401\): authentication failed.*check the API key/);
    assert.match(reason(403), /\(403\): permission denied/);
    assert.match(reason(404), /\(404\): model or endpoint not found; check the model name/);
    assert.match(reason(429), /quota is used up/);
  });

  it('records a refusal of the request itself (400) against that call', () => {
    assert.deepEqual(classifyFailure(pe(400, false), ctx(1)), { kind: 'record', message: 'openai:m: 400 fault', status: 400 });
    assert.deepEqual(classifyFailure(new Error('module threw'), ctx(1)), { kind: 'record', message: 'module threw' });
  });
});
