export interface KrippendorffAlpha {
  alpha: number;
  /** Units with at least two labels: the only ones that count (pairable units). */
  units: number;
  /** Coders: as the caller counts them (the label files), else the most labels any unit has. */
  coders: number;
  /** Pairable values n: the labels in counted units. */
  values: number;
  /** Observed and expected disagreement, D_o and D_e (alpha = 1 − D_o/D_e). */
  observedDisagreement: number;
  expectedDisagreement: number;
}

/**
 * Krippendorff's alpha for nominal labels, any number of coders, missing labels allowed.
 * `units[u]` holds unit u's labels, one per coder who labelled it (missing ones left out).
 * Coincidence matrix: every ordered pair of labels from two different coders of a unit with m_u
 * labels adds 1/(m_u − 1) to o_ck; n_c = Σ_k o_ck, n = Σ_c n_c;
 * α = 1 − (n − 1) Σ_{c≠k} o_ck / Σ_{c≠k} n_c n_k.
 * Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", sections B-C; the 4-coder,
 * 12-unit example with missing values there has nominal α = 0.743.
 * Units with fewer than two labels are not pairable and are left out. When every label is the same,
 * D_e = 0 and alpha is undefined: reported as 1 with expected disagreement 0 (agreement is perfect,
 * as cohenKappa and fleissKappa report it).
 */
export function krippendorffAlpha(units: readonly (readonly string[])[], coders?: number): KrippendorffAlpha {
  const pairable = units.filter((u) => u.length >= 2);
  if (pairable.length === 0) throw new RangeError('krippendorffAlpha: expected at least one unit with two or more labels, got none');
  const o = new Map<string, Map<string, number>>();
  const add = (c: string, k: string, w: number) => {
    const row = o.get(c) ?? new Map<string, number>();
    row.set(k, (row.get(k) ?? 0) + w);
    o.set(c, row);
  };
  for (const u of pairable) {
    const w = 1 / (u.length - 1);
    for (let i = 0; i < u.length; i++) for (let j = 0; j < u.length; j++) if (i !== j) add(u[i] as string, u[j] as string, w);
  }
  const nc = new Map([...o].map(([c, row]) => [c, [...row.values()].reduce((s, x) => s + x, 0)]));
  const n = [...nc.values()].reduce((s, x) => s + x, 0);
  let disagreeO = 0;
  for (const [c, row] of o) for (const [k, x] of row) if (c !== k) disagreeO += x;
  let disagreeE = 0;
  for (const [c, a] of nc) for (const [k, b] of nc) if (c !== k) disagreeE += a * b;
  const observedDisagreement = disagreeO / n;
  const expectedDisagreement = disagreeE / (n * (n - 1));
  return {
    alpha: expectedDisagreement === 0 ? 1 : 1 - observedDisagreement / expectedDisagreement,
    units: pairable.length,
    coders: coders ?? Math.max(...pairable.map((u) => u.length)),
    values: n,
    observedDisagreement,
    expectedDisagreement,
  };
}
