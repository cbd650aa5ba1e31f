import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { audit } from '../../lib/index.js';
import { loadSimProfile } from '../../lib/providers/sim/index.js';
import { loadNameTable } from '../../lib/providers/sim/name-table.js';
import { respond } from '../../lib/providers/sim/respond.js';
import type { AuditResults, ChatMessage } from '../../lib/types.js';
import { collect, ROOT, runCli, spawnCli } from '../helpers/cli.js';
import { startAnthropicServer } from '../helpers/fake-anthropic-server.js';
import { startOpenAIServer, type FakeServer } from '../helpers/fake-openai-server.js';

const LOAN = join(ROOT, 'probes', 'loan-approval.yaml');
const MINI = join(ROOT, 'test', 'fixtures', 'probes', 'mini.yaml');
const OPENAI_KEY = 'sk-test-DO-NOT-LEAK-4f1c2a';
const ANTHROPIC_KEY = 'sk-ant-test-DO-NOT-LEAK-9b7e';

/**
 * A server-side stand-in for a model: sim:biased's answers, where the n-th identical request gets
 * sample n (as temperature sampling would), so an audit through the wire format sees the same
 * replies per probe as the same audit against sim directly.
 */
async function simReplier(seed: number): Promise<(messages: ChatMessage[]) => string> {
  const profile = await loadSimProfile('biased', ROOT);
  const names = loadNameTable();
  const seen = new Map<string, number>();
  return (messages) => {
    const key = JSON.stringify(messages);
    const sampleIndex = seen.get(key) ?? 0;
    seen.set(key, sampleIndex + 1);
    return respond(profile, names, { messages, seed, sampleIndex }).text;
  };
}

function openaiMessages(body: { messages: ChatMessage[] }): ChatMessage[] {
  return body.messages.map((m) => ({ role: m.role, content: m.content }));
}

function anthropicMessages(body: { system?: string | { text: string }[]; messages: { role: 'user' | 'assistant'; content: string | { text: string }[] }[] }): ChatMessage[] {
  const text = (c: string | { text: string }[]) => (typeof c === 'string' ? c : c.map((b) => b.text).join(''));
  return [...(body.system ? [{ role: 'system' as const, content: text(body.system) }] : []), ...body.messages.map((m) => ({ role: m.role, content: text(m.content) }))];
}

function results(dir: string): AuditResults {
  return JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as AuditResults;
}

function assertNoKeyIn(dir: string, key: string): void {
  for (const f of readdirSync(dir)) assert.ok(!readFileSync(join(dir, f), 'utf8').includes(key), `${f} contains the API key`);
}

const fastRetry = { maxRetries: 4, baseDelayMs: 1, maxDelayMs: 5 };

