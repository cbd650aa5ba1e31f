import { AssertionError } from 'node:assert';
import { readFileSync } from 'node:fs';

/**
 * A number as the reference fixtures store it: JSON has no Infinity or NaN, so the generators in
 * test/fixtures write those as the strings "Infinity", "-Infinity" and "NaN".
 */
export type FixtureNumber = number | 'Infinity' | '-Infinity' | 'NaN';

/** The number a fixture entry stands for. */
export function fromFixture(value: FixtureNumber): number {
  if (typeof value === 'number') return value;
  if (value === 'Infinity') return Infinity;
  if (value === '-Infinity') return -Infinity;
  if (value === 'NaN') return NaN;
  throw new TypeError(`not a fixture number: ${JSON.stringify(value)}`);
}

/**
 * Read a generated reference fixture (JSON) relative to test/fixtures, e.g. `scipy/tails.json`.
 * The caller states the shape it expects with `T`: the file is ours and generated, so the cast is
 * the one place its shape is asserted.
 */
export function readFixture<T>(relativePath: string): T {
  const url = new URL(`../fixtures/${relativePath}`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as T;
}

/**
 * Assert |actual − expected| <= relTol · max(|expected|, absFloor).
 *
 * The comparison is relative, so a p-value of 1e-30 must come out as 1e-30 and not 0. The floor
 * (default 1e-300, i.e. practically none) is for quantities whose reference is 0 or near it and
 * whose computed value is rounding noise: pass the scale of the numbers that were summed (for a
 * statistic built from O(1) terms, 1). Infinities must match exactly; NaN matches only NaN.
 * `expected` may be a fixture number (strings for non-finite values).
 */
export function assertClose(
  actual: number,
  expected: FixtureNumber,
  relTol: number,
  message?: string,
  absFloor = 1e-300,
): void {
  const want = fromFixture(expected);
  const fail = (): never => {
    throw new AssertionError({
      message: `${message ? `${message}: ` : ''}expected ${want} ± ${relTol} (relative), got ${actual}`,
      actual,
      expected: want,
      operator: 'assertClose',
    });
  };
  if (Number.isNaN(want)) {
    if (!Number.isNaN(actual)) fail();
    return;
  }
  if (!Number.isFinite(want)) {
    if (actual !== want) fail();
    return;
  }
  if (!Number.isFinite(actual)) fail();
  if (Math.abs(actual - want) > relTol * Math.max(Math.abs(want), absFloor)) fail();
}
