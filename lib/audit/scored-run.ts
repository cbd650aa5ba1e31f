/**
 * A run directory read the way its findings were made: the one view that `bias-audit report`,
 * `review`, `export` and the corrected findings all score from, so none of them measures something
 * other than what results.json rests on (a judge's verdicts, back-translated replies).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputFileError } from '../errors.js';
import { judgedFromJournal, type Judged } from '../judge/index.js';
import { expand, sampleProbes } from '../probes/index.js';
import { keyFor, readJournal, shardProbes } from '../runner/index.js';
import { score } from '../scorers/index.js';
import { readTranslatedRun } from '../transforms/index.js';
import type { AuditResults, Outcome, Policy, Probe, ProbeSet, ResponseRecord, RunManifest } from '../types.js';
import { requireRunDir, RUN_FILES } from './run-dir.js';

export interface ScoredRunView {
  /** The run's manifest, with the policy the view was read under (`policy` option, else the manifest's). */
  manifest: RunManifest;
  probeSet: ProbeSet;
  /** The probes as the run selected them (--max-probes sampling, shard). */
  probes: Probe[];
  samples: number;
  /** responses.jsonl as written: the replies as received. */
  received: ReadonlyMap<string, ResponseRecord>;
  /**
   * The records as scored, under the same keys: for a translated run the replies to translated
   * prompts read in their back-translation (the original stays in `received`).
   */
  records: ReadonlyMap<string, ResponseRecord>;
  keyOf: (probe: Probe, sample: number) => string;
  /** The judge's verdicts, when an LLM judge scored the run. */
  judged?: Judged;
  /** Every probe x sample scored exactly as `analyse` scores it: the judge's outcomes when there is one. */
  outcomes: Outcome[];
  /** For a translated run: the original replies put back in the examples and the method note added (identity otherwise). */
  annotate<R extends AuditResults>(results: R): R;
  /** The journal file. */
  journalFile: string;
}

export interface ScoredRunOptions {
  /** The policy to read the run under (already resolved); default the manifest's. */
  policy?: Policy;
}

/** Read a run directory and score it as its report does; no model, judge or translator is called. */
export async function readScoredRun(dir: string, opts: ScoredRunOptions = {}): Promise<ScoredRunView> {
  const { manifest: recorded, probeSet } = await requireRunDir(dir);
  const manifest = opts.policy ? { ...recorded, policy: opts.policy } : recorded;
  const kept = manifest.sampling ? sampleProbes(expand(probeSet), manifest.sampling).probes : expand(probeSet);
  // A shard's directory holds one slice: analysed on its own, whole blocks and all.
  const probes = manifest.shard ? shardProbes(kept, manifest.shard) : kept;
  const samples = manifest.probeSet.samples;
  const journalFile = join(dir, RUN_FILES.journal);
  const received = readJournal(journalFile).records;
  const modelKey = keyFor({ id: manifest.model.spec }, manifest.model.parameters);
  // Translations are read from the run's translation journal, never made again.
  const translation = manifest.translator ? readTranslatedRun(probes, manifest.translator, dir) : undefined;
  if (translation) await translation.translatePrompts();
  const readable = translation ? await translation.translateReplies(received, modelKey, samples) : undefined;
  const records = readable?.records ?? received;
  const keyOf = readable?.keyOf ?? modelKey;
  const judged = manifest.judge ? judgedFromJournal(manifest.judge, { probeSet, probes, samples, records, keyOf }, dir) : undefined;
  const outcomes = judged?.outcomes ?? score(probeSet.outcome, probes, samples, records, keyOf);
  return {
    manifest,
    probeSet,
    probes,
    samples,
    received,
    records,
    keyOf,
    ...(judged ? { judged } : {}),
    outcomes,
    annotate: (results) => (readable ? readable.annotate(results) : results),
    journalFile,
  };
}

/**
 * The policy the run's current results.json was made under (a `report DIR --policy ...` override
 * included), else the manifest's: what a later rebuild of the reports should keep.
 */
export async function recordedPolicy(dir: string): Promise<Policy> {
  const file = join(dir, 'results.json');
  if (existsSync(file)) {
    let doc: unknown;
    try {
      doc = JSON.parse(await readFile(file, 'utf8'));
    } catch (err) {
      throw new InputFileError(file, 0, `expected JSON: ${(err as Error).message}; rebuild it with bias-audit report ${dir}`);
    }
    const policy = (doc as { manifest?: { policy?: unknown } } | null)?.manifest?.policy;
    if (typeof policy === 'object' && policy !== null && !Array.isArray(policy)) return policy as Policy;
  }
  return (await requireRunDir(dir)).manifest.policy;
}
