import type { TokenUsage } from '../types.js';

/** What a call's tokens cost in US dollars; `batch` calls are billed at the provider's batch price. */
export type CostFunction = (usage: TokenUsage, opts: { batch: boolean }) => number;

/**
 * A spending limit that is never crossed: before a call goes out its worst-case cost is reserved,
 * and the call is not made when the reservation would take spent + reserved past the limit. When the
 * call returns, the reservation is replaced by what its reported usage cost.
 */
export class Budget {
  private reservedUsd = 0;

  constructor(
    readonly limitUsd: number,
    private spentUsd: number,
  ) {}

  get spent(): number {
    return this.spentUsd;
  }

  get reserved(): number {
    return this.reservedUsd;
  }

  /** Reserve `usd`; false (and nothing reserved) when that would cross the limit. */
  tryReserve(usd: number): boolean {
    // A hair of tolerance, so that sums of float prices equal to the limit are allowed.
    if (this.spentUsd + this.reservedUsd + usd > this.limitUsd + 1e-12) return false;
    this.reservedUsd += usd;
    return true;
  }

  /** Reserve `usd` whatever the limit: money already committed (a batch submitted earlier). */
  hold(usd: number): void {
    this.reservedUsd += usd;
  }

  /** Replace a reservation by what the call cost (0 when it failed: failed calls are not billed). */
  settle(reservedUsd: number, actualUsd: number): void {
    this.reservedUsd = Math.max(0, this.reservedUsd - reservedUsd);
    this.spentUsd += actualUsd;
  }
}

/** One journal of an audit's calls (the model's, the translator's, the judge's) and its model's prices. */
export interface PricedJournal {
  file: string;
  /** Undefined when the model has no price (then no limit can be kept: resolvePricing says so first). */
  costOf?: CostFunction;
}

/**
 * One spending limit over calls that go to several journals, each priced at its own model's price.
 * The steps of an audit run one after another (translation, model, back-translation, judge), so each
 * step's run() gets the limit less what the other journals already cost: its own Budget then reserves
 * and settles against the rest, and the audit as a whole never passes `limitUsd`.
 */
export class SharedLimit {
  constructor(
    readonly limitUsd: number,
    private readonly journals: readonly PricedJournal[],
    private readonly costOfJournal: (file: string, costOf: CostFunction) => number,
  ) {}

  /** US dollars the journals other than `file` have cost so far. */
  spentElsewhere(file: string): number {
    let usd = 0;
    for (const j of this.journals) if (j.file !== file && j.costOf) usd += this.costOfJournal(j.file, j.costOf);
    return usd;
  }

  /** The limit left for the calls that go to `file`, never below 0. */
  limitFor(file: string): number {
    return Math.max(0, this.limitUsd - this.spentElsewhere(file));
  }
}
