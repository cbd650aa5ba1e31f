import assert from 'node:assert/strict';
import { join } from 'node:path';
import { UsageError } from '../../lib/errors.js';
import { expand, loadProbeSet } from '../../lib/probes/index.js';
import { blockUnits, parseShard, shardProbes } from '../../lib/runner/shard.js';
import type { Probe } from '../../lib/types.js';
import { ROOT } from '../helpers/cli.js';

describe('runner/shard', () => {
  it('parses i/n and rejects anything else with the value named', () => {
    assert.deepEqual(parseShard('2/4'), { index: 2, count: 4 });
    assert.deepEqual(parseShard(' 1 / 1 '), { index: 1, count: 1 });
    for (const bad of ['0/4', '5/4', '2', 'a/b', '1/0', '-1/2']) {
      assert.throws(() => parseShard(bad), (e: unknown) => e instanceof UsageError && e.message.includes(JSON.stringify(bad)));
    }
  });

  for (const set of ['hiring-screen', 'loan-approval']) {
    it(`${set}: n shards partition the probes, keep every block whole, and are the same every time`, async () => {
      const probes = expand(await loadProbeSet(join(ROOT, 'probes', `${set}.yaml`)));
      for (const count of [2, 3, 7]) {
        const shards = Array.from({ length: count }, (_, i) => shardProbes(probes, { index: i + 1, count }));
        const ids = shards.flat().map((p) => p.id);
        assert.equal(ids.length, probes.length, 'every probe in exactly one shard');
        assert.equal(new Set(ids).size, probes.length);
        // Whole blocks: every (attribute, block) lives in one shard.
        const home = new Map<string, number>();
        shards.forEach((shard, s) => {
          for (const p of shard) {
            for (const [attr, block] of Object.entries(p.blocks)) {
              const key = `${attr}|${block}`;
              assert.equal(home.get(key) ?? s, s, `block ${key} straddles shards`);
              home.set(key, s);
            }
          }
        });
        // Deterministic and in probe order.
        assert.deepEqual(shardProbes(probes, { index: 1, count }).map((p) => p.id), shards[0]!.map((p) => p.id));
        const order = new Map(probes.map((p, i) => [p.id, i]));
        for (const shard of shards) assert.deepEqual(shard.map((p) => order.get(p.id)), [...shard.map((p) => order.get(p.id)!)].sort((a, b) => a - b));
        // Balanced to within one unit (greedy: each unit to the smallest shard so far).
        const units = blockUnits(probes);
        const largest = Math.max(...[...new Set(units)].map((u) => units.filter((x) => x === u).length));
        const sizes = shards.map((s) => s.length);
        assert.ok(Math.max(...sizes) - Math.min(...sizes) <= largest, `sizes ${sizes}`);
      }
    });
  }

  it('joins probes transitively through blocks of different attributes', () => {
    const p = (id: string, blocks: Record<string, string>): Probe => ({ id, template: 't', messages: [], context: {}, attributes: {}, groups: {}, blocks });
    // a-b share block x of attribute A; b-c share block y of attribute B; d stands alone.
    const probes = [p('a', { A: 'x' }), p('d', { A: 'z' }), p('b', { A: 'x', B: 'y' }), p('c', { B: 'y' })];
    assert.deepEqual(blockUnits(probes), [0, 1, 0, 0]);
    assert.deepEqual(shardProbes(probes, { index: 1, count: 2 }).map((x) => x.id), ['a', 'b', 'c']);
    assert.deepEqual(shardProbes(probes, { index: 2, count: 2 }).map((x) => x.id), ['d']);
  });
});
