import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { requireRunDir, RUN_FILES } from '../audit/run-dir.js';
import { UsageError } from '../errors.js';
import { expand, sampleProbes } from '../probes/index.js';
import { keyFor, readJournal, shardProbes } from '../runner/index.js';
import { score } from '../scorers/index.js';
import type { OutcomeSpec, OutcomeStatus, ProbeSet, RunManifest } from '../types.js';

/** One reply of a run as a reviewer sees it, with what the scorer read in it. */
export interface ScoredItem {
  /** Opaque, stable id: a hash of probe id and sample, so it says nothing of the group (blind review). */
  id: string;
  probeId: string;
  sample: number;
  prompt: string;
  reply: string;
  status: Exclude<OutcomeStatus, 'error'>;
  /** The scorer's label, or its status ('refused', 'unparsed') when it read no label. */
  scorerLabel: string;
  /** Axis id -> group, single axes only (intersections follow from them). */
  groups: Record<string, string>;
}

export interface ScoredRun {
  manifest: RunManifest;
  probeSet: ProbeSet;
  items: ScoredItem[];
  /** The labels a person may give: the outcome's labels plus 'refused' and 'unparsed'. */
  labels: string[];
}

export function reviewId(probeId: string, sample: number): string {
  return `r-${createHash('sha256').update(`${probeId}\u0000${sample}`).digest('hex').slice(0, 12)}`;
}

/** The labels of a categorical outcome; numeric outcomes have no finite label set to review. */
export function reviewLabels(outcome: OutcomeSpec): string[] {
  const base = outcome.type === 'binary' ? ['yes', 'no'] : outcome.type === 'choice' ? outcome.choices : outcome.type === 'refusal' ? ['answered', 'refused'] : outcome.type === 'toxicity' ? ['not-toxic', 'toxic'] : undefined;
  if (!base) throw new UsageError(`review needs a categorical outcome (binary, choice, refusal or toxicity); this run's outcome is ${outcome.type}`);
  return [...new Set([...base, 'refused', 'unparsed'])];
}

/**
 * Re-score a run directory's journal with the run's own outcome spec, the way regenerateReport does
 * (same probe selection, same keys), so the reviewed labels are exactly those behind the findings.
 * Failed calls have no reply to review and are left out.
 */
export async function loadScoredRun(dir: string): Promise<ScoredRun> {
  const { manifest, probeSet } = await requireRunDir(dir);
  const labels = reviewLabels(probeSet.outcome);
  const kept = manifest.sampling ? sampleProbes(expand(probeSet), manifest.sampling).probes : expand(probeSet);
  const probes = manifest.shard ? shardProbes(kept, manifest.shard) : kept;
  const { records } = readJournal(join(dir, RUN_FILES.journal));
  const keyOf = keyFor({ id: manifest.model.spec }, manifest.model.parameters);
  const outcomes = score(probeSet.outcome, probes, manifest.probeSet.samples, records, keyOf);
  const byId = new Map(probes.map((p) => [p.id, p]));
  const single = new Set(probeSet.axes.filter((a) => a.components.length <= 1).map((a) => a.id));
  const items: ScoredItem[] = [];
  for (const o of outcomes) {
    if (o.status === 'error') continue;
    const probe = byId.get(o.probeId);
    if (!probe) continue;
    const rec = records.get(keyOf(probe, o.sample));
    const groups = Object.fromEntries(Object.entries(probe.groups).filter(([axis]) => single.has(axis)));
    items.push({
      id: reviewId(o.probeId, o.sample),
      probeId: o.probeId,
      sample: o.sample,
      prompt: probe.messages.map((m) => (probe.messages.length === 1 ? m.content : `[${m.role}] ${m.content}`)).join('\n\n'),
      reply: rec?.text ?? '',
      status: o.status,
      scorerLabel: o.status === 'scored' && o.label !== null ? o.label : o.status,
      groups,
    });
  }
  return { manifest, probeSet, items, labels };
}
