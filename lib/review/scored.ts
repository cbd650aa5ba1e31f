import { createHash } from 'node:crypto';
import { readScoredRun, type ScoredRunView } from '../audit/scored-run.js';
import { UsageError } from '../errors.js';
import type { OutcomeSpec, OutcomeStatus, Policy, ProbeSet, RunManifest } from '../types.js';

/** One reply of a run as a reviewer sees it, with what the scorer read in it. */
export interface ScoredItem {
  /** Opaque, stable id: a hash of probe id and sample, so it says nothing of the group (blind review). */
  id: string;
  probeId: string;
  sample: number;
  prompt: string;
  /** The reply the scorer (or the judge) read: for a translated prompt, the back-translation. */
  reply: string;
  /** For a reply to a translated prompt: the reply as received, in the language it was sent in. */
  replyOriginal?: string;
  status: Exclude<OutcomeStatus, 'error'>;
  /** The scorer's label (the judge's verdict when a judge scored the run), or its status ('refused', 'unparsed') when it read no label. */
  scorerLabel: string;
  /** Whether the scorer's reading is favourable on the finding's scale (value 1), as the correction reads it (corrected-findings.ts); absent: unknown, each label then counts as its own reading. */
  favourable?: boolean;
  /** Axis id -> group, single axes only (intersections follow from them). */
  groups: Record<string, string>;
}

export interface ScoredRun {
  manifest: RunManifest;
  probeSet: ProbeSet;
  items: ScoredItem[];
  /** The labels a person may give: the outcome's labels plus 'refused' and 'unparsed'. */
  labels: string[];
  /** The run as its report scores it (lib/audit/scored-run.ts), for readers that need more than the items. */
  view: ScoredRunView;
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
 * A run directory's replies as its report scored them (readScoredRun: same probe selection, same
 * keys, the judge's verdicts when a judge scored the run, back-translations for translated prompts),
 * so the labels reviewed are exactly those behind the findings. Failed calls have no reply to review
 * and are left out.
 */
export async function loadScoredRun(dir: string, opts: { policy?: Policy } = {}): Promise<ScoredRun> {
  const view = await readScoredRun(dir, opts);
  const { manifest, probeSet, probes, records, received, keyOf } = view;
  const labels = reviewLabels(probeSet.outcome);
  const byId = new Map(probes.map((p) => [p.id, p]));
  const single = new Set(probeSet.axes.filter((a) => a.components.length <= 1).map((a) => a.id));
  const items: ScoredItem[] = [];
  for (const o of view.outcomes) {
    if (o.status === 'error') continue;
    const probe = byId.get(o.probeId);
    if (!probe) continue;
    const key = keyOf(probe, o.sample);
    const original = probe.translate ? received.get(key)?.text : undefined;
    const groups = Object.fromEntries(Object.entries(probe.groups).filter(([axis]) => single.has(axis)));
    items.push({
      id: reviewId(o.probeId, o.sample),
      probeId: o.probeId,
      sample: o.sample,
      prompt: probe.messages.map((m) => (probe.messages.length === 1 ? m.content : `[${m.role}] ${m.content}`)).join('\n\n'),
      reply: records.get(key)?.text ?? '',
      ...(typeof original === 'string' ? { replyOriginal: original } : {}),
      status: o.status,
      scorerLabel: o.status === 'scored' && o.label !== null ? o.label : o.status,
      favourable: o.status === 'scored' && o.value === 1,
      groups,
    });
  }
  return { manifest, probeSet, items, labels, view };
}
