import { seededRng, type Rng } from '../stats/index.js';
import { ESTIMABILITY } from './correct.js';
import type { ScoredItem } from './scored.js';

/**
 * What the review is drawn for:
 * - `correction` (the default): first what the misclassification correction needs on every selected
 *   axis (REVIEW_TARGETS, met with as few replies as the overlap between axes allows), then, with a
 *   larger N, what `accuracy` would add (every stratum once, uncertain strata boosted);
 * - `accuracy`: the earlier allocation, equal shares per stratum with the uncertain ones (refused,
 *   unparsed) boosted, for measuring the scorer where it errs rather than correcting findings.
 */
export type SampleAllocation = 'correction' | 'accuracy';

export interface SampleOptions {
  /** How many replies to draw (fewer when the run holds fewer). */
  size: number;
  seed: number;
  /** Default `correction`. */
  allocation?: SampleAllocation;
  /**
   * The groups the correction is computed on, per reply (axis id -> group; intersections included).
   * Default: the reply's single-axis groups. Only for `correction`.
   */
  axesOf?: (it: ScoredItem) => Readonly<Record<string, string>>;
  /** The correction allocation's targets; default REVIEW_TARGETS (other values are for measuring them: bench/correction-coverage.ts). */
  targets?: ReviewTargets;
  /**
   * How many times the share of an uncertain stratum (status unparsed or refused: the scorer set
   * the reply aside) exceeds a certain one's in the rounds after the first. Default 3.
   */
  uncertainBoost?: number;
}

/**
 * Reviewed replies the `correction` allocation aims at, per group of every selected axis, so that
 * the rule (ESTIMABILITY in correct.ts: 10 people read favourable and 10 unfavourable, 10 in each
 * of the scorer's readings holding 5% of the group) is met with high probability:
 * - `perReading`: of each of the scorer's readings (favourable, unfavourable; or each label when
 *   favourability is unknown), capped at what the group holds. 20, not 10: the scorer-reading half
 *   of the rule is then met for sure, but people's counts only when people agree with the scorer on
 *   enough of a reading's replies, and they agree least where the correction matters most (a
 *   scorer that misreads one group). P(at least 10 of n) at 70% agreement is 0.722 for n = 15,
 *   0.940 for 18, 0.983 for 20 (R `pbinom(9, c(15, 18, 20), 0.7, lower.tail = FALSE)`; at 80%:
 *   0.939, 0.996, 0.999). Measured (bench/RESULTS.md, "Review plan"): race x gender was estimable
 *   on 7 of 20 seeds at 15 and 17 at 20 on loan-approval with a scorer misreading 30% of Black
 *   applicants' yes answers (people agreed with its unfavourable reading of Black men's replies on
 *   only about 40%), on 14 and 20 on hiring-screen. Replies of the other readings that people read
 *   the same way add to the counts.
 * - `perSetAside`: of the replies the scorer set aside (refused, unparsed), only where they hold at
 *   least `ESTIMABILITY.minScorerClassShare` of the group: the rule counts reviewed replies there,
 *   not people's reading, so its own minimum is enough.
 * - `perLabel`: of each scorer label over the whole run, so that accuracy, kappa and each label's
 *   precision are measured on at least that many replies (refused and unparsed included).
 */
export const REVIEW_TARGETS = { perReading: 20, perSetAside: ESTIMABILITY.minPerScorerClass, setAsideShare: ESTIMABILITY.minScorerClassShare, perLabel: 10 } as const;

export type ReviewTargets = { [K in keyof typeof REVIEW_TARGETS]: number };

export interface SampledItem extends ScoredItem {
  /** Stratum: the reply's groups and the scorer's label. */
  stratum: string;
  /** Inverse inclusion probability: replies of the stratum / replies drawn from it. */
  weight: number;
}

