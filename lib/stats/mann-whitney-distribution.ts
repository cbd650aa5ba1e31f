// Exact null distribution of the Mann–Whitney U statistic without ties (internal).

/**
 * P(U <= u) for the Mann–Whitney U statistic of samples of sizes n1 and n2 without ties.
 * The number of arrangements with U = u is the coefficient of q^u in the Gaussian binomial
 * coefficient [n1+n2 choose m]_q = ∏_{i=1..m} (1 − q^{n+i}) / (1 − q^i), m = min(n1, n2),
 * n = max(n1, n2) (Mann & Whitney 1947, Ann Math Stat 18:50-60; Andrews, The Theory of
 * Partitions, Thm 3.1). Each factor is applied exactly in integer arithmetic, truncated at u,
 * and the count is divided by C(n1+n2, m) at the end, so tiny tails keep full precision.
 * Work is O(m·u): the exact test is only used when one sample has at most 8 values.
 */
export function mannWhitneyCdf(u: number, n1: number, n2: number): number {
  if (u < 0) return 0;
  const m = Math.min(n1, n2);
  const n = Math.max(n1, n2);
  if (u >= m * n) return 1;
  const top = Math.floor(u);
  let coefficients = new Array<bigint>(top + 1).fill(0n);
  coefficients[0] = 1n;
  for (let i = 1; i <= m; i++) {
    // Multiply by (1 − q^{n+i}), then divide by (1 − q^i): a running sum with stride i.
    const next = coefficients.slice();
    for (let k = n + i; k <= top; k++) next[k] = (next[k] as bigint) - (coefficients[k - n - i] as bigint);
    for (let k = i; k <= top; k++) next[k] = (next[k] as bigint) + (next[k - i] as bigint);
    coefficients = next;
  }
  let count = 0n;
  for (const c of coefficients) count += c;
  let total = 1n;
  for (let i = 1; i <= m; i++) total = (total * BigInt(n + i)) / BigInt(i);
  return Number(count) / Number(total);
}
