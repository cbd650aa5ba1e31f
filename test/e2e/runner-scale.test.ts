import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expand, loadProbeSet } from '../../lib/probes/index.js';
import { loadSimProfile } from '../../lib/providers/sim/index.js';
import { shardProbes } from '../../lib/runner/index.js';
import { loadNameTable } from '../../lib/providers/sim/name-table.js';
import { respond } from '../../lib/providers/sim/respond.js';
import { seededRng } from '../../lib/stats/rng.js';
import type { AuditResults, ChatMessage, ResponseRecord } from '../../lib/types.js';
import { collect, ROOT, runCli, spawnCli } from '../helpers/cli.js';
import { startAnthropicServer } from '../helpers/fake-anthropic-server.js';
import { startOpenAIServer, type FakeOpenAIServer } from '../helpers/fake-openai-server.js';

const MINI = join(ROOT, 'test', 'fixtures', 'probes', 'mini.yaml');
// 75 probes x 4 samples = 300 calls in 20 counterfactual units, 20 max tokens a reply.
const SCALE = join(ROOT, 'test', 'runner', 'fixtures', 'scale.yaml');
const KEY = 'sk-test-DO-NOT-LEAK-scale-7d2e';

/**
 * sim:biased's answer to a request, from its content alone (sample 0 for every sample), so that an
 * interrupted, resumed, batched or cached run gets exactly the replies an uninterrupted one does.
 */
async function contentReplier(seed: number): Promise<(messages: ChatMessage[]) => string> {
  const profile = await loadSimProfile('biased', ROOT);
  const names = loadNameTable();
  return (messages) => respond(profile, names, { messages, seed, sampleIndex: 0 }).text;
}
const openaiMessages = (body: { messages: ChatMessage[] }): ChatMessage[] => body.messages.map((m) => ({ role: m.role, content: m.content }));
function anthropicMessages(body: { system?: string; messages: { role: 'user' | 'assistant'; content: string }[] }): ChatMessage[] {
  return [...(body.system ? [{ role: 'system' as const, content: body.system }] : []), ...body.messages.map((m) => ({ role: m.role, content: m.content }))];
}

const results = (dir: string): AuditResults => JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as AuditResults;
const journal = (dir: string): ResponseRecord[] =>
  existsSync(join(dir, 'responses.jsonl'))
    ? readFileSync(join(dir, 'responses.jsonl'), 'utf8')
        .split('\n')
        .filter((l) => l.trim() !== '' && l.endsWith('}'))
        .flatMap((l) => {
          try {
            return [JSON.parse(l) as ResponseRecord];
          } catch {
            return []; // a torn last line
          }
        })
    : [];
/** What must not change between two runs of one audit: every finding and every count. */
const outcome = (r: AuditResults) => ({ counts: r.counts, findings: r.findings, passed: r.passed });
const completions = (s: FakeOpenAIServer) => s.requests.filter((b) => (b as { messages?: unknown } | null)?.messages !== undefined).length;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? filesUnder(join(dir, n)) : [join(dir, n)]));
}

