/** A closed interval `[lower, upper]`, e.g. a confidence interval. */
export interface Interval {
  lower: number;
  upper: number;
}

/**
 * The result of a hypothesis test: the test statistic, its p-value and, for tests referred to a
 * chi-square or t distribution, the degrees of freedom used.
 */
export interface TestResult {
  statistic: number;
  pValue: number;
  df?: number;
}

/** Direction of the alternative hypothesis, with SciPy's spelling (`alternative=`). */
export type Alternative = 'two-sided' | 'less' | 'greater';
