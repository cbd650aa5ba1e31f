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
