import { UsageError } from '../errors.js';
import { seededRng } from '../stats/index.js';
import type { Probe, ProbeSampling } from '../types.js';

export interface SampleOptions {
  /** Largest number of probes to keep. */
  maxProbes: number;
  /** Seeds the order in which units are drawn; the audit's seed, so a rerun draws the same probes. */
  seed: number;
}

/**
 * A subset of at most `maxProbes` probes for a cheaper audit that the detectors can still analyse:
 *
 * - **whole blocks**: a block (probes differing only in one attribute) is never split, or the paired
 *   and stratified tests would lose the counterfactual comparison. Probes are grouped into *units*:
 *   the smallest sets closed under "shares a block with" (for a template with one attribute, a unit is
 *   one block; with two attributes, the blocks of both join into one context combination);
 * - **stratified**: units are grouped into strata by template and by the groups they contain, so
 *   every template (and with it every attribute and axis) keeps units, and benchmark items whose
 *   blocks hold one group each are drawn group by group;
 * - **balanced**: strata are filled in turn, always the one with the fewest probes so far, so each
 *   gets an equal share of the budget unless it runs out of units (water-filling);
 * - **seeded**: within a stratum, units are drawn in a random order fixed by the seed.
 *
 * The probes keep their expansion order. Throws a UsageError when `maxProbes` is below the smallest unit.
 */
export function sampleProbes(probes: readonly Probe[], opts: SampleOptions): { probes: Probe[]; sampling: ProbeSampling } {
  const { maxProbes, seed } = opts;
  if (!Number.isInteger(maxProbes) || maxProbes < 1) throw new UsageError(`max-probes must be a whole number of at least 1; got ${maxProbes}`);
  const units = unitsOf(probes);
  const describe = (kept: number, keptUnits: number): ProbeSampling => ({
    maxProbes,
    seed,
    probes: kept,
    totalProbes: probes.length,
    units: keptUnits,
    totalUnits: units.length,
    method: METHOD,
  });
  if (probes.length <= maxProbes) return { probes: [...probes], sampling: describe(probes.length, units.length) };

  const smallest = Math.min(...units.map((u) => u.length));
  if (maxProbes < smallest) {
    throw new UsageError(`--max-probes ${maxProbes} is smaller than the smallest block (${smallest} probes that must stay together); use at least ${smallest}`);
  }

  // Strata in order of first appearance; units shuffled within each by the seed.
  const strata = new Map<string, number[][]>();
  for (const unit of units) {
    const key = stratumKey(probes, unit);
    const list = strata.get(key) ?? [];
    list.push(unit);
    strata.set(key, list);
  }
  const rng = seededRng(`sample/${seed}`);
  const queues = [...strata.values()].map((list) => ({ units: shuffle(list, rng), taken: 0, used: new Set<number>() }));

  const chosen = new Set<number>();
  let remaining = maxProbes;
  let keptUnits = 0;
  for (;;) {
    // The stratum with the fewest probes so far that still has a unit fitting the budget.
    let best: { q: (typeof queues)[number]; index: number } | undefined;
    for (const q of queues) {
      if (best && q.taken >= best.q.taken) continue;
      const index = q.units.findIndex((u, i) => !q.used.has(i) && u.length <= remaining);
      if (index >= 0) best = { q, index };
    }
    if (!best) break;
    const unit = best.q.units[best.index] as number[];
    best.q.used.add(best.index);
    best.q.taken += unit.length;
    remaining -= unit.length;
    keptUnits++;
    for (const i of unit) chosen.add(i);
  }
  const kept = probes.filter((_, i) => chosen.has(i));
  return { probes: kept, sampling: describe(kept.length, keptUnits) };
}

const METHOD =
  'stratified by template and by the groups a unit holds; whole blocks (probes sharing a block stay together); strata filled in turn, the one with the fewest probes first; units drawn in a seeded random order';

/** Connected components of "shares a block with" (union-find over probe indices). */
function unitsOf(probes: readonly Probe[]): number[][] {
  const parent = probes.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i] as number] as number;
      i = parent[i] as number;
    }
    return i;
  };
  const firstOfBlock = new Map<string, number>();
  probes.forEach((p, i) => {
    for (const [attr, block] of Object.entries(p.blocks)) {
      const key = `${attr}\u0000${block}`;
      const first = firstOfBlock.get(key);
      if (first === undefined) firstOfBlock.set(key, i);
      else parent[find(i)] = find(first);
    }
  });
  const byRoot = new Map<number, number[]>();
  probes.forEach((_, i) => {
    const r = find(i);
    const list = byRoot.get(r) ?? [];
    list.push(i);
    byRoot.set(r, list);
  });
  return [...byRoot.values()];
}

function stratumKey(probes: readonly Probe[], unit: readonly number[]): string {
  const first = probes[unit[0] as number] as Probe;
  const groups = new Set<string>();
  for (const i of unit) for (const [axis, g] of Object.entries((probes[i] as Probe).groups)) groups.add(`${axis}=${g}`);
  return `${first.template}\u0000${[...groups].sort().join('\u0001')}`;
}

/** Fisher–Yates with the given uniform source. */
function shuffle<T>(items: readonly T[], rng: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
