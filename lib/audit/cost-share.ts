/**
 * One cost limit (`maxCost`) for all of an audit's calls: the model's, the translator's and the
 * judge's, each in its own journal and priced at its own model's price. The steps run one after
 * another, so each step's run() is given the limit less what the other journals have cost so far;
 * its own Budget reserves every call's worst case against what is left, and the audit as a whole
 * stops (exit 3, resumable) before it would pass the limit.
 */
import { journalCost, SharedLimit, type CostFunction, type PricedJournal } from '../runner/index.js';
import type { Provider } from '../types.js';
import { resolvePricing, type ScaleOptions } from './runner-options.js';

/** What run() is given for the calls of one journal. */
export interface StepLimits {
  costOf?: CostFunction;
  maxCostUsd?: number;
}

export class CostShare {
  private readonly limit: SharedLimit | undefined;

  constructor(
    private readonly maxCost: number | undefined,
    private readonly journals: readonly PricedJournal[],
  ) {
    this.limit = maxCost === undefined ? undefined : new SharedLimit(maxCost, journals, journalCost);
  }

  /** The prices and the share of the limit for the calls that go to `file`, as they stand now. */
  limitsFor(file: string): StepLimits {
    const costOf = this.journals.find((j) => j.file === file)?.costOf;
    return { ...(costOf ? { costOf } : {}), ...(this.limit ? { maxCostUsd: this.limit.limitFor(file) } : {}) };
  }

  /** For a stop on the limit: how the step's share came from the audit's limit (empty when no other journal cost anything). */
  explain(file: string): string {
    if (!this.limit) return '';
    const elsewhere = this.limit.spentElsewhere(file);
    if (elsewhere <= 0) return '';
    return ` (the limit of $${fmt(this.limit.limitUsd)} is for all the audit's calls, the model's, the translator's and the judge's: $${fmt(elsewhere)} of it went to the other models' calls, which left $${fmt(this.limit.limitFor(file))} for these)`;
  }
}

/**
 * The prices of a second model (judge, translator) for the shared limit: a limit without a price
 * for it is a usage error before any call, as for the model itself.
 */
export async function secondModelCost(opts: ScaleOptions, model: string | Provider, baseUrl: string | undefined, provider: Provider | undefined): Promise<CostFunction | undefined> {
  if (!provider) return undefined;
  const { costOf } = await resolvePricing({ ...opts, model, ...(baseUrl === undefined ? {} : { baseUrl }) }, provider);
  return costOf;
}

function fmt(usd: number): string {
  return usd < 0.01 && usd > 0 ? usd.toPrecision(2) : usd.toFixed(2);
}
