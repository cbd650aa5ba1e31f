import { UsageError } from '../errors.js';
import type { Probe } from '../types.js';

/** Slice `index` (1-based) of `count`. */
export interface Shard {
  index: number;
  count: number;
}

/** `--shard 2/4` -> { index: 2, count: 4 }; a UsageError naming the value otherwise. */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = m ? Number(m[1]) : Number.NaN;
  const count = m ? Number(m[2]) : Number.NaN;
  if (!m || count < 1 || index < 1 || index > count) {
    throw new UsageError(`--shard: expected i/n with 1 <= i <= n (e.g. 2/4), got ${JSON.stringify(text)}`);
  }
  return { index, count };
}

/**
 * The probes of one shard: a deterministic slice that keeps every counterfactual block whole.
 *
 * Probes that share a block (for any attribute) are joined, transitively, into one unit. Units are
 * taken in probe order, each given to the shard with the fewest probes so far (the lowest index on
 * a tie): greedy list scheduling (Graham 1969), which keeps every two shards within one unit of
 * each other in size. A block never straddles two shards, so each shard's replies can be analysed
 * on their own with the paired and stratified tests, and `merge` only has to join journals.
 */
export function shardProbes(probes: readonly Probe[], shard: Shard): Probe[] {
  if (shard.count === 1) return [...probes];
  const unit = blockUnits(probes);
  const owner = shardOfUnits(unit, shard.count);
  return probes.filter((_, i) => owner[unit[i] as number] === shard.index);
}

/** The shard (1-based) of every unit, given each probe's unit: greedy by probe order, smallest shard first. */
function shardOfUnits(unit: readonly number[], count: number): number[] {
  const size: number[] = [];
  for (const u of unit) size[u] = (size[u] ?? 0) + 1;
  const load = new Array<number>(count).fill(0);
  return size.map((n) => {
    let best = 0;
    for (let s = 1; s < count; s++) if ((load[s] as number) < (load[best] as number)) best = s;
    load[best] = (load[best] as number) + n;
    return best + 1;
  });
}

/** Unit number of every probe: connected components of "shares a block", numbered by first probe. */
export function blockUnits(probes: readonly Probe[]): number[] {
  const parent = probes.map((_, i) => i);
  const find = (i: number): number => {
    let root = i;
    while (parent[root] !== root) root = parent[root] as number;
    while (parent[i] !== root) {
      const next = parent[i] as number;
      parent[i] = root;
      i = next;
    }
    return root;
  };
  const firstWithBlock = new Map<string, number>();
  probes.forEach((probe, i) => {
    for (const [attribute, block] of Object.entries(probe.blocks)) {
      const key = `${attribute}\u0000${block}`;
      const first = firstWithBlock.get(key);
      if (first === undefined) firstWithBlock.set(key, i);
      else {
        // Keep the smaller index as the root, so a unit is named by its first probe.
        const a = find(first);
        const b = find(i);
        if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
      }
    }
  });
  const number = new Map<number, number>();
  return probes.map((_, i) => {
    const root = find(i);
    let n = number.get(root);
    if (n === undefined) {
      n = number.size;
      number.set(root, n);
    }
    return n;
  });
}
