// The quadratic form dᵀ V⁻ d for a symmetric positive semi-definite V (internal; used by cmh).

/** Pivots below this fraction of the largest diagonal entry count as zero variance. */
const RANK_TOLERANCE = 1e-9;

export interface QuadraticForm {
  value: number;
  /** Numerical rank of V: the degrees of freedom of a chi-square built from this form. */
  rank: number;
}

/**
 * dᵀ V⁻ d by symmetric Gaussian elimination with diagonal pivoting (an LDLᵀ factorisation with
 * complete pivoting, Golub & Van Loan, Matrix Computations, 4th ed., §4.2.8). Directions of zero
 * variance are skipped, which makes V⁻ a generalized inverse: the value does not depend on the
 * choice of inverse as long as d lies in the column space of V, as a centred count vector does
 * under its own null covariance. For a non-singular V this is dᵀ V⁻¹ d (R `qr.solve`).
 */
export function psdQuadraticForm(matrix: readonly (readonly number[])[], d: readonly number[]): QuadraticForm {
  const size = d.length;
  const a = matrix.map((row) => [...row]);
  const b = [...d];
  const at = (i: number, j: number): number => (a[i] as number[])[j] as number;
  const remaining = new Set<number>(Array.from({ length: size }, (_, i) => i));
  const largest = Math.max(0, ...Array.from({ length: size }, (_, i) => at(i, i)));
  let value = 0;
  let rank = 0;
  while (remaining.size > 0) {
    let pivot = -1;
    for (const i of remaining) if (pivot < 0 || at(i, i) > at(pivot, pivot)) pivot = i;
    const pivotValue = at(pivot, pivot);
    if (!(pivotValue > RANK_TOLERANCE * largest)) break;
    remaining.delete(pivot);
    rank++;
    const bp = b[pivot] as number;
    value += (bp * bp) / pivotValue;
    for (const i of remaining) {
      const factor = at(i, pivot) / pivotValue;
      b[i] = (b[i] as number) - factor * bp;
      const row = a[i] as number[];
      for (const j of remaining) row[j] = (row[j] as number) - factor * at(pivot, j);
    }
  }
  return { value, rank };
}