describe('runner at scale, end to end (bias-audit run / merge)', function () {
  this.timeout(180_000);
  let tmp: string;
  const servers: { close(): Promise<void> }[] = [];
  before(() => (tmp = mkdtempSync(join(tmpdir(), 'ba-scale-e2e-'))));
  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
    rmSync(tmp, { recursive: true, force: true });
  });
  const openai = async (opts: Omit<Parameters<typeof startOpenAIServer>[0], 'reply'> = {}) => {
    const reply = await contentReplier(3);
    const server = await startOpenAIServer({ reply: (body) => reply(openaiMessages(body)), ...opts });
    servers.push(server);
    return { server, env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: server.url } };
  };

  describe('--dry-run', () => {
    it('prints calls, estimated tokens and cost, calls nothing and needs no key', async () => {
      const r = await runCli(['run', SCALE, '--model', 'openai:gpt-4o-mini', '--dry-run']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /Dry run \(no call made\): openai:gpt-4o-mini/);
      assert.match(r.stdout, /calls: 300 \(0 in the journal, 0 in the response cache, 300 to make\)/);
      assert.match(r.stdout, /at most 6,000 reply tokens/, '20 max tokens x 300 calls');
      assert.match(r.stdout, /price: openai:gpt-4o-mini at \$0\.15 in \/ \$0\.6 out per million tokens/);
      const json = await runCli(['run', SCALE, '--model', 'openai:gpt-4o-mini', '--dry-run', '--json']);
      const e = JSON.parse(json.stdout) as { toMake: number; inputTokens: number; cost: { upToUsd: number } };
      assert.equal(e.toMake, 300);
      // The bound is exact arithmetic on the estimate: input x 0.15 + 6,000 x 0.6, per million.
      assert.ok(Math.abs(e.cost.upToUsd - (e.inputTokens * 0.15 + 6000 * 0.6) / 1e6) < 1e-12);
      const batch = JSON.parse((await runCli(['run', SCALE, '--model', 'openai:gpt-4o-mini', '--dry-run', '--json', '--batch'])).stdout) as { cost: { upToUsd: number } };
      assert.ok(Math.abs(batch.cost.upToUsd - e.cost.upToUsd / 2) < 1e-12, 'the batch API at half price');
      const shard = JSON.parse((await runCli(['run', SCALE, '--model', 'openai:gpt-4o-mini', '--dry-run', '--json', '--shard', '1/4'])).stdout) as { calls: number };
      const probes = shardProbes(expand(await loadProbeSet(SCALE)), { index: 1, count: 4 });
      assert.equal(shard.calls, probes.length * 4, 'the shard\'s calls only');
      // Four name units of four probes and one age unit of three (shards are kept within a unit of each
      // other, smallest first): 19 probes x 4 samples.
      assert.equal(shard.calls, 76, 'five of the twenty units');
    });

    it('says when no price is known, and counts what a resumed journal already holds', async () => {
      const r = await runCli(['run', MINI, '--model', 'openai-compatible:llama3.1', '--base-url', 'http://127.0.0.1:9/v1', '--dry-run']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /cost: unknown, no price for openai-compatible:llama3\.1: give one with --prices FILE/);
      const out = join(tmp, 'dry-resume');
      assert.notEqual((await runCli(['run', MINI, '--model', 'sim:biased', '--out', out])).code, 3);
      const again = await runCli(['run', '--resume', out, '--dry-run']);
      assert.match(again.stdout, /calls: 24 \(24 in the journal, 0 in the response cache, 0 to make\)/);
    });
  });

  describe('--max-cost', () => {
    it('stops before the limit (exit 3, journal kept), and a resume with a higher limit finishes', async () => {
      const { server, env } = await openai();
      const out = join(tmp, 'budget');
      // Worst case a call: ~40 prompt tokens and 20 reply tokens at gpt-4o-mini's price, about $0.00002.
      const r = await runCli(['run', MINI, '--model', 'openai:gpt-4o-mini', '--max-tokens', '20', '--max-cost', '0.0001', '--concurrency', '1', '--out', out], { env });
      assert.equal(r.code, 3, r.stderr);
      assert.match(r.stderr, /stopped before exceeding the cost limit of \$0\.00/);
      assert.match(r.stderr, /To finish the run later: bias-audit run --resume /);
      const kept = journal(out).length;
      assert.ok(kept > 0 && kept < 24, `${kept} calls within the limit`);
      const spent = journal(out).reduce((s, x) => s + (x.usage!.inputTokens * 0.15 + x.usage!.outputTokens * 0.6) / 1e6, 0);
      assert.ok(spent <= 0.0001, `spent ${spent}`);
      const done = await runCli(['run', '--resume', out, '--max-cost', '1'], { env });
      assert.ok([0, 1, 4].includes(done.code), done.stderr);
      assert.equal(completions(server), 24, 'no call made twice');
    });

    it('a limit for a model without a price is exit 2, with the way to give one', async () => {
      const r = await runCli(['run', MINI, '--model', 'openai-compatible:llama3.1', '--base-url', 'http://127.0.0.1:9/v1', '--max-cost', '1', '--out', join(tmp, 'noprice')]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /no price is known for openai-compatible:llama3\.1.*--prices FILE/);
    });
  });

  describe('response cache', () => {
    it('a second audit of the same requests costs nothing; --no-cache calls again; no key in the cache', async () => {
      const { server, env } = await openai();
      const cache = join(tmp, 'cache');
      const first = await runCli(['run', MINI, '--model', 'openai:gpt-4o-mini', '--cache-dir', cache, '--out', join(tmp, 'c1')], { env });
      assert.ok([0, 1, 4].includes(first.code), first.stderr);
      assert.equal(completions(server), 24);
      const second = await runCli(['run', MINI, '--model', 'openai:gpt-4o-mini', '--cache-dir', cache, '--out', join(tmp, 'c2')], { env });
      assert.equal(second.code, first.code);
      assert.equal(completions(server), 24, 'every reply from the cache');
      assert.ok(journal(join(tmp, 'c2')).every((x) => x.cached === true));
      assert.match(second.stderr, /24 cached/);
      assert.deepEqual(outcome(results(join(tmp, 'c2'))), outcome(results(join(tmp, 'c1'))));
      await runCli(['run', MINI, '--model', 'openai:gpt-4o-mini', '--cache-dir', cache, '--no-cache', '--out', join(tmp, 'c3')], { env });
      assert.equal(completions(server), 48);
      for (const f of filesUnder(cache)) assert.ok(!readFileSync(f, 'utf8').includes(KEY), `${f} holds the key`);
    });

    it('defaults to $XDG_CACHE_HOME/bias-audit', async () => {
      const { env } = await openai();
      const xdg = join(tmp, 'xdg');
      await runCli(['run', MINI, '--model', 'openai:gpt-4o-mini', '--out', join(tmp, 'x1')], { env: { ...env, XDG_CACHE_HOME: xdg } });
      assert.equal(filesUnder(join(xdg, 'bias-audit')).length, 24);
    });
  });

  describe('--shard and merge', () => {
    it('two shards merged give the unsharded audit\'s results exactly', async () => {
      const whole = await runCli(['run', SCALE, '--model', 'sim:biased', '--seed', '4', '--out', join(tmp, 'whole')]);
      assert.ok([0, 1, 4].includes(whole.code), whole.stderr);
      for (const i of [1, 2, 3]) {
        const r = await runCli(['run', SCALE, '--model', 'sim:biased', '--seed', '4', '--shard', `${i}/3`, '--out', join(tmp, `shard${i}`)]);
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, new RegExp(`Shard ${i}/3 complete: \\d+ replies`));
      }
      const sizes = [1, 2, 3].map((i) => journal(join(tmp, `shard${i}`)).length);
      assert.equal(sizes.reduce((a, b) => a + b, 0), 300, `shards of ${sizes}`);
      const m = await runCli(['merge', join(tmp, 'shard3'), join(tmp, 'shard1'), join(tmp, 'shard2'), '--out', join(tmp, 'merged')]);
      assert.equal(m.code, whole.code, m.stderr);
      assert.match(m.stdout, /scale on sim:biased/);
      assert.deepEqual(outcome(results(join(tmp, 'merged'))), outcome(results(join(tmp, 'whole'))));
      const manifest = results(join(tmp, 'merged')).manifest;
      assert.equal(manifest.shard, undefined);
      assert.equal(manifest.mergedFrom?.length, 3);
      // `report` on the merged directory gives the same again.
      assert.equal((await runCli(['report', join(tmp, 'merged')])).code, whole.code);
      assert.deepEqual(outcome(results(join(tmp, 'merged'))), outcome(results(join(tmp, 'whole'))));
    });

    it('refuses shards of different audits, missing or repeated shards, and unfinished ones (exit 2)', async () => {
      const a = join(tmp, 'shard1');
      const other = join(tmp, 'other-seed');
      await runCli(['run', SCALE, '--model', 'sim:biased', '--seed', '5', '--shard', '2/3', '--out', other]);
      const r = await runCli(['merge', a, other, join(tmp, 'shard3'), '--out', join(tmp, 'bad')]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /seed differs/);
      const missing = await runCli(['merge', a, join(tmp, 'shard3'), '--out', join(tmp, 'bad')]);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /shard 2\/3 missing/);
      const twice = await runCli(['merge', a, a, join(tmp, 'shard2'), join(tmp, 'shard3'), '--out', join(tmp, 'bad')]);
      assert.match(twice.stderr, /are both shard 1\/3/);
      const notShard = await runCli(['merge', join(tmp, 'whole'), '--out', join(tmp, 'bad')]);
      assert.match(notShard.stderr, /is not a shard/);
    });

    it('a shard stays a shard when resumed, and another shard index cannot reuse its directory', async () => {
      const r = await runCli(['run', SCALE, '--model', 'sim:biased', '--seed', '4', '--shard', '2/3', '--out', join(tmp, 'shard1')]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /holds another audit \(shard 1\/3 \(now shard 2\/3\)\)/);
      const resumed = await runCli(['run', '--resume', join(tmp, 'shard1')]);
      assert.equal(resumed.code, 0, resumed.stderr);
      assert.match(resumed.stdout, /Shard 1\/3 complete/);
    });
  });

  describe('--batch', () => {
    it('openai: submit and exit from one process, collect from another; the same results as live calls', async () => {
      const live = await openai();
      const liveOut = join(tmp, 'batch-live');
      const lr = await runCli(['run', MINI, '--model', 'openai:gpt-4o-mini', '--no-cache', '--out', liveOut], { env: live.env });
      const { server, env } = await openai({ batch: { pollsToComplete: 2 } });
      const out = join(tmp, 'batch-openai');
      // A separate process submits and exits ...
      const submitted = await collect(spawnCli(['run', MINI, '--model', 'openai:gpt-4o-mini', '--no-cache', '--batch', '--no-wait', '--out', out], { env }));
      assert.equal(submitted.code, 3, submitted.stderr);
      assert.match(submitted.stderr, /1 batch submitted to openai:gpt-4o-mini \(batch_fake1\)/);
      assert.match(submitted.stderr, /bias-audit run --resume /);
      assert.ok(existsSync(join(out, 'batches.jsonl')));
      assert.equal(journal(out).length, 0);
      // ... and this one, later, finds the batch in the run directory and collects it.
      const r = await runCli(['run', '--resume', out, '--no-cache', '--poll-interval', '1'], { env });
      assert.equal(r.code, lr.code, r.stderr);
      assert.equal(completions(server), 0, 'no live call');
      assert.equal(server.batches.created.length, 1, 'submitted once');
      assert.ok(journal(out).every((x) => x.batch === 'batch_fake1'));
      assert.deepEqual(outcome(results(out)), outcome(results(liveOut)));
    });

    it('anthropic: --batch waits for the batch and writes the reports', async () => {
      const reply = await contentReplier(3);
      const server = await startAnthropicServer({ reply: (body) => reply(anthropicMessages(body)), batch: { pollsToComplete: 1 } });
      servers.push(server);
      const out = join(tmp, 'batch-anthropic');
      const r = await runCli(['run', MINI, '--model', 'anthropic:claude-haiku-4-5', '--no-cache', '--batch', '--out', out], {
        env: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: server.url },
      });
      assert.ok([0, 1, 4].includes(r.code), r.stderr);
      assert.equal(server.batches.created.length, 1);
      assert.equal(server.batches.created[0]?.customIds.length, 24);
      assert.equal(journal(out).length, 24);
      for (const f of readdirSync(out)) assert.ok(!readFileSync(join(out, f), 'utf8').includes(KEY), `${f} holds the key`);
    });

    it('--batch for a model without a batch API is exit 2', async () => {
      const r = await runCli(['run', MINI, '--model', 'sim:fair', '--batch', '--out', join(tmp, 'batch-sim')]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /sim:fair has no batch API/);
    });
  });

  describe('crash safety', () => {
    it('SIGKILL at random points, then resume: the results equal an uninterrupted run\'s, and no completed call is repeated', async () => {
      const { server, env } = await openai({ latencyMs: 10 });
      const args = ['run', SCALE, '--model', 'openai:gpt-4o-mini', '--seed', '3', '--no-cache', '--concurrency', '4'];
      const ref = join(tmp, 'kill-ref');
      const rr = await runCli([...args, '--out', ref], { env });
      assert.ok([0, 1, 4].includes(rr.code), rr.stderr);
      const total = 300;
      const out = join(tmp, 'kill');
      const random = seededRng(20261125);
      let before = completions(server);
      let killedAt = 0;
      for (let k = 0; k < 3; k++) {
        // A random point in the next stretch of the run.
        const target = killedAt + 20 + Math.floor(random() * 50);
        const child = spawnCli([...args, '--out', out], { env });
        const exited = collect(child);
        await new Promise<void>((resolve, reject) => {
          const check = () => {
            if (journal(out).length >= target) {
              watcher?.close();
              child.kill('SIGKILL');
              resolve();
            }
          };
          let watcher: ReturnType<typeof watch> | undefined;
          const start = () => {
            if (!existsSync(out)) return;
            watcher ??= watch(out, check);
          };
          child.stderr?.on('data', () => {
            start();
            check();
          });
          child.on('exit', () => {
            watcher?.close();
            if (journal(out).length < target) reject(new Error(`the run ended before ${target} replies`));
          });
        });
        await exited;
        const kept = journal(out);
        const keys = kept.map((x) => x.key);
        assert.equal(new Set(keys).size, keys.length, 'no reply journalled twice');
        // This process made the calls it journalled, plus at most one per worker in flight at the kill.
        const made = completions(server) - before;
        assert.ok(made >= kept.length - killedAt && made <= kept.length - killedAt + 4, `made ${made} for ${kept.length - killedAt} replies`);
        killedAt = kept.length;
        before = completions(server);
      }
      assert.ok(killedAt < total, 'the kills came before the end');
      const r = await runCli([...args, '--out', out], { env });
      assert.equal(r.code, rr.code, r.stderr);
      assert.equal(completions(server) - before, total - killedAt, 'the resume made only the missing calls');
      const keys = journal(out).map((x) => x.key);
      assert.equal(keys.length, total);
      assert.equal(new Set(keys).size, total);
      assert.deepEqual(outcome(results(out)), outcome(results(ref)));
    });
  });
});