describe('audits through the OpenAI and Anthropic wire formats (local servers, official SDKs)', function () {
  this.timeout(120_000);
  let tmp: string;
  let simResults: AuditResults;
  const servers: FakeServer[] = [];
  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'ba-remote-'));
    const r = await runCli(['run', LOAN, '--model', 'sim:biased', '--seed', '5', '--out', join(tmp, 'sim')]);
    assert.equal(r.code, 1, r.stderr);
    simResults = results(join(tmp, 'sim'));
  });
  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
    rmSync(tmp, { recursive: true, force: true });
  });

  it('openai: gives the same findings as sim directly, and the key reaches no file', async () => {
    const reply = await simReplier(5);
    const server = await startOpenAIServer({ reply: (body) => reply(openaiMessages(body)) });
    servers.push(server);
    const out = join(tmp, 'openai');
    const r = await runCli(['run', LOAN, '--model', 'openai:gpt-4o-mini', '--seed', '5', '--out', out], {
      env: { OPENAI_API_KEY: OPENAI_KEY, OPENAI_BASE_URL: server.url },
    });
    assert.equal(r.code, 1, r.stderr);
    const res = results(out);
    assert.equal(res.synthetic, false);
    assert.equal(server.requests.length, res.counts.calls, 'one request per call');
    const first = server.requests[0] as { model: string; temperature: number; seed: number; max_completion_tokens: number };
    assert.equal(first.model, 'gpt-4o-mini');
    assert.equal(first.temperature, 0.7, 'the probe set parameters pass through');
    assert.equal(first.seed, 5);
    assert.equal(first.max_completion_tokens, 200);
    assert.deepEqual(
      res.findings.map((f) => [f.axis, f.verdict, f.groups.map((g) => [g.group, g.n, g.value])]),
      simResults.findings.map((f) => [f.axis, f.verdict, f.groups.map((g) => [g.group, g.n, g.value])]),
    );
    assertNoKeyIn(out, OPENAI_KEY);
    assert.ok(!r.stdout.includes(OPENAI_KEY) && !r.stderr.includes(OPENAI_KEY));
  });

  it('anthropic: gives the same findings as sim directly', async () => {
    const reply = await simReplier(5);
    const server = await startAnthropicServer({ reply: (body) => reply(anthropicMessages(body)) });
    servers.push(server);
    const out = join(tmp, 'anthropic');
    const r = await runCli(['run', LOAN, '--model', 'anthropic:claude-3-5-haiku-latest', '--seed', '5', '--out', out], {
      env: { ANTHROPIC_API_KEY: ANTHROPIC_KEY, ANTHROPIC_BASE_URL: server.url },
    });
    assert.equal(r.code, 1, r.stderr);
    const res = results(out);
    assert.deepEqual(
      res.findings.map((f) => [f.axis, f.verdict, f.groups.map((g) => [g.group, g.n, g.value])]),
      simResults.findings.map((f) => [f.axis, f.verdict, f.groups.map((g) => [g.group, g.n, g.value])]),
    );
    assertNoKeyIn(out, ANTHROPIC_KEY);
    assert.deepEqual(res.manifest.model.ignoredParameters, ['temperature', 'seed'], 'parameters Anthropic does not take are declared, not pretended');
    assert.ok(res.method.notes.some((n) => /does not accept temperature, seed/.test(n)));
  });

  it('openai-compatible with --base-url: retries 429 (honouring retry-after), 500 and a dropped connection', async () => {
    const reply = await simReplier(1);
    const server = await startOpenAIServer({ reply: (body) => reply(openaiMessages(body)) });
    servers.push(server);
    server.setFaults([{ kind: 'status', status: 429, retryAfter: '3' }, { kind: 'status', status: 500 }, { kind: 'drop' }, { kind: 'status', status: 503 }]);
    const waits: number[] = [];
    const res = await audit({
      probeSet: MINI,
      model: 'openai-compatible:llama3.1',
      baseUrl: server.url,
      env: {},
      seed: 1,
      outDir: join(tmp, 'compatible'),
      concurrency: 1,
      retry: fastRetry,
      sleep: async (ms) => void waits.push(ms),
    });
    assert.equal(res.counts.errors, 0, 'every faulted call was retried to success');
    assert.equal(server.requests.length, res.counts.calls + 4, 'four faulted requests, then one request per call');
    assert.equal(waits.length, 4);
    assert.ok((waits[0] as number) >= 3000, `429 retry-after 3 s honoured (waited ${waits[0]} ms)`);
    assert.equal(res.manifest.model.baseUrl, server.url, 'the base URL is recorded in the manifest');
  });

  it('a 401 stops the run at once with exit 3 and says how to resume', async () => {
    const server = await startOpenAIServer({ reply: () => 'Yes' });
    servers.push(server);
    const r = await runCli(['run', MINI, '--model', 'openai:gpt-4o-mini', '--out', join(tmp, 'denied')], {
      env: { OPENAI_API_KEY: 'bad-key', OPENAI_BASE_URL: server.url },
    });
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, /rejected the request \(401\)/);
    assert.match(r.stderr, /bias-audit run --resume /);
    assert.ok(server.requests.length <= 8, `stopped early (${server.requests.length} requests)`);
  });

  it('shows a reply containing <script> and Handlebars syntax as text in every report', async () => {
    const hostile = '<script>alert(1)</script><img src=x onerror=alert(2)> {{constructor.constructor}} Yes';
    const server = await startOpenAIServer({ reply: () => hostile });
    servers.push(server);
    const out = join(tmp, 'hostile');
    const r = await runCli(['run', MINI, '--model', 'openai:gpt-4o-mini', '--out', out], { env: { OPENAI_API_KEY: OPENAI_KEY, OPENAI_BASE_URL: server.url } });
    assert.ok([0, 1, 4].includes(r.code), r.stderr); // 4: inconclusive (exit code of issue 3)
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    assert.ok(!/<script/i.test(html), 'no script element');
    assert.ok(!/<img[^>]*onerror/i.test(html), 'no live onerror attribute');
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'the reply is shown escaped');
    assert.ok(html.includes('{{constructor.constructor}}'), 'Handlebars syntax in a reply is shown literally');
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    assert.ok(!md.includes('<script>'));
  });

  it('survives SIGKILL half-way: re-running into the same directory only makes the missing calls', async () => {
    const reply = await simReplier(3);
    const server = await startOpenAIServer({ reply: (body) => reply(openaiMessages(body)) });
    servers.push(server);
    server.setFaults(Array.from({ length: 24 }, () => ({ kind: 'delay' as const, ms: 40 })));
    const out = join(tmp, 'killed');
    const journal = join(out, 'responses.jsonl');
    const env = { OPENAI_API_KEY: OPENAI_KEY, OPENAI_BASE_URL: server.url };
    const child = spawnCli(['run', MINI, '--model', 'openai:gpt-4o-mini', '--seed', '3', '--concurrency', '2', '--out', out], { env });
    const done = collect(child);
    const lines = () => {
      try {
        return readFileSync(journal, 'utf8').split('\n').filter((l) => l !== '').length;
      } catch {
        return 0;
      }
    };
    await new Promise<void>((resolve, reject) => {
      const t = setInterval(() => {
        if (lines() >= 6) {
          clearInterval(t);
          child.kill('SIGKILL');
          resolve();
        }
      }, 5);
      child.on('exit', () => {
        clearInterval(t);
        reject(new Error('the run finished before it could be killed'));
      });
    });
    await done;
    const kept = lines();
    assert.ok(kept >= 6 && kept < 24, `killed half-way with ${kept} replies journalled`);
    const before = server.requests.length;
    const r = await runCli(['run', MINI, '--model', 'openai:gpt-4o-mini', '--seed', '3', '--concurrency', '2', '--out', out], { env });
    assert.ok([0, 1, 4].includes(r.code), r.stderr); // 4: inconclusive (exit code of issue 3)
    assert.equal(server.requests.length - before, 24 - kept, 'only the missing calls were made');
    assert.equal(lines(), 24);
    assert.equal(results(out).counts.errors, 0);
  });
});
