import type { Verdict } from '../types.js';

/**
 * Every verdict a finding or an audit can carry: `fail`, `pass`, `inconclusive` (neither a
 * disparity nor equivalence shown), and `insufficient-data`, which results.json files written
 * before the three-verdict policy carry and `bias-audit compare` may still read.
 */
export type AnyVerdict = Verdict | 'inconclusive' | 'insufficient-data';

export interface VerdictStyle {
  /** What the report prints: `FAIL`. */
  label: string;
  /** Markdown marker (emoji render in GitHub's PR view and step summary). */
  icon: string;
  /** Sort key: the verdicts that need action first. */
  order: number;
  /** CSS class suffix: badge-<cls>, verdict-<cls>. */
  cls: string;
  /** In a tally: "3 failed", "1 inconclusive". */
  words: string;
}

export const VERDICTS: Record<AnyVerdict, VerdictStyle> = {
  fail: { label: 'FAIL', icon: '❌', order: 0, cls: 'fail', words: 'failed' },
  inconclusive: { label: 'INCONCLUSIVE', icon: '❔', order: 1, cls: 'inconclusive', words: 'inconclusive' },
  'insufficient-data': { label: 'INSUFFICIENT DATA', icon: '⚠️', order: 2, cls: 'insufficient-data', words: 'with too little data to judge' },
  pass: { label: 'PASS', icon: '✅', order: 3, cls: 'pass', words: 'passed' },
};

/** The style of any verdict string, including one this version does not know (shown as is). */
export function verdictStyle(v: string): VerdictStyle {
  const known = (VERDICTS as Record<string, VerdictStyle | undefined>)[v];
  if (known) return known;
  const safe = v.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
  return { label: v.toUpperCase(), icon: '❔', order: 1.5, cls: safe === '' ? 'other' : safe, words: v };
}
