import type { Probe } from '../types.js';

/** The calls a run still has to make, without one object per call. */
export interface WorkPlan {
  /** Distinct calls of the audit (identical requests count once). */
  total: number;
  /** Of those, already answered in the journal. */
  fromJournal: number;
  /**
   * The calls to make, in probe order, each as `probeIndex * samples + sample`: four bytes a call,
   * so planning 100k calls costs 400 kB rather than 100k objects.
   */
  pending: Uint32Array;
}

/**
 * Which probe x sample calls are still to make: each distinct request key once (the same model,
 * parameters, messages and sample give the same key, so identical requests are made once), minus
 * those `isDone` (already in the journal). The set of keys seen is held only while planning.
 */
export function planWork(
  probes: readonly Probe[],
  samples: number,
  keyOf: (probe: Probe, sample: number) => string,
  isDone: (key: string) => boolean,
): WorkPlan {
  if (probes.length * samples > 0xffffffff) throw new RangeError(`too many calls to plan: ${probes.length} probes x ${samples} samples`);
  const seen = new Set<string>();
  const pending: number[] = [];
  let fromJournal = 0;
  probes.forEach((probe, i) => {
    for (let sample = 0; sample < samples; sample++) {
      const key = keyOf(probe, sample);
      if (seen.has(key)) continue;
      seen.add(key);
      if (isDone(key)) fromJournal++;
      else pending.push(i * samples + sample);
    }
  });
  return { total: seen.size, fromJournal, pending: Uint32Array.from(pending) };
}

/** The probe and sample of a planned call. */
export function callAt(probes: readonly Probe[], samples: number, flat: number): { probe: Probe; sample: number } {
  return { probe: probes[Math.floor(flat / samples)] as Probe, sample: flat % samples };
}
