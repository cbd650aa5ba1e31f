import assert from 'node:assert/strict';

import { ProviderError } from '../../lib/errors.js';
import { ANTHROPIC_DEFAULT_MAX_TOKENS, createAnthropicProvider } from '../../lib/providers/anthropic.js';
import type { CompletionRequest } from '../../lib/types.js';
import { startAnthropicServer, type FakeServer } from '../helpers/fake-anthropic-server.js';
import { assertNoSecret, rejection, until } from './checks.js';

const KEY = 'sk-ant-test-DO-NOT-LEAK-41b7e2';
const ASK: CompletionRequest = {
  messages: [
    { role: 'system', content: 'You are a hiring assistant.' },
    { role: 'system', content: 'Answer yes or no.' },
    { role: 'user', content: 'Should we interview Emily?' },
    { role: 'assistant', content: 'Let me think.' },
    { role: 'user', content: 'Decide.' },
  ],
  parameters: {},
};

describe('providers/anthropic', () => {
  let server: FakeServer;

  beforeEach(async () => {
    server = await startAnthropicServer({ reply: () => 'No.', model: 'claude-test-1-20990101' });
  });
  afterEach(() => server.close());

  const provider = (extra: Partial<Parameters<typeof createAnthropicProvider>[0]> = {}) =>
    createAnthropicProvider({ model: 'claude-test-1', apiKey: KEY, baseURL: server.url, ...extra });

  it('joins system messages into `system`, sends the rest as messages, maps the response', async () => {
    const p = provider();
    assert.equal(p.id, 'anthropic:claude-test-1');
    const response = await p.complete({ ...ASK, parameters: { maxTokens: 64 } });
    assert.deepEqual(server.requests, [
      {
        model: 'claude-test-1',
        max_tokens: 64,
        system: 'You are a hiring assistant.\n\nAnswer yes or no.',
        messages: [
          { role: 'user', content: 'Should we interview Emily?' },
          { role: 'assistant', content: 'Let me think.' },
          { role: 'user', content: 'Decide.' },
        ],
      },
    ]);
    // The fake counts words: 9 system + 4 + 3 + 1 message words, 1 reply word.
    assert.deepEqual(response, {
      text: 'No.',
      model: 'claude-test-1-20990101',
      usage: { inputTokens: 17, outputTokens: 1 },
      finishReason: 'end_turn',
      requestId: 'req_fake_1',
    });
  });

  it(`sends max_tokens ${ANTHROPIC_DEFAULT_MAX_TOKENS} by default, no system when there is none`, async () => {
    await provider().complete({ messages: [{ role: 'user', content: 'Hi' }], parameters: {} });
    assert.deepEqual(server.requests[0], {
      model: 'claude-test-1',
      max_tokens: 512,
      messages: [{ role: 'user', content: 'Hi' }],
    });
  });

  it('sends neither seed nor temperature/top_p, which API version 2026-10-21 rejects', async () => {
    await provider().complete({ ...ASK, parameters: { temperature: 0, topP: 0.5, seed: 3 } });
    const body = server.requests[0] as Record<string, unknown>;
    for (const name of ['temperature', 'top_p', 'top_k', 'seed']) assert.equal(name in body, false, name);
  });

  it('concatenates text blocks and skips the others', async () => {
    const twoBlocks: typeof fetch = async () =>
      new Response(
        JSON.stringify({
          id: 'msg_1',
          type: 'message',
          role: 'assistant',
          model: 'claude-test-1',
          content: [
            { type: 'thinking', thinking: 'hmm', signature: 's' },
            { type: 'text', text: 'Yes', citations: null },
            { type: 'text', text: ', interview.', citations: null },
          ],
          stop_reason: 'max_tokens',
          stop_sequence: null,
          usage: { input_tokens: 10, output_tokens: 4 },
        }),
        { status: 200, headers: { 'content-type': 'application/json', 'request-id': 'req_abc' } },
      );
    const response = await provider({ fetch: twoBlocks }).complete(ASK);
    assert.equal(response.text, 'Yes, interview.');
    assert.equal(response.finishReason, 'max_tokens');
    assert.equal(response.requestId, 'req_abc');
  });

  describe('errors, one HTTP request each (the runner retries, not the SDK)', () => {
    it('429 with retry-after: retryable, with retryAfterMs', async () => {
      server.setFaults([{ kind: 'status', status: 429, retryAfter: '0' }]);
      const err = await rejection(provider().complete(ASK));
      assert.ok(err instanceof ProviderError);
      assert.equal(err.status, 429);
      assert.equal(err.retryable, true);
      assert.equal(err.retryAfterMs, 0);
      assert.equal(server.requests.length, 1);
      assertNoSecret(err, KEY);
    });

    it('529 overloaded and 500: retryable', async () => {
      server.setFaults([{ kind: 'status', status: 529 }, { kind: 'status', status: 500 }]);
      for (const status of [529, 500]) {
        const err = await rejection(provider().complete(ASK));
        assert.ok(err instanceof ProviderError);
        assert.equal(err.status, status);
        assert.equal(err.retryable, true);
      }
      assert.equal(server.requests.length, 2);
    });

    it('a dropped connection: retryable', async () => {
      server.setFaults([{ kind: 'drop' }]);
      const err = await rejection(provider().complete(ASK));
      assert.ok(err instanceof ProviderError);
      assert.equal(err.retryable, true);
      assert.equal(err.status, undefined);
      assert.equal(server.requests.length, 1);
      assertNoSecret(err, KEY);
    });

    it('401: not retryable', async () => {
      const err = await rejection(provider({ apiKey: 'bad-key' }).complete(ASK));
      assert.ok(err instanceof ProviderError);
      assert.equal(err.status, 401);
      assert.equal(err.retryable, false);
      assert.match(err.message, /401 authentication_error: invalid x-api-key \(request req_fake_1\)/);
      assert.equal(server.requests.length, 1);
    });

    it('a body echoing the key never reaches message, properties or cause', async () => {
      const body = { type: 'error', error: { type: 'authentication_error', message: `key ${KEY} revoked` } };
      server.setFaults([{ kind: 'status', status: 403, body }]);
      const err = await rejection(provider().complete(ASK));
      assert.ok(err instanceof ProviderError);
      assert.equal(err.retryable, false);
      assertNoSecret(err, KEY);
    });

    it('a reply slower than timeoutMs: retryable timeout', async () => {
      server.setFaults([{ kind: 'delay', ms: 60 }]);
      const err = await rejection(provider().complete({ ...ASK, timeoutMs: 15 }));
      assert.ok(err instanceof ProviderError);
      assert.equal(err.retryable, true);
      assert.match(err.message, /timed out/);
      assert.equal(server.requests.length, 1);
      assertNoSecret(err, KEY);
    });

    it('an abort while the call is in flight: "aborted", not retryable', async () => {
      server.setFaults([{ kind: 'delay', ms: 1000 }]);
      const controller = new AbortController();
      const call = provider().complete({ ...ASK, signal: controller.signal });
      await until(() => server.requests.length === 1);
      controller.abort();
      const err = await rejection(call);
      assert.ok(err instanceof ProviderError);
      assert.equal(err.message, 'aborted');
      assert.equal(err.retryable, false);
      assertNoSecret(err, KEY);
    });
  });
});
