import { seededRng, type Rng } from '../stats/index.js';
import type { ScoredItem } from './scored.js';

export interface SampleOptions {
  /** How many replies to draw (fewer when the run holds fewer). */
  size: number;
  seed: number;
  /**
   * How many times the share of an uncertain stratum (status unparsed or refused: the scorer set
   * the reply aside) exceeds a certain one's. Default 3.
   */
  uncertainBoost?: number;
}

export interface SampledItem extends ScoredItem {
  /** Stratum: the reply's groups and the scorer's label. */
  stratum: string;
  /** Inverse inclusion probability: replies of the stratum / replies drawn from it. */
  weight: number;
}

export interface ReviewSample {
  seed: number;
  items: SampledItem[];
  strata: { stratum: string; size: number; drawn: number; uncertain: boolean }[];
  /** Replies in strata that got no draw (N smaller than the number of strata): the weights do not cover them. */
  uncovered: number;
}

/**
 * A seeded sample stratified by group x scorer label. Each stratum gets an equal share (so rare
 * groups and rare labels are as visible to the reviewer as common ones); after a first round of one
 * reply each, uncertain strata get `uncertainBoost` shares per round (that is where scorers err),
 * every share capped at the stratum's size, until N is drawn. Each reply carries weight = stratum
 * size / drawn, so estimates over the sample can be re-weighted to the whole run.
 */
export function drawReviewSample(items: readonly ScoredItem[], opts: SampleOptions): ReviewSample {
  if (!Number.isInteger(opts.size) || opts.size < 1) throw new RangeError(`sample size must be a whole number of at least 1; got ${opts.size}`);
  const boost = opts.uncertainBoost ?? 3;
  const rng = seededRng(`review/${opts.seed}`);
  const byStratum = new Map<string, ScoredItem[]>();
  for (const it of [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    const key = `${Object.entries(it.groups)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${k}=${v}`)
      .join('; ')} | ${it.scorerLabel}`;
    const list = byStratum.get(key) ?? [];
    list.push(it);
    byStratum.set(key, list);
  }
  const strata = [...byStratum.entries()].map(([stratum, list]) => ({
    stratum,
    list: shuffle(list, rng),
    uncertain: list[0]?.status !== 'scored',
    drawn: 0,
  }));
  // When N is smaller than the number of strata, every scorer label should still be seen: strata
  // are visited label by label in turn (uncertain labels first), groups in a seeded order within a label.
  const byLabel = new Map<string, typeof strata>();
  for (const s of shuffle(strata, rng)) {
    const label = s.list[0]?.scorerLabel ?? '';
    byLabel.set(label, [...(byLabel.get(label) ?? []), s]);
  }
  const queues = [...byLabel.entries()]
    .sort(([a, x], [b, y]) => Number(y[0]?.uncertain) - Number(x[0]?.uncertain) || (a < b ? -1 : 1))
    .map(([, q]) => q);
  const order: typeof strata = [];
  for (let i = 0; order.length < strata.length; i++) for (const q of queues) if (q[i]) order.push(q[i] as (typeof strata)[number]);
  let left = Math.min(opts.size, items.length);
  // The first round gives every stratum one reply (coverage first); later rounds give uncertain strata `boost`.
  for (let round = 0; left > 0; round++) {
    let gave = false;
    for (const s of order) {
      const share = s.uncertain && round > 0 ? boost : 1;
      for (let k = 0; k < share && left > 0 && s.drawn < s.list.length; k++) {
        s.drawn++;
        left--;
        gave = true;
      }
      if (left === 0) break;
    }
    if (!gave) break;
  }
  const out: SampledItem[] = [];
  for (const s of strata) {
    for (const it of s.list.slice(0, s.drawn)) out.push({ ...it, stratum: s.stratum, weight: s.list.length / s.drawn });
  }
  // Shown in a seeded order, so a reviewer does not see one group's replies in a row.
  return {
    seed: opts.seed,
    items: shuffle(out, rng),
    strata: strata.map((s) => ({ stratum: s.stratum, size: s.list.length, drawn: s.drawn, uncertain: s.uncertain })),
    uncovered: strata.filter((s) => s.drawn === 0).reduce((n, s) => n + s.list.length, 0),
  };
}

function shuffle<T>(xs: readonly T[], rng: Rng): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [a[i], a[j]] = [a[j] as T, a[i] as T];
  }
  return a;
}
