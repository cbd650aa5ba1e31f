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

/** Folders of probes/ that hold other YAML (attribute tables, sim profiles), not probe sets. */
const NOT_PROBE_SETS = new Set(['attributes', 'sim-profiles']);

/**
 * Every probe set (*.yaml) in a folder and its sub-folders one level down (probes/safety/ ...),
 * loaded, validated and expanded to count its calls.
 */
export async function listProbeSets(dir: string): Promise<ProbeSetEntry[]> {
  const isYaml = (f: string) => f.endsWith('.yaml') || f.endsWith('.yml');
  const entries = await readdir(dir, { withFileTypes: true });
  const files = entries.filter((e) => e.isFile() && isYaml(e.name)).map((e) => e.name);
  for (const sub of entries.filter((e) => e.isDirectory() && !NOT_PROBE_SETS.has(e.name))) {
    files.push(...(await readdir(join(dir, sub.name))).filter(isYaml).map((f) => join(sub.name, f)));
  }
  files.sort();
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
