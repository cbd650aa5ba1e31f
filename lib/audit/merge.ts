import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { expand, sampleProbes } from '../probes/index.js';
import { writeReports } from '../report/index.js';
import { JournalWriter, keyFor, scanJournal, shardProbes } from '../runner/index.js';
import type { Probe, ProbeSet, ResponseRecord, RunManifest } from '../types.js';
import type { AuditResult } from './audit.js';
import { analyse } from './results.js';
import { judgedFromJournal, mergeJudgeJournals } from '../judge/index.js';
import { checkShardTranslations, mergeTranslationJournals, readTranslatedRun } from '../transforms/index.js';
import { readRunDir, RUN_FILES, writeRunDir } from './run-dir.js';
import { summarise } from './summary.js';

export interface MergeOptions {
  /** The merged run directory (created; an earlier merge there is replaced). */
  outDir: string;
  /** The command line, recorded in the manifest. */
  command?: string;
  /** Injected for tests: the clock of the manifest. */
  now?: () => Date;
}

/**
 * Join the run directories of `run --shard i/n` into one audit and write its reports.
 *
 * The shards must be one audit: the same probes (a fingerprint of every probe's id and messages, so
 * the same set wherever its files were), model, seed, samples, model parameters and probe sampling,
 * the same shard count, and every index from 1 to n exactly once. Each must be complete: a shard
 * with calls missing is named with the command that finishes it. Every problem is listed at once
 * (UsageError, exit 2). The journals are then concatenated into one and analysed as a whole.
 */
