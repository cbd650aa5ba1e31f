import type { Axis, Outcome, OutcomeStatus, Probe } from '../types.js';

/** One outcome placed on an axis: which group it belongs to and which block it was compared in. */
export interface Observation {
  probeId: string;
  sample: number;
  block: string;
  group: string;
  status: OutcomeStatus;
  value: number | null;
}

/** The outcomes of the probes that carry `axis`, each tagged with its group and block. */
export function observationsFor(axis: Axis, probes: readonly Probe[], outcomes: readonly Outcome[]): Observation[] {
  const byId = new Map(probes.map((p) => [p.id, p]));
  const out: Observation[] = [];
  for (const o of outcomes) {
    const p = byId.get(o.probeId);
    const group = p?.groups[axis.id];
    const block = p?.blocks[axis.attribute];
    if (!p || group === undefined || block === undefined) continue;
    out.push({ probeId: o.probeId, sample: o.sample, block, group, status: o.status, value: o.value });
  }
  return out;
}

export interface Cells {
  groups: string[];
  /** block -> group index -> scored values */
  blocks: Map<string, number[][]>;
}

/** Scored values arranged by block and group, for the paired and stratified tests. */
export function cellsOf(obs: readonly Observation[], groups: readonly string[]): Cells {
  const index = new Map(groups.map((g, i) => [g, i]));
  const blocks = new Map<string, number[][]>();
  for (const o of obs) {
    const gi = index.get(o.group);
    if (o.status !== 'scored' || o.value === null || gi === undefined) continue;
    let cell = blocks.get(o.block);
    if (!cell) blocks.set(o.block, (cell = groups.map(() => [])));
    (cell[gi] as number[]).push(o.value);
  }
  return { groups: [...groups], blocks };
}

/** Blocks in which every group has at least one scored value. */
export function completeBlocks(cells: Cells): number[][][] {
  return [...cells.blocks.values()].filter((b) => b.every((c) => c.length > 0));
}

/** True when no block holds more than one scored value per group (one probe, one sample). */
export function oneValuePerCell(cells: Cells): boolean {
  return [...cells.blocks.values()].every((b) => b.every((c) => c.length <= 1));
}
