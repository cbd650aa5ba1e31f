import assert from 'node:assert/strict';
import { ProviderError } from '../../lib/errors.js';
import { createAnthropicProvider } from '../../lib/providers/anthropic.js';
import { createOpenAIProvider } from '../../lib/providers/openai.js';
import { parseGoDuration, parseRateLimitHeaders, waitFromRateLimit } from '../../lib/providers/rate-limit.js';
import { startAnthropicServer } from '../helpers/fake-anthropic-server.js';
import { startOpenAIServer, type FakeServer } from '../helpers/fake-openai-server.js';
import { rejection } from './checks.js';

const ASK = { messages: [{ role: 'user' as const, content: 'Yes or no?' }], parameters: {} };

describe('providers/rate-limit', () => {
  it('reads Go durations as OpenAI sends them', () => {
    assert.equal(parseGoDuration('6m0s'), 360_000);
    assert.equal(parseGoDuration('1s'), 1000);
    assert.equal(parseGoDuration('20ms'), 20);
    assert.equal(parseGoDuration('1h2m3.5s'), 3_723_500);
    assert.equal(parseGoDuration('0s'), 0);
    for (const bad of ['', '5', 'soon', '1x', '1s2']) assert.equal(parseGoDuration(bad), undefined, bad);
  });

  it('reads the OpenAI dialect (platform.openai.com/docs/guides/rate-limits)', () => {
    const h = new Headers({
      'x-ratelimit-limit-requests': '60',
      'x-ratelimit-limit-tokens': '150000',
      'x-ratelimit-remaining-requests': '59',
      'x-ratelimit-remaining-tokens': '149984',
      'x-ratelimit-reset-requests': '1s',
      'x-ratelimit-reset-tokens': '6m0s',
    });
    assert.deepEqual(parseRateLimitHeaders(h), {
      requests: { limit: 60, remaining: 59, resetMs: 1000 },
      tokens: { limit: 150000, remaining: 149984, resetMs: 360_000 },
    });
  });

  it('reads the Anthropic dialect, resets as RFC 3339 times (docs.anthropic.com/en/api/rate-limits)', () => {
    const now = Date.parse('2026-11-25T12:00:00Z');
    const h = new Headers({
      'anthropic-ratelimit-requests-limit': '50',
      'anthropic-ratelimit-requests-remaining': '0',
      'anthropic-ratelimit-requests-reset': '2026-11-25T12:00:30Z',
      'anthropic-ratelimit-input-tokens-limit': '40000',
      'anthropic-ratelimit-input-tokens-remaining': '39000',
      'anthropic-ratelimit-input-tokens-reset': '2026-11-25T12:00:01.5Z',
    });
    const state = parseRateLimitHeaders(h, now);
    assert.deepEqual(state, { requests: { limit: 50, remaining: 0, resetMs: 30_000 }, tokens: { limit: 40000, remaining: 39000, resetMs: 1500 } });
    // Exhausted requests window, refilling 50 over 30 s: one is back after 600 ms.
    assert.equal(waitFromRateLimit(state), 600);
  });

  it('is undefined without rate-limit headers, or with nothing exhausted', () => {
    assert.equal(parseRateLimitHeaders(new Headers({ 'content-type': 'application/json' })), undefined);
    assert.equal(waitFromRateLimit({ requests: { limit: 10, remaining: 3, resetMs: 100 } }), undefined);
  });

  describe('through the SDKs (withResponse)', () => {
    let server: FakeServer;
    afterEach(() => server.close());

    it('openai: the reply carries the headers\' state', async () => {
      server = await startOpenAIServer({
        reply: () => 'Yes',
        headers: () => ({ 'x-ratelimit-limit-requests': '500', 'x-ratelimit-remaining-requests': '499', 'x-ratelimit-reset-requests': '120ms' }),
      });
      const p = createOpenAIProvider({ model: 'gpt-4o-mini', apiKey: 'k', baseURL: server.url });
      const r = await p.complete(ASK);
      assert.deepEqual(r.rateLimit, { requests: { limit: 500, remaining: 499, resetMs: 120 } });
      assert.equal(r.requestId, 'req_fake_1');
    });

    it('anthropic: the reply carries the headers\' state', async () => {
      server = await startAnthropicServer({
        reply: () => 'Yes',
        headers: () => ({ 'anthropic-ratelimit-requests-limit': '50', 'anthropic-ratelimit-requests-remaining': '49', 'anthropic-ratelimit-requests-reset': new Date(Date.now() + 60_000).toISOString() }),
      });
      const p = createAnthropicProvider({ model: 'claude-haiku-4-5', apiKey: 'k', baseURL: server.url });
      const r = await p.complete(ASK);
      assert.equal(r.rateLimit?.requests?.limit, 50);
      assert.equal(r.rateLimit?.requests?.remaining, 49);
      assert.ok((r.rateLimit?.requests?.resetMs ?? 0) > 50_000);
    });

    it('openai: a 429 without retry-after waits what its rate-limit headers imply', async () => {
      server = await startOpenAIServer({ reply: () => 'Yes' });
      server.setFaults([
        {
          kind: 'status',
          status: 429,
          body: { error: { message: 'Rate limit reached for requests', type: 'requests', param: null, code: 'rate_limit_exceeded' } },
          headers: { 'x-ratelimit-limit-requests': '60', 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '60s' },
        },
      ]);
      const p = createOpenAIProvider({ model: 'gpt-4o-mini', apiKey: 'k', baseURL: server.url });
      const err = (await rejection(p.complete(ASK))) as ProviderError;
      assert.equal(err.status, 429);
      assert.equal(err.retryable, true);
      assert.equal(err.retryAfterMs, 1000, '60 per minute, none left: one is back in a second');
    });

    it('openai: 429 insufficient_quota is not retryable (no wait brings credit back)', async () => {
      server = await startOpenAIServer({ reply: () => 'Yes' });
      server.setFaults([{ kind: 'status', status: 429, body: { error: { message: 'You exceeded your current quota', type: 'insufficient_quota', param: null, code: 'insufficient_quota' } } }]);
      const p = createOpenAIProvider({ model: 'gpt-4o-mini', apiKey: 'k', baseURL: server.url });
      const err = (await rejection(p.complete(ASK))) as ProviderError;
      assert.equal(err.status, 429);
      assert.equal(err.retryable, false);
    });
  });
});
