import assert from 'node:assert/strict';

import { ProviderError } from '../../lib/errors.js';
import { createOpenAIProvider } from '../../lib/providers/openai.js';
import type { CompletionRequest } from '../../lib/types.js';
import { startOpenAIServer, type FakeServer } from '../helpers/fake-openai-server.js';
import { assertNoSecret, rejection, until } from './checks.js';

const KEY = 'sk-test-DO-NOT-LEAK-7f3a9c';
const ASK: CompletionRequest = {
  messages: [
    { role: 'system', content: 'You are a hiring assistant.' },
    { role: 'user', content: 'Should we interview Jamal? Answer yes or no.' },
  ],
  parameters: {},
};

describe('providers/openai', () => {
  let server: FakeServer;

  beforeEach(async () => {
    server = await startOpenAIServer({ reply: () => 'Yes, interview them.', model: 'gpt-4o-mini-2024-07-18' });
  });
  afterEach(() => server.close());

  const provider = (extra: Partial<Parameters<typeof createOpenAIProvider>[0]> = {}) =>
    createOpenAIProvider({ model: 'gpt-4o-mini', apiKey: KEY, baseURL: server.url, ...extra });

  it('sends messages and parameters in the Chat Completions fields and maps the response', async () => {
    const p = provider();
    assert.equal(p.id, 'openai:gpt-4o-mini');
    const response = await p.complete({ ...ASK, parameters: { temperature: 0.2, topP: 0.9, seed: 7, maxTokens: 50 } });

    assert.deepEqual(server.requests, [
      {
        model: 'gpt-4o-mini',
        messages: [
          { role: 'system', content: 'You are a hiring assistant.' },
          { role: 'user', content: 'Should we interview Jamal? Answer yes or no.' },
        ],
        temperature: 0.2,
        top_p: 0.9,
        seed: 7,
        max_completion_tokens: 50,
      },
    ]);
    // The fake counts words: 5 + 8 prompt words, 3 reply words.
    assert.deepEqual(response, {
      text: 'Yes, interview them.',
      model: 'gpt-4o-mini-2024-07-18',
      usage: { inputTokens: 13, outputTokens: 3 },
      finishReason: 'stop',
      requestId: 'req_fake_1',
    });
  });

  it('sends no parameter the request does not set', async () => {
    await provider().complete(ASK);
    assert.deepEqual(Object.keys(server.requests[0] as object).sort(), ['messages', 'model']);
  });

  it('openai-compatible sends max_tokens, which local servers understand', async () => {
    const p = provider({ compatible: true, model: 'llama3.1:8b' });
    assert.equal(p.id, 'openai-compatible:llama3.1:8b');
    await p.complete({ ...ASK, parameters: { maxTokens: 20, temperature: 0 } });
    const body = server.requests[0] as Record<string, unknown>;
    assert.equal(body.max_tokens, 20);
    assert.equal('max_completion_tokens' in body, false);
    assert.equal(body.temperature, 0);
    assert.equal(body.model, 'llama3.1:8b');
  });

  it('takes an explicit id', () => {
    assert.equal(provider({ id: 'openai:custom' }).id, 'openai:custom');
  });

  it('maps a null content to an empty text', async () => {
    const fetchNull: typeof fetch = async () =>
      new Response(
        JSON.stringify({
          id: 'c',
          object: 'chat.completion',
          created: 0,
          model: 'gpt-4o-mini',
          choices: [{ index: 0, message: { role: 'assistant', content: null, refusal: 'no' }, finish_reason: 'content_filter' }],
        }),
        { status: 200, headers: { 'content-type': 'application/json' } },
      );
    const response = await provider({ fetch: fetchNull }).complete(ASK);
    assert.equal(response.text, '');
    assert.equal(response.finishReason, 'content_filter');
    assert.equal(response.usage, undefined);
  });

  describe('errors, one HTTP request each (the runner retries, not the SDK)', () => {
    it('429 with retry-after: retryable, with retryAfterMs', async () => {
      server.setFaults([{ kind: 'status', status: 429, retryAfter: '2' }]);
      const err = await rejection(provider().complete(ASK));
      assert.ok(err instanceof ProviderError);
      assert.equal(err.status, 429);
      assert.equal(err.retryable, true);
      assert.equal(err.retryAfterMs, 2000);
      assert.equal(err.provider, 'openai:gpt-4o-mini');
      assert.match(err.message, /429/);
      assert.equal(server.requests.length, 1);
      assertNoSecret(err, KEY);
    });

    it('500: retryable', async () => {
      server.setFaults([{ kind: 'status', status: 500 }]);
      const err = await rejection(provider().complete(ASK));
      assert.ok(err instanceof ProviderError);
      assert.equal(err.status, 500);
      assert.equal(err.retryable, true);
      assert.equal(err.retryAfterMs, undefined);
      assert.equal(server.requests.length, 1);
      assertNoSecret(err, KEY);
    });

    it('a dropped connection: retryable, no status', async () => {
      server.setFaults([{ kind: 'drop' }]);
      const err = await rejection(provider().complete(ASK));
      assert.ok(err instanceof ProviderError);
      assert.equal(err.status, undefined);
      assert.equal(err.retryable, true);
      assert.match(err.message, /connection/i);
      assert.equal(server.requests.length, 1);
      assertNoSecret(err, KEY);
    });

    it('401: not retryable, and the key the server echoes is redacted', async () => {
      const err = await rejection(provider({ apiKey: 'bad-key' }).complete(ASK));
      assert.ok(err instanceof ProviderError);
      assert.equal(err.status, 401);
      assert.equal(err.retryable, false);
      assert.match(err.message, /Incorrect API key provided: \[redacted\]/);
      assert.equal(server.requests.length, 1);
      assertNoSecret(err, 'bad-key');
    });

    it('a body echoing the key never reaches message, properties or cause', async () => {
      server.setFaults([{ kind: 'status', status: 400, body: { error: { message: `bad key ${KEY} for model`, type: 'x' } } }]);
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
      assert.match(err.message, /timed out after 15 ms/);
      assert.equal(server.requests.length, 1);
      assertNoSecret(err, KEY);
    });

    it('defaultTimeoutMs applies when the request has none', async () => {
      server.setFaults([{ kind: 'delay', ms: 60 }]);
      const err = await rejection(provider({ defaultTimeoutMs: 15 }).complete(ASK));
      assert.ok(err instanceof ProviderError);
      assert.match(err.message, /timed out after 15 ms/);
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
      assert.equal(server.requests.length, 1);
      assertNoSecret(err, KEY);
    });

    it('an already aborted signal: no request at all', async () => {
      const err = await rejection(provider().complete({ ...ASK, signal: AbortSignal.abort() }));
      assert.ok(err instanceof ProviderError);
      assert.equal(err.message, 'aborted');
      assert.equal(server.requests.length, 0);
    });
  });
});
