import type { Outcome, Probe } from '../types.js';

/** One scored reply joined with its probe's benchmark metadata. */
export interface Item {
  meta: Record<string, string>;
  /** The option letter chosen (choice outcomes) or null. */
  label: string | null;
  /** The outcome's value (the sentiment for sentiment outcomes). */
  value: number | null;
}

/**
 * The scored replies of a benchmark probe set with each probe's metadata, and how many replies were
 * left out (refused, unparsed or failed): every benchmark score here is computed on scored replies
 * only, and the notes say how many were left out.
 */
export function itemsOf(probes: readonly Probe[], outcomes: readonly Outcome[]): { items: Item[]; left: number } {
  const byId = new Map(probes.map((p) => [p.id, p]));
  const items: Item[] = [];
  let left = 0;
  for (const o of outcomes) {
    const p = byId.get(o.probeId);
    if (!p) continue;
    if (o.status !== 'scored') {
      left++;
      continue;
    }
    items.push({ meta: p.meta ?? {}, label: o.label, value: o.value });
  }
  return { items, left };
}

/** A share, or null when there is nothing to divide by. */
export function share(k: number, n: number): number | null {
  return n > 0 ? k / n : null;
}

/** Distinct values of a metadata field, in order of first appearance. */
export function distinct(items: readonly Item[], key: string): string[] {
  return [...new Set(items.map((i) => i.meta[key] ?? '').filter((v) => v !== ''))];
}

export function leftOutNote(left: number): string[] {
  return left > 0 ? [`${left} repl${left === 1 ? 'y was' : 'ies were'} refused, unparsed or failed and left out of every score (the published protocols assume every item is answered).`] : [];
}
