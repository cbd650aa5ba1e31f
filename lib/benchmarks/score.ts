import type { BenchmarkResult, Outcome, Probe, ProbeSet } from '../types.js';
import { scoreBbq } from './bbq.js';
import { scoreBold } from './bold.js';
import { scoreCrowsPairs } from './crows-pairs.js';
import { scoreHolisticBias } from './holistic-bias.js';
import { itemsOf } from './items.js';
import { scoreWinobias } from './winobias.js';

/**
 * The published scores of the benchmark a probe set was imported from (probeSet.benchmark), computed
 * on the scored replies besides bias-audit's own findings; undefined for other probe sets.
 */
export function scoreBenchmark(probeSet: Pick<ProbeSet, 'benchmark'>, probes: readonly Probe[], outcomes: readonly Outcome[]): BenchmarkResult | undefined {
  if (!probeSet.benchmark) return undefined;
  const { items, left } = itemsOf(probes, outcomes);
  switch (probeSet.benchmark.name) {
    case 'bbq':
      return scoreBbq(items, left);
    case 'winobias':
      return scoreWinobias(items, left);
    case 'bold':
      return scoreBold(items, left);
    case 'crows-pairs':
      return scoreCrowsPairs(items, left);
    case 'holistic-bias':
      return scoreHolisticBias(items, left);
  }
}
