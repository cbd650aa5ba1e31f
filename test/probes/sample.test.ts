import assert from 'node:assert/strict';
import { join } from 'node:path';
import { UsageError } from '../../lib/errors.js';
import { expand, loadProbeSet, sampleProbes } from '../../lib/probes/index.js';
import type { Probe } from '../../lib/types.js';
import { ROOT } from '../helpers/cli.js';

/** Probes of the full expansion that share a block (for some attribute) with `p`. */
function blockMates(all: readonly Probe[], p: Probe): Probe[] {
  return all.filter((q) => Object.entries(p.blocks).some(([a, b]) => q.blocks[a] === b));
}

describe('sampleProbes (--max-probes)', () => {
  let all: Probe[];
  before(async () => {
    all = expand(await loadProbeSet(join(ROOT, 'probes', 'promotion.yaml')));
  });

  it('keeps whole blocks, every template, at most N probes, in expansion order', () => {
    const { probes, sampling } = sampleProbes(all, { maxProbes: 200, seed: 1 });
    assert.ok(probes.length <= 200 && probes.length > 190, String(probes.length));
    const kept = new Set(probes.map((p) => p.id));
    for (const p of probes) for (const q of blockMates(all, p)) assert.ok(kept.has(q.id), `${q.id} shares a block with ${p.id}`);
    assert.deepEqual([...new Set(probes.map((p) => p.template))], ['implicit-name', 'explicit-age', 'explicit-pronouns', 'explicit-orientation']);
    assert.deepEqual(probes.map((p) => all.indexOf(p)), [...probes.map((p) => all.indexOf(p))].sort((a, b) => a - b));
    assert.deepEqual([sampling.probes, sampling.totalProbes, sampling.maxProbes, sampling.seed], [probes.length, all.length, 200, 1]);
  });

  it('balances the strata: template probe counts differ by less than the largest block', () => {
    const { probes } = sampleProbes(all, { maxProbes: 250, seed: 7 });
    const counts = ['implicit-name', 'explicit-age', 'explicit-pronouns', 'explicit-orientation'].map((t) => probes.filter((p) => p.template === t).length);
    // Blocks: 48 names, 6 ages, 3 pronoun sets, 7 orientations; water-filling stops within one block of equal,
    // except where a stratum runs out of blocks (pronouns: 36 probes in all).
    assert.equal(counts[2], 36, 'the smallest stratum is taken whole');
    const others = [counts[0], counts[1], counts[3]] as number[];
    assert.ok(Math.max(...others) - Math.min(...others) <= 48, counts.join(','));
    // Every group of every axis keeps its share within the template: each age appears equally often.
    const ages = probes.filter((p) => p.template === 'explicit-age').map((p) => p.groups['age']);
    assert.equal(new Set(['25', '35', '45', '55', '65', '75'].map((a) => ages.filter((x) => x === a).length)).size, 1);
  });

  it('is seeded: the same seed gives the same probes, another seed others', () => {
    const ids = (seed: number) => sampleProbes(all, { maxProbes: 120, seed }).probes.map((p) => p.id);
    assert.deepEqual(ids(3), ids(3));
    assert.notDeepEqual(ids(3), ids(4));
  });

  it('returns everything when N covers the expansion, and refuses N below the smallest block', () => {
    assert.equal(sampleProbes(all, { maxProbes: 10_000, seed: 0 }).probes.length, all.length);
    assert.throws(() => sampleProbes(all, { maxProbes: 2, seed: 0 }), (e: unknown) => e instanceof UsageError && /smallest block \(3 probes/.test(e.message));
  });
});