export interface ReviewSample {
  seed: number;
  allocation: SampleAllocation;
  items: SampledItem[];
  strata: { stratum: string; size: number; drawn: number; uncertain: boolean }[];
  /** Replies in strata that got no draw (N smaller than the number of strata): the weights do not cover them. */
  uncovered: number;
  /** For `correction`: the replies the targets need (the plan's size) and the targets the draw left short (N smaller than that). */
  plan?: ReviewPlan;
  shortOfPlan?: CellShortfall[];
}

/** One target of the correction allocation: a reading of a group of an axis (axis '*': a scorer label over the run). */
export interface CellShortfall {
  axis: string;
  group: string;
  /** `favourable`, `unfavourable`, `set aside`, or `label <name>`. */
  reading: string;
  target: number;
  drawn: number;
}

export interface ReviewPlan {
  /** Replies the correction allocation draws to meet every target: `--sample auto`. */
  size: number;
  replies: number;
  axes: string[];
  /** What each axis alone would need (`--axes` with that axis): the overlap makes the whole run's plan less than their sum. planReviewSample fills it; empty in a draw's `plan`. */
  perAxis: { axis: string; size: number }[];
  /**
   * Groups whose favourable or unfavourable reading holds fewer than ESTIMABILITY.minPerPeopleClass
   * replies in the whole run (people would have to read other replies that way for the rule to be
   * met): no review of this run is likely to make that axis estimable. (A set-aside reading with
   * fewer replies than ESTIMABILITY.minPerScorerClass is met by reviewing all of them.)
   */
  unreachable: { axis: string; group: string; reading: string; replies: number }[];
}

interface Stratum {
  stratum: string;
  list: ScoredItem[];
  uncertain: boolean;
  drawn: number;
  cells: number[];
}

interface Cell {
  axis: string;
  group: string;
  reading: string;
  size: number;
  target: number;
  deficit: number;
}

/**
 * A seeded sample stratified by group x scorer label (the strata the correction re-weights by:
 * corrected-findings.ts builds the same key). Per stratum, how many replies to draw depends only on
 * the strata's sizes (and, for `accuracy`, a seeded order), never on which replies they hold; the
 * replies are then a seeded simple random sample of the stratum, so each carries weight = stratum
 * size / drawn, its inverse inclusion probability, and estimates re-weight to the whole run.
 */
