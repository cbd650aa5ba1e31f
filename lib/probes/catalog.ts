import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { OutcomeSpec } from '../types.js';
import { expand } from './expand.js';
import { loadProbeSet } from './load.js';

export interface ProbeSetEntry {
  id: string;
  file: string;
  title: string;
  domain: string;
  outcome: OutcomeSpec['type'];
  probes: number;
  samples: number;
  /** probes x samples at the set's default samples. */
  calls: number;
  axes: { id: string; groups: number }[];
}

/** Every probe set (*.yaml) in a folder, loaded, validated and expanded to count its calls. */
export async function listProbeSets(dir: string): Promise<ProbeSetEntry[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.yaml') || f.endsWith('.yml')).sort();
  const out: ProbeSetEntry[] = [];
  for (const f of files) {
    const file = join(dir, f);
    const ps = await loadProbeSet(file);
    const probes = expand(ps).length;
    out.push({
      id: ps.id,
      file,
      title: ps.title,
      domain: ps.domain,
      outcome: ps.outcome.type,
      probes,
      samples: ps.samples,
      calls: probes * ps.samples,
      axes: ps.axes.map((a) => ({ id: a.id, groups: a.groups.length })),
    });
  }
  return out;
}
