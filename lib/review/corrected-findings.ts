import { join } from 'node:path';
import { requireRunDir, RUN_FILES } from '../audit/run-dir.js';
import { detect } from '../detectors/index.js';
import { expand, sampleProbes } from '../probes/index.js';
import { keyFor, readJournal, shardProbes } from '../runner/index.js';
import { outcomeValue, score } from '../scorers/index.js';
import type { CorrectedFinding, Finding, Outcome, OutcomeSpec, Probe } from '../types.js';
import { correctDisparity, type CorrectionUnit, type ReadFlags } from './correct.js';
import { reviewId } from './scored.js';

export interface CorrectFindingsOptions {
  /** Seeds the bootstrap (with the axis id). Default: the run's seed. */
  seed?: number;
  /** Bootstrap resamples; default 2000. */
  resamples?: number;
  confidence?: number;
}

/**
 * The run's rate findings checked against people's labels (`humanLabels`: review id -> label):
 * (a) the detectors re-run with people's labels in place of the scorer's where people labelled, and
 * (b) each axis's disparity corrected for the scorer's measured misclassification (correct.ts).
 * The run is re-scored from its journal exactly as `bias-audit report` does, so the findings are
 * those of results.json. Mean findings (numeric outcomes) have no labels to correct and are skipped.
 */
export async function correctFindings(dir: string, humanLabels: ReadonlyMap<string, string>, opts: CorrectFindingsOptions = {}): Promise<CorrectedFinding[]> {
  const { manifest, probeSet } = await requireRunDir(dir);
  const kept = manifest.sampling ? sampleProbes(expand(probeSet), manifest.sampling).probes : expand(probeSet);
  const probes = manifest.shard ? shardProbes(kept, manifest.shard) : kept;
  const { records } = readJournal(join(dir, RUN_FILES.journal));
  const keyOf = keyFor({ id: manifest.model.spec }, manifest.model.parameters);
  const samples = manifest.probeSet.samples;
  const outcomes = score(probeSet.outcome, probes, samples, records, keyOf);
  const detectOpts = { policy: manifest.policy, seed: manifest.seed, samplesPerProbe: samples };
  const findings = detect(probeSet, probes, outcomes, detectOpts);
  const byId = new Map(probes.map((p) => [p.id, p]));
  const relabelled = outcomes.map((o) => {
    const label = humanLabels.get(reviewId(o.probeId, o.sample));
    const probe = byId.get(o.probeId);
    return label === undefined || o.status === 'error' || !probe ? o : peopleOutcome(o, label, probeSet.outcome, probe);
  });
  const withPeople = new Map(detect(probeSet, probes, relabelled, detectOpts).map((f) => [f.axis, f]));

  const single = new Set(probeSet.axes.filter((a) => a.components.length <= 1).map((a) => a.id));
  const seed = opts.seed ?? manifest.seed;
  // The review sample (scored.ts) and this correction read the replies with the pattern scorer, as the
  // run journal holds them; a judge or a translator changes what the report's findings rest on.
  const scorerNotes = [
    ...(manifest.judge ? [`This run's report was scored by the LLM judge ${manifest.judge.spec}; the review and this correction measure the pattern scorer, not the judge.`] : []),
    ...(manifest.translator ? ['This run translates replies back to English before scoring; the review and this correction read the replies as the model wrote them.'] : []),
  ];
  const out: CorrectedFinding[] = [];
  for (const f of findings) {
    if (f.metric !== 'rate') continue;
    const units: CorrectionUnit[] = [];
    for (let i = 0; i < outcomes.length; i++) {
      const o = outcomes[i] as Outcome;
      const probe = byId.get(o.probeId);
      const group = probe?.groups[f.axis];
      if (o.status === 'error' || !probe || group === undefined) continue;
      const h = relabelled[i] as Outcome;
      const human = humanLabels.has(reviewId(o.probeId, o.sample)) ? flags(h) : undefined;
      units.push({ group, stratum: stratumOf(probe, single, o), scorer: flags(o), ...(human ? { human } : {}) });
    }
    const c = correctDisparity(units, {
      groups: f.groups.map((g) => g.group),
      reference: f.reference,
      policy: manifest.policy,
      seed: `${seed}/${f.axis}`,
      ...(opts.resamples === undefined ? {} : { resamples: opts.resamples }),
      ...(opts.confidence === undefined ? {} : { confidence: opts.confidence }),
    });
    const people = withPeople.get(f.axis);
    out.push({
      findingId: f.id,
      axis: f.axis,
      axisTitle: f.axisTitle,
      verdict: f.verdict,
      withPeopleLabels: { verdict: people?.verdict ?? 'inconclusive', gap: people?.gap ?? 0 },
      correctedVerdict: c.correctedVerdict,
      survives: f.verdict === 'inconclusive' ? null : c.correctedVerdict === f.verdict,
      groups: c.groups,
      pairs: c.pairs,
      correctedGap: c.correctedGap,
      bootstrap: c.bootstrap,
      uncovered: c.uncovered,
      notes: [...notesFor(f, c), ...scorerNotes],
    });
  }
  return out;
}

/** A reply as people read it, in the scorer's terms: `refused` and `unparsed` set the reply aside (except for the refusal outcome, where `refused` is the measured label). */
export function peopleOutcome(o: Outcome, label: string, outcome: OutcomeSpec, probe: Pick<Probe, 'meta'>): Outcome {
  const reason = 'label from human review';
  if (label === 'unparsed') return { ...o, status: 'unparsed', value: null, label: null, reason };
  if (label === 'refused' && outcome.type !== 'refusal') return { ...o, status: 'refused', value: null, label: null, reason };
  return { ...o, status: 'scored', value: outcomeValue(outcome, label, probe), label, reason };
}

function flags(o: Outcome): ReadFlags {
  return { answer: o.status === 'scored', favourable: o.status === 'scored' && o.value === 1 };
}

/** The review sample's stratum of a reply (sample.ts): its single-axis groups and the scorer's label. */
function stratumOf(probe: Probe, single: ReadonlySet<string>, o: Outcome): string {
  const groups = Object.entries(probe.groups)
    .filter(([axis]) => single.has(axis))
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('; ');
  return `${groups} | ${o.status === 'scored' && o.label !== null ? o.label : o.status}`;
}

function notesFor(f: Finding, c: ReturnType<typeof correctDisparity>): string[] {
  const notes: string[] = [];
  if (c.uncovered > 0) notes.push(`${c.uncovered} replies are in strata (group x scorer label) no reviewed reply came from: the scorer's error there is not measured, and the correction leans on the other strata of the group.`);
  if (c.bootstrap.failed > 0) notes.push(`${c.bootstrap.failed} of ${c.bootstrap.resamples} bootstrap resamples could not be corrected (sensitivity + specificity ≤ 1 or no answer left) and were left out.`);
  const unmeasured = c.groups.filter((g) => g.sensitivity === null || g.specificity === null).map((g) => g.group);
  if (unmeasured.length > 0) notes.push(`For ${unmeasured.join(', ')} the review held no reply people read as favourable (or none as unfavourable): that error rate is taken as 0.`);
  if (f.groups.length < 2) notes.push('Fewer than two groups: no gap to correct.');
  return notes;
}
