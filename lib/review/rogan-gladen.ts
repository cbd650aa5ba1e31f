export interface RoganGladen {
  /** The true-rate estimate clipped to [0, 1]; null when se + sp − 1 ≤ 0 (the scorer is no better than chance). */
  estimate: number | null;
  /** Before clipping (may fall outside [0, 1] when the observed rate is outside [1 − sp, se]). */
  raw: number | null;
}

/**
 * Rogan-Gladen estimator of a true rate from an observed one and the classifier's sensitivity and
 * specificity: p = (p_obs + sp − 1) / (se + sp − 1), clipped to [0, 1].
 * Rogan & Gladen (1978), Am J Epidemiol 107:71-76. Matches R epiR::epi.prev(pos, tested, se, sp)$tp
 * (unclipped there).
 * @example roganGladen(0.35, 0.75, 0.97) // { estimate: 0.4444…, raw: 0.4444… }
 */
export function roganGladen(observed: number, se: number, sp: number): RoganGladen {
  const j = se + sp - 1;
  if (!(j > 0)) return { estimate: null, raw: null };
  const raw = (observed + sp - 1) / j;
  return { estimate: Math.min(1, Math.max(0, raw)), raw };
}
