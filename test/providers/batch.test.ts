import assert from 'node:assert/strict';
import { ProviderError } from '../../lib/errors.js';
import { createAnthropicProvider } from '../../lib/providers/anthropic.js';
import { createOpenAIProvider } from '../../lib/providers/openai.js';
import type { BatchApi, BatchRequest, BatchResult } from '../../lib/types.js';
import { startAnthropicServer } from '../helpers/fake-anthropic-server.js';
import { startOpenAIServer, type FakeOpenAIServer } from '../helpers/fake-openai-server.js';
import { assertNoSecret, rejection } from './checks.js';

const KEY = 'sk-test-DO-NOT-LEAK-batch-51c';
const requests: BatchRequest[] = ['a', 'b', 'c'].map((x) => ({ customId: `key${x}`, messages: [{ role: 'user', content: `Is ${x} fine? Answer yes or no.` }], parameters: { maxTokens: 5 } }));

async function collect(api: BatchApi, id: string): Promise<BatchResult[]> {
  const out: BatchResult[] = [];
  for await (const r of api.results(id, {})) out.push(r);
  return out.sort((x, y) => x.customId.localeCompare(y.customId));
}

describe('providers: batch APIs through the official SDKs (local emulations)', () => {
  let server: FakeOpenAIServer;
  afterEach(() => server.close());

  describe('OpenAI Batch API', () => {
    const api = () => createOpenAIProvider({ model: 'gpt-4o-mini', apiKey: KEY, baseURL: server.url }).batch!;

    it('uploads a JSONL file, creates a batch from it, polls, and reads the output file', async () => {
      server = await startOpenAIServer({ reply: (body) => `Yes (${body.max_completion_tokens})`, batch: { pollsToComplete: 2 } });
      const staged: string[] = [];
      const { id } = await api().submit(requests, { onStaged: (s) => staged.push(s) });
      assert.deepEqual(staged, ['file-fake1'], 'the uploaded file is reported before the batch exists');
      assert.deepEqual(server.batches.created, [{ id, customIds: ['keya', 'keyb', 'keyc'] }]);
      assert.equal((await api().status(id, {})).state, 'running');
      const ended = await api().status(id, {});
      assert.deepEqual(ended, { id, state: 'ended', processed: 3, total: 3 });
      const results = await collect(api(), id);
      assert.equal(results.length, 3);
      assert.equal(results[0]?.customId, 'keya');
      assert.equal(results[0]?.response?.text, 'Yes (5)', 'each line is a Chat Completions body with the parameters');
      assert.deepEqual(results[0]?.response?.usage, { inputTokens: 7, outputTokens: 2 }); // the fake counts words
      assert.equal(results[0]?.response?.requestId, 'req_b_keya');
    });

    it('reads the error file: refused requests are final, expired ones retryable', async () => {
      server = await startOpenAIServer({
        reply: () => 'Yes',
        batch: { fail: (id) => (id === 'keyb' ? { status: 400, message: 'bad request' } : id === 'keyc' ? 'expired' : undefined) },
      });
      const { id } = await api().submit(requests, {});
      await api().status(id, {});
      const [a, b, c] = await collect(api(), id);
      assert.equal(a?.response?.text, 'Yes');
      assert.deepEqual(b?.error, { message: 'openai:gpt-4o-mini: 400 bad request', status: 400, retryable: false });
      assert.equal(c?.error?.retryable, true);
      assert.equal(c?.error?.code, 'batch_expired');
    });

    it('recover finds the batch made from an uploaded file, or makes it', async () => {
      server = await startOpenAIServer({ reply: () => 'Yes' });
      const { id } = await api().submit(requests, {});
      assert.deepEqual(await api().recover!('file-fake1', {}), { id }, 'found by its input file');
      assert.equal(server.batches.created.length, 1);
      // A file uploaded by a process that died before batches.create: the batch is made from it.
      let stagedOnly = '';
      const failing = createOpenAIProvider({ model: 'gpt-4o-mini', apiKey: KEY, baseURL: server.url, fetch: async (input, init) => {
        if (String(input).endsWith('/batches') && init?.method === 'POST') throw new TypeError('fetch failed: the process died here');
        return fetch(input, init);
      } }).batch!;
      await rejection(failing.submit(requests, { onStaged: (s) => (stagedOnly = s) }));
      assert.equal(stagedOnly, 'file-fake2');
      const made = await api().recover!(stagedOnly, {});
      assert.ok(made && made.id !== id);
      assert.equal(server.batches.created.length, 2);
    });

    it('errors are ProviderErrors without the key', async () => {
      server = await startOpenAIServer({ reply: () => 'Yes' });
      const bad = createOpenAIProvider({ model: 'gpt-4o-mini', apiKey: 'bad-key', baseURL: server.url }).batch!;
      const err = await rejection(bad.submit(requests, {}));
      assert.ok(err instanceof ProviderError && err.status === 401);
      const missing = await rejection(api().status('batch_nope', {}));
      assert.ok(missing instanceof ProviderError && missing.status === 404);
      assertNoSecret(missing, KEY);
    });

    it('openai-compatible servers have no batch API', () => {
      assert.equal(createOpenAIProvider({ model: 'llama', apiKey: 'x', baseURL: 'http://127.0.0.1:9/v1', compatible: true }).batch, undefined);
    });
  });

  describe('Anthropic Message Batches', () => {
    const api = () => createAnthropicProvider({ model: 'claude-haiku-4-5', apiKey: KEY, baseURL: server.url }).batch!;

    it('creates a batch with every request inline, polls, and streams the results', async () => {
      server = await startAnthropicServer({ reply: (body) => `No (${body.max_tokens})`, batch: { pollsToComplete: 3 } });
      const { id } = await api().submit(requests, {});
      assert.deepEqual(server.batches.created, [{ id, customIds: ['keya', 'keyb', 'keyc'] }]);
      assert.equal((await api().status(id, {})).state, 'running');
      assert.equal((await api().status(id, {})).state, 'running');
      assert.deepEqual(await api().status(id, {}), { id, state: 'ended', processed: 3, total: 3 });
      const results = await collect(api(), id);
      assert.deepEqual(results.map((r) => r.response?.text), ['No (5)', 'No (5)', 'No (5)']);
      assert.deepEqual(results[1]?.response?.usage, { inputTokens: 7, outputTokens: 2 }); // the fake counts words
    });

    it('errored requests are final unless the error is the provider\'s; expired ones are retryable', async () => {
      server = await startAnthropicServer({
        reply: () => 'Yes',
        batch: { fail: (id) => (id === 'keya' ? { status: 400, message: 'prompt too long' } : id === 'keyb' ? { status: 529, message: 'overloaded' } : 'expired') },
      });
      const { id } = await api().submit(requests, {});
      await api().status(id, {});
      const [a, b, c] = await collect(api(), id);
      assert.deepEqual(a?.error, { message: 'anthropic:claude-haiku-4-5: invalid_request_error: prompt too long', code: 'invalid_request_error', retryable: false });
      assert.equal(b?.error?.retryable, true);
      assert.equal(c?.error?.code, 'expired');
      assert.equal(c?.error?.retryable, true);
    });
  });
});