export function drawReviewSample(items: readonly ScoredItem[], opts: SampleOptions): ReviewSample {
  if (!Number.isInteger(opts.size) || opts.size < 1) throw new RangeError(`sample size must be a whole number of at least 1; got ${opts.size}`);
  const allocation = opts.allocation ?? 'correction';
  const boost = opts.uncertainBoost ?? 3;
  const rng = seededRng(`review/${opts.seed}`);
  const strata = stratify(items, opts.axesOf).map((s) => ({ ...s, list: shuffle(s.list, rng) }));
  let left = Math.min(opts.size, items.length);
  let plan: ReviewPlan | undefined;
  let shortOfPlan: CellShortfall[] | undefined;
  if (allocation === 'correction') {
    const targets = opts.targets ?? REVIEW_TARGETS;
    const size = dryRun(strata, opts.axesOf, targets);
    if (left < size) {
      // Too few for every target. A correction is estimable only when every group of its axis meets
      // the rule, so whole axes first: the axes taken cheapest first (their own plan's size) while
      // their joint plan fits N. Then every target scaled down alike (the largest scale that fits,
      // by bisection), so the other axes get a share rather than the axes whose replies serve the
      // most targets taking the rest; then the full targets with what is left.
      const axesOf = opts.axesOf ?? ((it: ScoredItem) => it.groups);
      const only = (keep: readonly string[]) => (it: ScoredItem) => Object.fromEntries(Object.entries(axesOf(it)).filter(([a]) => keep.includes(a)));
      const all = [...new Set(strata.flatMap((st) => Object.keys(axesOf(st.list[0] as ScoredItem))))].sort();
      const cost = new Map(all.map((a) => [a, dryRun(strata, only([a]), targets)]));
      const chosen: string[] = [];
      for (const a of [...all].sort((x, y) => (cost.get(x) as number) - (cost.get(y) as number) || (x < y ? -1 : 1))) {
        if (dryRun(strata, only([...chosen, a]), targets) <= left) chosen.push(a);
      }
      if (chosen.length > 0) left -= fillTargets(strata, cellsOf(strata, only(chosen), targets), left);
      let lo = 0;
      let hi = 1;
      for (let k = 0; k < 12; k++) {
        const mid = (lo + hi) / 2;
        if (dryRun(strata, opts.axesOf, scaled(targets, mid)) <= left) lo = mid;
        else hi = mid;
      }
      if (lo > 0) left -= fillTargets(strata, cellsOf(strata, opts.axesOf, scaled(targets, lo)), left);
    }
    const cells = cellsOf(strata, opts.axesOf, targets);
    left -= fillTargets(strata, cells, left);
    plan = planOf(cells, size, items.length, targets);
    shortOfPlan = cells.filter((c) => c.deficit > 0).map((c) => ({ axis: c.axis, group: c.group, reading: c.reading, target: c.target, drawn: c.target - c.deficit }));
  }
  fillRounds(accuracyOrder(strata, rng), left, boost);
  const out: SampledItem[] = [];
  for (const s of strata) {
    for (const it of s.list.slice(0, s.drawn)) out.push({ ...it, stratum: s.stratum, weight: s.list.length / s.drawn });
  }
  // Shown in a seeded order, so a reviewer does not see one group's replies in a row.
  return {
    seed: opts.seed,
    allocation,
    items: shuffle(out, rng),
    strata: strata.map((s) => ({ stratum: s.stratum, size: s.list.length, drawn: s.drawn, uncertain: s.uncertain })),
    uncovered: strata.filter((s) => s.drawn === 0).reduce((n, s) => n + s.list.length, 0),
    ...(plan ? { plan, shortOfPlan: shortOfPlan ?? [] } : {}),
  };
}

/**
 * How many replies the `correction` allocation needs to meet every target on the selected axes
 * (`bias-audit review DIR --plan`; `--sample auto` draws exactly that many). Seed-free: the
 * allocation per stratum does not depend on the seed.
 */
export function planReviewSample(items: readonly ScoredItem[], opts: Pick<SampleOptions, 'axesOf' | 'targets'> = {}): ReviewPlan {
  const targets = opts.targets ?? REVIEW_TARGETS;
  const strata = stratify(items, opts.axesOf);
  const plan = planOf(cellsOf(strata, opts.axesOf, targets), dryRun(strata, opts.axesOf, targets), items.length, targets);
  const axesOf = opts.axesOf ?? ((it: ScoredItem) => it.groups);
  plan.perAxis = plan.axes.map((axis) => ({ axis, size: dryRun(strata, (it) => Object.fromEntries(Object.entries(axesOf(it)).filter(([a]) => a === axis)), targets) }));
  return plan;
}

/** Replies the correction allocation needs, beyond those the strata already drew, to meet `targets` (the strata are not changed). */
function dryRun(strata: readonly Stratum[], axesOf: SampleOptions['axesOf'], targets: ReviewTargets): number {
  const fresh = strata.map((s) => ({ ...s, cells: [] }));
  return fillTargets(fresh, cellsOf(fresh, axesOf, targets), Infinity);
}

function scaled(t: ReviewTargets, f: number): ReviewTargets {
  return { ...t, perReading: Math.ceil(t.perReading * f), perSetAside: Math.ceil(t.perSetAside * f), perLabel: Math.ceil(t.perLabel * f) };
}

