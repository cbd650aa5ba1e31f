import normalCdf from '@stdlib/stats-base-dists-normal-cdf';

// 16-point Gauss–Legendre nodes and weights on [−1, 1] (Abramowitz & Stegun, table 25.4).
const NODES = [
  0.0950125098376374, 0.2816035507792589, 0.4580167776572274, 0.6178762444026438, 0.755404408355003, 0.8656312023878318,
  0.9445750230732326, 0.9894009349916499,
];
const WEIGHTS = [
  0.1894506104550685, 0.1826034150449236, 0.1691565193950025, 0.1495959888165767, 0.1246289712555339, 0.0951585116824928,
  0.0622535239386479, 0.0271524594117541,
];
const PANELS = 72;
const REACH = 9;

/**
 * Distribution function of the range of k independent standard normal variables (the studentized
 * range with infinite degrees of freedom): P(R <= q) = k ∫ φ(z) [Φ(z) − Φ(z − q)]^{k−1} dz.
 * Hartley (1942); the df = ∞ case of Tukey's studentized range. Integrated by composite 16-point
 * Gauss–Legendre over z in [−9, 9 + q]. Matches R `ptukey(q, k, Inf)` and SciPy
 * `studentized_range.cdf(q, k, np.inf)`. Used to plan an equivalence test of k groups: they pass
 * together only if the range of their estimates is small.
 * @example studentizedRangeCdf(3.63, 4) // 0.94970271485…
 */
export function studentizedRangeCdf(q: number, k: number): number {
  if (!Number.isInteger(k) || k < 2) throw new RangeError(`k must be a whole number of at least 2, got ${k}`);
  if (Number.isNaN(q)) throw new RangeError(`q must be a number, got ${q}`);
  if (q <= 0) return 0;
  if (q === Infinity) return 1;
  const from = -REACH;
  const to = REACH + q;
  const width = (to - from) / PANELS;
  let sum = 0;
  for (let p = 0; p < PANELS; p++) {
    const centre = from + (p + 0.5) * width;
    for (let i = 0; i < NODES.length; i++) {
      const offset = ((NODES[i] as number) * width) / 2;
      const w = ((WEIGHTS[i] as number) * width) / 2;
      for (const z of [centre - offset, centre + offset]) {
        const inside = normalCdf(z, 0, 1) - normalCdf(z - q, 0, 1);
        if (inside > 0) sum += w * Math.exp(-0.5 * z * z) * inside ** (k - 1);
      }
    }
  }
  return Math.min(1, (k * sum) / Math.sqrt(2 * Math.PI));
}