export async function mergeRuns(dirs: readonly string[], opts: MergeOptions): Promise<AuditResult> {
  if (dirs.length === 0) throw new UsageError('merge needs the run directories of the shards: bias-audit merge DIR... --out DIR');
  const runs: { dir: string; manifest: RunManifest; probeSet: ProbeSet; probes: Probe[]; fingerprint: string }[] = [];
  for (const dir of dirs) {
    const found = await readRunDir(dir);
    if (!found) throw new UsageError(`${dir} is not a run directory: it has no ${RUN_FILES.manifest}`);
    const kept = keptProbes(found.manifest, found.probeSet);
    runs.push({ dir, ...found, probes: kept, fingerprint: fingerprint(found.probeSet, kept) });
  }
  const first = runs[0] as (typeof runs)[number];
  const problems: string[] = [];
  const same = (what: string, of: (r: (typeof runs)[number]) => unknown) => {
    const want = JSON.stringify(of(first));
    for (const r of runs.slice(1)) {
      if (JSON.stringify(of(r)) !== want) problems.push(`${r.dir}: ${what} differs from ${first.dir} (${JSON.stringify(of(r))} vs ${want})`);
    }
  };
  same('probe set (fingerprint of its probes)', (r) => r.fingerprint);
  same('model', (r) => r.manifest.model.spec);
  same('seed', (r) => r.manifest.seed);
  same('samples', (r) => r.manifest.probeSet.samples);
  same('model parameters', (r) => r.manifest.model.parameters);
  same('probe sampling', (r) => r.manifest.sampling ?? null);
  same('shard count', (r) => r.manifest.shard?.count ?? null);
  same('judge (model, parameters, rubric and labelled rows)', (r) => (r.manifest.judge ? { ...r.manifest.judge, baseUrl: null } : null));
  same('translator (model, parameters, languages)', (r) => (r.manifest.translator ? { ...r.manifest.translator, baseUrl: null } : null));
  const count = first.manifest.shard?.count;
  for (const r of runs) if (!r.manifest.shard) problems.push(`${r.dir} is not a shard (it was not run with --shard i/n)`);
  if (count !== undefined && problems.length === 0) {
    const seen = new Map<number, string>();
    for (const r of runs) {
      const i = (r.manifest.shard as { index: number }).index;
      const other = seen.get(i);
      if (other !== undefined) problems.push(`${r.dir} and ${other} are both shard ${i}/${count}`);
      seen.set(i, r.dir);
    }
    const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !seen.has(i));
    if (missing.length > 0) problems.push(`shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${count}`).join(', ')} missing`);
  }
  if (problems.length > 0) throw new UsageError(`these run directories are not the shards of one audit:\n  ${problems.join('\n  ')}`);

  const samples = first.manifest.probeSet.samples;
  const keyOf = keyFor({ id: first.manifest.model.spec }, first.manifest.model.parameters);
  const records = new Map<string, ResponseRecord>();
  const outDir = resolve(opts.outDir);
  if (runs.some((r) => resolve(r.dir) === outDir)) throw new UsageError(`--out ${opts.outDir} is one of the shards: choose a new directory`);
  // Complete before anything is written: a merge of unfinished shards would not be the audit.
  const incomplete: string[] = [];
  for (const r of runs) {
    const shard = r.manifest.shard as { index: number; count: number };
    // A translated shard sent its probes translated (the translation journal says how); those it could not translate were not sent.
    const slice = shardProbes(r.probes, shard);
    const sent = r.manifest.translator ? await readTranslatedRun(slice, r.manifest.translator, r.dir).translatePrompts() : slice;
    const want = new Set(sent.flatMap((p) => Array.from({ length: samples }, (_, s) => keyOf(p, s))));
    const size = want.size;
    scanJournal(join(r.dir, RUN_FILES.journal), (rec) => {
      if (typeof rec.text === 'string') want.delete(rec.key);
    });
    if (want.size > 0) incomplete.push(`shard ${shard.index}/${shard.count} (${r.dir}) lacks ${want.size} of ${size} calls: finish it with bias-audit run --resume ${r.dir}`);
  }
  if (incomplete.length > 0) throw new UsageError(`the shards are not complete, so their merge would not be the audit:\n  ${incomplete.join('\n  ')}`);
  if (first.manifest.translator) checkShardTranslations(runs.map((r) => r.dir));

  const manifest: RunManifest = {
    ...first.manifest,
    createdAt: (opts.now ?? (() => new Date()))().toISOString(),
    mergedFrom: runs.map((r) => r.dir),
    ...(opts.command === undefined ? {} : { command: opts.command }),
  };
  delete manifest.shard;
  await writeRunDir(outDir, manifest, first.probeSet);
  if (manifest.translator) mergeTranslationJournals(runs.map((r) => r.dir), outDir);
  const journalFile = join(outDir, RUN_FILES.journal);
  const writer = new JournalWriter(journalFile, 0);
  try {
    for (const r of runs) {
      scanJournal(join(r.dir, RUN_FILES.journal), (rec) => {
        writer.append(rec);
        if (typeof rec.text === 'string') records.set(rec.key, rec);
      });
    }
  } finally {
    writer.close();
  }

  // Translated shards: their translations are joined, and the merged run reads the replies in back-translation as each shard did.
  const translation = manifest.translator ? readTranslatedRun(first.probes, manifest.translator, outDir) : undefined;
  if (translation) await translation.translatePrompts();
  const readable = translation ? await translation.translateReplies(records, keyOf, samples) : undefined;
  const scored = readable?.records ?? records;
  const scoredKey = readable?.keyOf ?? keyOf;
  // Shards graded by a judge: their verdicts are joined too, and the merged run is scored from them.
  const judge = manifest.judge;
  if (judge) mergeJudgeJournals(runs.map((r) => r.dir), outDir);
  const judged = judge ? judgedFromJournal(judge, { probeSet: first.probeSet, probes: first.probes, samples, records: scored, keyOf: scoredKey }, outDir) : undefined;
  const analysed = analyse(first.probeSet, first.probes, scored, scoredKey, manifest, judged);
  const results = readable ? readable.annotate(analysed) : analysed;
  const files = await writeReports(results, outDir);
  const text = summarise(results, files.html);
  return Object.assign(results, { outDir, files: { ...files, journal: journalFile }, summary: () => text });
}

/** The probes a run directory's audit covers before sharding (after --max-probes sampling, if any). */
function keptProbes(manifest: RunManifest, probeSet: ProbeSet): Probe[] {
  const all = expand(probeSet);
  return manifest.sampling ? sampleProbes(all, manifest.sampling).probes : all;
}

/** What makes two probe sets the same for an audit: every probe's id and messages, in order. */
function fingerprint(probeSet: ProbeSet, probes: readonly Probe[]): string {
  const h = createHash('sha256');
  h.update(JSON.stringify(probeSet.outcome));
  for (const p of probes) h.update(JSON.stringify([p.id, p.messages]));
  return h.digest('hex');
}