/** The strata (all of the reply's single-axis groups x the scorer's label). */
function stratify(items: readonly ScoredItem[], axesOf: SampleOptions['axesOf']): Stratum[] {
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
  // Every reply of a stratum has the same single-axis groups; an intersection group is a function of
  // them, so axesOf of the first reply stands for the stratum (checked: a mismatch would bias the weights).
  // In order of their first reply's id: independent of the input's order and of the seed.
  return [...byStratum.entries()].map(([stratum, list]) => {
      if (axesOf) {
        const first = JSON.stringify(sortedEntries(axesOf(list[0] as ScoredItem)));
        if (list.some((it) => JSON.stringify(sortedEntries(axesOf(it))) !== first)) throw new RangeError(`the review's axes split stratum ${stratum}: an axis's group must follow from the reply's single-axis groups`);
      }
      return { stratum, list, uncertain: list[0]?.status !== 'scored', drawn: 0, cells: [] };
    });
}

function sortedEntries(r: Readonly<Record<string, string>>): [string, string][] {
  return Object.entries(r).sort(([a], [b]) => (a < b ? -1 : 1));
}

function readingOf(it: ScoredItem): string {
  if (it.status !== 'scored') return 'set aside';
  return it.favourable === undefined ? `label ${it.scorerLabel}` : it.favourable ? 'favourable' : 'unfavourable';
}

/**
 * The targets (REVIEW_TARGETS) and, on each stratum, the cells its replies count towards; a cell's
 * deficit counts the replies its strata already drew.
 */
function cellsOf(strata: Stratum[], axesOf: SampleOptions['axesOf'], targets: ReviewTargets): Cell[] {
  const cells: Cell[] = [];
  const index = new Map<string, number>();
  const groupSize = new Map<string, number>();
  const cell = (axis: string, group: string, reading: string): number => {
    const key = JSON.stringify([axis, group, reading]);
    let i = index.get(key);
    if (i === undefined) {
      i = cells.length;
      cells.push({ axis, group, reading, size: 0, target: 0, deficit: 0 });
      index.set(key, i);
    }
    return i;
  };
  for (const s of strata) {
    s.cells = [];
    const first = s.list[0] as ScoredItem;
    const reading = readingOf(first);
    for (const [axis, group] of sortedEntries(axesOf ? axesOf(first) : first.groups)) {
      const i = cell(axis, group, reading);
      (cells[i] as Cell).size += s.list.length;
      groupSize.set(JSON.stringify([axis, group]), (groupSize.get(JSON.stringify([axis, group])) ?? 0) + s.list.length);
      s.cells.push(i);
    }
    const l = cell('*', '*', `label ${first.scorerLabel}`);
    (cells[l] as Cell).size += s.list.length;
    s.cells.push(l);
  }
  for (const c of cells) {
    const share = c.axis === '*' ? 1 : c.size / (groupSize.get(JSON.stringify([c.axis, c.group])) as number);
    const want = c.axis === '*' ? targets.perLabel : c.reading === 'set aside' ? (share >= targets.setAsideShare ? targets.perSetAside : 0) : targets.perReading;
    c.target = Math.min(want, c.size);
    c.deficit = c.target;
  }
  for (const s of strata) for (const i of s.cells) (cells[i] as Cell).deficit = Math.max(0, (cells[i] as Cell).deficit - s.drawn);
  return cells;
}

/**
 * Greedy cover: one reply at a time, from the stratum whose replies count towards the most targets
 * still short (a reply is in one group of every axis, so one reply can serve race, gender and race x
 * gender at once); among those, the stratum with the largest weight if drawn once more (size /
 * (drawn + 1)), which spreads a group's reviewed replies over its strata roughly in proportion to
 * their size (fewer uncovered replies, a larger effective review); then the strata's order (by
 * their first reply's id). Deterministic and seed-free. Returns the replies drawn.
 */
function fillTargets(strata: Stratum[], cells: Cell[], budget: number): number {
  let used = 0;
  while (used < budget) {
    let best: Stratum | undefined;
    let bestCount = 0;
    let bestWeight = 0;
    for (const s of strata) {
      if (s.drawn >= s.list.length) continue;
      let count = 0;
      for (const i of s.cells) if ((cells[i] as Cell).deficit > 0) count++;
      if (count === 0) continue;
      const weight = s.list.length / (s.drawn + 1);
      if (count > bestCount || (count === bestCount && weight > bestWeight)) {
        best = s;
        bestCount = count;
        bestWeight = weight;
      }
    }
    if (!best) break;
    best.drawn++;
    used++;
    for (const i of best.cells) {
      const c = cells[i] as Cell;
      if (c.deficit > 0) c.deficit--;
    }
  }
  return used;
}

