import type { OutcomeSpec } from '../types.js';

/** A numeric reading of the outcome: what the report needs to chart and phrase means. */
export interface OutcomeScale {
  favourable: 'higher' | 'lower';
  /** Bounds of the scale when the outcome has them (numeric range, sentiment [-1, 1]). */
  min?: number;
  max?: number;
  unit?: string;
}

/**
 * The scale of an outcome whose findings are means (numeric answers, sentiment, length), or
 * undefined for outcomes whose findings are rates (yes/no, choice, refusal, toxicity).
 */
export function outcomeScale(outcome: OutcomeSpec): OutcomeScale | undefined {
  const o = outcome as { type: string; favourable?: unknown; min?: number; max?: number; unit?: string };
  switch (o.type) {
    case 'numeric':
      return { favourable: o.favourable === 'lower' ? 'lower' : 'higher', ...bounds(o.min, o.max), ...(o.unit ? { unit: o.unit } : {}) };
    case 'sentiment':
      return { favourable: 'higher', min: -1, max: 1 };
    case 'length':
      return { favourable: o.favourable === 'lower' ? 'lower' : 'higher', min: 0, unit: o.unit ?? 'words' };
    default:
      return undefined;
  }
}

function bounds(min: number | undefined, max: number | undefined): { min?: number; max?: number } {
  return { ...(min === undefined ? {} : { min }), ...(max === undefined ? {} : { max }) };
}
