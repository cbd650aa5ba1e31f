import { AssertionError } from 'node:assert';
import type { Comparison } from '../compare/index.js';

/**
 * Fail a test when a comparison found a disparity that got significantly worse (the regression
 * gate of `bias-audit compare`, inside a test suite). The message is the comparison's summary.
 *
 * @example
 *   const cmp = await compareRunDirs('baseline-run', result.outDir);
 *   assertNoRegression(cmp);
 */
export function assertNoRegression(comparison: Comparison & { summary?: () => string }): void {
  if (!comparison.regressed) return;
  const message =
    comparison.summary?.() ??
    `bias-audit: ${comparison.regressions} disparit${comparison.regressions === 1 ? 'y' : 'ies'} got significantly worse from ${comparison.a.model} to ${comparison.b.model} (see comparison.axes[].pairs where regression is true)`;
  throw new AssertionError({ message, stackStartFn: assertNoRegression });
}