/** The plan: `size` replies meet every target; which groups no review can make estimable. */
function planOf(cells: Cell[], size: number, replies: number, targets: ReviewTargets): ReviewPlan {
  // Too few replies for the rule even if every one were reviewed: people's favourable or unfavourable
  // count, or a set-aside reading holding 5% of the group with fewer replies than the rule's minimum.
  const unreachable = cells
    .filter(
      (c) =>
        c.axis !== '*' &&
        (c.reading === 'favourable' || c.reading === 'unfavourable') &&
        c.size < ESTIMABILITY.minPerPeopleClass,
    )
    .map((c) => ({ axis: c.axis, group: c.group, reading: c.reading, replies: c.size }));
  // A group with no reply of a reading has no cell for it: also unreachable.
  const readings = new Map<string, Set<string>>();
  for (const c of cells) if (c.axis !== '*') readings.set(JSON.stringify([c.axis, c.group]), (readings.get(JSON.stringify([c.axis, c.group])) ?? new Set()).add(c.reading));
  const known = cells.some((c) => c.reading === 'favourable' || c.reading === 'unfavourable');
  if (known) {
    for (const [key, rs] of readings) {
      const [axis, group] = JSON.parse(key) as [string, string];
      for (const reading of ['favourable', 'unfavourable']) if (!rs.has(reading)) unreachable.push({ axis, group, reading, replies: 0 });
    }
  }
  return { size, replies, axes: [...new Set(cells.filter((c) => c.axis !== '*').map((c) => c.axis))].sort(), perAxis: [], unreachable };
}

/** Replies of the cell's group (every reading). */
function groupSize(cells: readonly Cell[], c: Cell): number {
  return cells.filter((x) => x.axis === c.axis && x.group === c.group).reduce((n, x) => n + x.size, 0);
}

/**
 * The `accuracy` order: strata visited label by label in turn (uncertain labels first), groups in a
 * seeded order within a label, so that with N smaller than the number of strata every scorer label
 * is still seen.
 */
function accuracyOrder(strata: Stratum[], rng: Rng): Stratum[] {
  const byLabel = new Map<string, Stratum[]>();
  for (const s of shuffle(strata, rng)) {
    const label = s.list[0]?.scorerLabel ?? '';
    byLabel.set(label, [...(byLabel.get(label) ?? []), s]);
  }
  const queues = [...byLabel.entries()]
    .sort(([a, x], [b, y]) => Number(y[0]?.uncertain) - Number(x[0]?.uncertain) || (a < b ? -1 : 1))
    .map(([, q]) => q);
  const order: Stratum[] = [];
  for (let i = 0; order.length < strata.length; i++) for (const q of queues) if (q[i]) order.push(q[i] as Stratum);
  return order;
}

/**
 * The `accuracy` rounds: the first gives every stratum not yet drawn one reply (coverage first);
 * later rounds give each certain stratum one and each uncertain stratum `boost`, capped at the
 * stratum's size, until `left` are drawn.
 */
function fillRounds(order: Stratum[], left: number, boost: number): void {
  for (let round = 0; left > 0; round++) {
    let gave = false;
    for (const s of order) {
      const share = round === 0 ? (s.drawn === 0 ? 1 : 0) : s.uncertain ? boost : 1;
      for (let k = 0; k < share && left > 0 && s.drawn < s.list.length; k++) {
        s.drawn++;
        left--;
        gave = true;
      }
      if (left === 0) break;
    }
    if (!gave && round > 0) break;
  }
}

function shuffle<T>(xs: readonly T[], rng: Rng): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [a[i], a[j]] = [a[j] as T, a[i] as T];
  }
  return a;
}
