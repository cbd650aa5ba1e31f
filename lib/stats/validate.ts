// Argument checks shared by the statistics functions. Each throws a RangeError that names the
// argument and echoes the offending value, so a caller can tell which input was wrong.

function show(value: unknown): string {
  if (Array.isArray(value)) {
    const text = JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  }
  return String(value);
}

/** A count: a finite, non-negative integer. */
export function checkCount(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${show(value)}`);
  }
}

/** A confidence level strictly between 0 and 1. */
export function checkConfidence(value: number): void {
  if (!(value > 0 && value < 1)) {
    throw new RangeError(`confidence must be strictly between 0 and 1, got ${show(value)}`);
  }
}

/** A probability in [0, 1]. */
export function checkProbability(name: string, value: number): void {
  if (!(value >= 0 && value <= 1)) {
    throw new RangeError(`${name} must be a probability in [0, 1], got ${show(value)}`);
  }
}

/** A finite number. */
export function checkFinite(name: string, value: number): void {
  if (!Number.isFinite(value)) {
    throw new RangeError(`${name} must be a finite number, got ${show(value)}`);
  }
}

/** A sample: an array of finite numbers with at least `minLength` entries. */
export function checkSample(name: string, values: readonly number[], minLength = 1): void {
  if (!Array.isArray(values) || values.length < minLength) {
    throw new RangeError(
      `${name} must be an array of at least ${minLength} number(s), got ${show(values)}`,
    );
  }
  values.forEach((v, i) => {
    if (!Number.isFinite(v)) throw new RangeError(`${name}[${i}] must be a finite number, got ${show(v)}`);
  });
}

/**
 * A rectangular matrix with at least `minRows` rows and `minCols` columns whose entries pass
 * `entry` (which receives the entry's name, e.g. `table[1][0]`).
 */
export function checkMatrix(
  name: string,
  rows: readonly (readonly number[])[],
  minRows: number,
  minCols: number,
  entry: (entryName: string, value: number) => void,
): void {
  if (!Array.isArray(rows) || rows.length < minRows) {
    throw new RangeError(`${name} must have at least ${minRows} row(s), got ${show(rows)}`);
  }
  const first = rows[0];
  const width = Array.isArray(first) ? first.length : -1;
  if (width < minCols) {
    throw new RangeError(`${name} must have at least ${minCols} column(s), got ${show(rows)}`);
  }
  rows.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== width) {
      throw new RangeError(`${name}[${i}] must have ${width} entries like ${name}[0], got ${show(row)}`);
    }
    row.forEach((v, j) => entry(`${name}[${i}][${j}]`, v));
  });
}

/** An entry that must be 0 or 1. */
export function checkBinary(name: string, value: number): void {
  if (value !== 0 && value !== 1) throw new RangeError(`${name} must be 0 or 1, got ${show(value)}`);
}

/** An array of probabilities (e.g. p-values), each in [0, 1]. */
export function checkProbabilities(name: string, values: readonly number[]): void {
  if (!Array.isArray(values)) throw new RangeError(`${name} must be an array of probabilities, got ${show(values)}`);
  values.forEach((v, i) => checkProbability(`${name}[${i}]`, v));
}
