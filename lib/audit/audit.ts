import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolvePolicy } from '../detectors/index.js';
import { RunIncompleteError, UsageError } from '../errors.js';
import { expand, loadProbeSet, sampleProbes } from '../probes/index.js';
import { createProvider } from '../providers/index.js';
import { redactUrl } from '../providers/redact-url.js';
import { packageRoot } from '../report/index.js';
import { writeReports } from '../report/index.js';
import { keyFor, run, shardProbes, type BatchModeOptions, type RetryPolicy, type RunProgress, type Shard } from '../runner/index.js';
import type { PriceTable } from '../pricing/index.js';
import { resolveBatch, resolveCache, resolvePricing } from './runner-options.js';
import type { AuditResults, ModelParameters, Policy, ProbeSet, Provider, RunManifest } from '../types.js';
import { analyse } from './results.js';
import { judgeAudit, JUDGE_JOURNAL, resolveJudge } from '../judge/index.js';
import { CostShare, secondModelCost } from './cost-share.js';
import { defaultRunDir, readRunDir, requireRunDir, RUN_FILES, writeRunDir } from './run-dir.js';
import { setUpTranslation, TRANSLATION_FILE } from '../transforms/index.js';
import { summarise } from './summary.js';
import { readLabelQuality } from './label-quality.js';
import { readScoredRun } from './scored-run.js';

export interface AuditOptions {
  /** A probe-set YAML path or a probe set already loaded. */
  probeSet: string | ProbeSet;
  /** A model spec (`sim:biased`, `openai:gpt-4o-mini` ...) or a Provider object. */
  model: string | Provider;
  /** Replies per probe; default: the probe set's `samples`. */
  samples?: number;
  /** Keep at most this many probes: stratified, seeded sampling of whole blocks (lib/probes/sample.ts). */
  maxProbes?: number;
  /** Seeds `sim`, the permutation tests, and the `seed` parameter where a provider supports it. */
  seed?: number;
  /** Model parameters over the probe set's own. */
  parameters?: ModelParameters;
  policy?: Partial<Policy>;
  concurrency?: number;
  /** Run directory; an existing one of the same audit is resumed. Default reports/<set>-<model>-<time>. */
  outDir?: string;
  /** Where default run directories go. Default `reports` under cwd. */
  reportsDir?: string;
  baseUrl?: string;
  /** Environment for API keys; default process.env. Never written anywhere. */
  env?: Record<string, string | undefined>;
  cwd?: string;
  timeoutMs?: number;
  retry?: RetryPolicy;
  signal?: AbortSignal;
  onProgress?: (p: RunProgress) => void;
  /** The command line, recorded in the manifest for reproducibility. */
  command?: string;
  /** Injected for tests: the clock of the manifest and run-directory name. */
  now?: () => Date;
  /** Injected for tests: retry waits. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /**
   * Response cache shared across runs: a directory, or false for none. Default for openai, anthropic
   * and openai-compatible specs: $XDG_CACHE_HOME/bias-audit or ~/.cache/bias-audit (from `env`).
   */
  cache?: string | false;
  /** Run one slice of the audit, whole blocks at a time (`{ index: 2, count: 4 }`); mergeRuns joins them. */
  shard?: Shard;
  /** Stop before this audit's calls (the journal's included) would cost more, in US dollars: exit 3, resumable. */
  maxCost?: number;
  /** Prices over the built-in table: a JSON/YAML file (USD per million tokens) or a table. */
  prices?: PriceTable | string;
  /** Caps on requests and tokens per minute, over the limits the provider's headers announce. */
  rpm?: number;
  tpm?: number;
  /** Send the calls through the provider's batch API (half price, within 24 h); ids persist in the run directory. */
  batch?: boolean | Omit<BatchModeOptions, 'logFile'>;
  /** Notes for a person that are not errors (e.g. a batch submission that could not be recovered). */
  onNote?: (message: string) => void;
  /**
   * An LLM judge that grades refusals instead of the pattern scorer (a model spec or a Provider);
   * required by a probe set whose outcome says `scorer: judge` (lib/judge/, docs/safety.md).
   */
  judge?: string | Provider;
  /** Server URL of an openai-compatible judge. */
  judgeBaseUrl?: string;
  /** Rows of the labelled sample the judge is measured on (default 200). */
  judgeSample?: number;
  /** Tokens the judge may write per verdict (default 5; raise it for a reasoning model). */
  judgeMaxTokens?: number;
  /** Progress of the judge's calls, which start after the model's (default: onProgress). */
  onJudgeProgress?: (p: RunProgress) => void;
  /**
   * The translator model (a spec or a Provider) of a probe set whose templates send messages
   * translated (`translate:`; lib/transforms, docs/safety.md); required by such a set.
   */
  translator?: string | Provider;
  /** Server URL of an openai-compatible translator. */
  translatorBaseUrl?: string;
}

/** results.json's content plus where it was written and a one-look summary for assertions. */
export interface AuditResult extends AuditResults {
  outDir: string;
  files: { html: string; markdown: string; junit: string; json: string; csv: string; journal: string };
  /** Verdict and headline disparities as text: `assert.ok(result.passed, result.summary())`. */
  summary(): string;
}

/**
 * Run an audit end to end: load and expand the probe set, call the model for every probe x sample
 * not already in the run directory's journal, score, detect, and write the reports.
 */
export async function audit(opts: AuditOptions): Promise<AuditResult> {
  const cwd = opts.cwd ?? process.cwd();
  const now = opts.now ?? (() => new Date());
  const probeSet = typeof opts.probeSet === 'string' ? await loadProbeSet(opts.probeSet) : opts.probeSet;
  const seed = opts.seed ?? 0;
  if (!Number.isInteger(seed)) throw new UsageError(`seed must be a whole number; got ${seed}`);
  const samples = opts.samples ?? probeSet.samples;
  if (!Number.isInteger(samples) || samples < 1) throw new UsageError(`samples must be a whole number of at least 1; got ${samples}`);
  const policy = resolvePolicyOrUsage(opts.policy);
  const provider =
    typeof opts.model === 'string'
      ? await createProvider(opts.model, {
          seed,
          cwd,
          ...(opts.baseUrl === undefined ? {} : { baseUrl: opts.baseUrl }),
          ...(opts.env === undefined ? {} : { env: opts.env }),
          ...(opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs }),
        })
      : opts.model;
  const parameters: ModelParameters = { ...probeSet.parameters, ...opts.parameters };
  if (parameters.seed === undefined) parameters.seed = seed;
  const sampled = opts.maxProbes === undefined ? undefined : sampleProbes(expand(probeSet), { maxProbes: opts.maxProbes, seed });
  const probes = sampled?.probes ?? expand(probeSet);
  const selected = opts.shard ? shardProbes(probes, opts.shard) : probes;
  const ignored = (provider.ignoredParameters ?? []).filter((k) => parameters[k] !== undefined).map(String);
  const { costOf } = await resolvePricing(opts, provider);
  // Settled before any call: a missing or unusable judge is a usage error, not a paid-for run that cannot be scored.
  const judge = await resolveJudge(probeSet, { ...opts, seed, cwd });

  const outDir = opts.outDir ?? defaultRunDir(join(cwd, opts.reportsDir ?? 'reports'), probeSet.id, provider.id, now());
  // Also settled before any call: a set that translates needs its translator (lib/transforms).
  const translation = await setUpTranslation(probeSet, selected, opts.translator, outDir, {
    seed,
    cwd,
    ...(opts.translatorBaseUrl === undefined ? {} : { baseUrl: opts.translatorBaseUrl }),
    ...(opts.env === undefined ? {} : { env: opts.env }),
    ...(opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs }),
  });
  // A shard of a translated set translates its own probes' requests and replies; `merge` joins the translation journals.
  // One cost limit over the model's, the translator's and the judge's calls, each at its own model's prices (lib/audit/cost-share.ts).
  const files = { model: join(outDir, RUN_FILES.journal), translator: join(outDir, TRANSLATION_FILE), judge: join(outDir, JUDGE_JOURNAL) };
  const translatorCost = translation ? await secondModelCost(opts, opts.translator as string | Provider, opts.translatorBaseUrl, translation.provider) : undefined;
  const judgeCost = judge ? await secondModelCost(opts, opts.judge as string | Provider, opts.judgeBaseUrl, judge.provider) : undefined;
  const costs = new CostShare(opts.maxCost, [
    { file: files.model, ...(costOf ? { costOf } : {}) },
    { file: files.translator, ...(translatorCost ? { costOf: translatorCost } : {}) },
    { file: files.judge, ...(judgeCost ? { costOf: judgeCost } : {}) },
  ]);
  const translatorCalls = {
    ...(opts.concurrency === undefined ? {} : { concurrency: opts.concurrency }),
    ...(opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs }),
    ...(opts.retry === undefined ? {} : { retry: opts.retry }),
    ...(opts.signal === undefined ? {} : { signal: opts.signal }),
    ...(opts.sleep === undefined ? {} : { sleep: opts.sleep }),
  };
  const manifest: RunManifest = {
    tool: { name: 'bias-audit', version: toolVersion() },
    probeSet: { id: probeSet.id, version: probeSet.version, title: probeSet.title, file: probeSet.file, probes: probes.length, samples },
    model: {
      spec: provider.id,
      synthetic: provider.synthetic === true,
      parameters,
      ...(ignored.length > 0 ? { ignoredParameters: ignored } : {}),
      ...(opts.baseUrl ? { baseUrl: redactUrl(opts.baseUrl) } : {}),
    },
    seed,
    policy,
    inputs: probeSet.inputs,
    ...(opts.command === undefined ? {} : { command: opts.command }),
    createdAt: now().toISOString(),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    ...(sampled && sampled.sampling.probes < sampled.sampling.totalProbes ? { sampling: sampled.sampling } : {}),
    ...(opts.shard ? { shard: { index: opts.shard.index, count: opts.shard.count } } : {}),
    ...(judge ? { judge: judge.manifest } : {}),
    ...(translation ? { translator: translation.manifest } : {}),
  };
  const existing = await readRunDir(outDir);
  if (existing) assertSameAudit(outDir, existing.manifest, manifest);
  await writeRunDir(outDir, existing ? { ...manifest, createdAt: existing.manifest.createdAt } : manifest, probeSet);

  const journalFile = join(outDir, RUN_FILES.journal);
  let summary;
  let readable;
  let step = files.model;
  try {
    const cache = resolveCache(opts, provider);
    const batch = resolveBatch(opts, outDir);
    if (batch && (judge || translation)) opts.onNote?.(batchNote(provider.id, judge?.manifest.spec, translation?.manifest.spec));
    step = files.translator;
    const sent = translation ? await translation.translatePrompts({ ...translatorCalls, ...costs.limitsFor(files.translator) }) : selected;
    step = files.model;
    summary = await run({
      provider,
      probes: sent,
      samples,
      parameters,
      journalFile,
      ...(opts.concurrency === undefined ? {} : { concurrency: opts.concurrency }),
      ...(opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs }),
      ...(opts.retry === undefined ? {} : { retry: opts.retry }),
      ...(opts.signal === undefined ? {} : { signal: opts.signal }),
      ...(opts.onProgress === undefined ? {} : { onProgress: opts.onProgress }),
      ...(opts.sleep === undefined ? {} : { sleep: opts.sleep }),
      ...(cache ? { cache } : {}),
      ...costs.limitsFor(files.model),
      ...(opts.rpm === undefined ? {} : { rpm: opts.rpm }),
      ...(opts.tpm === undefined ? {} : { tpm: opts.tpm }),
      ...(batch ? { batch } : {}),
      ...(opts.onNote === undefined ? {} : { onNote: opts.onNote }),
    });
    step = files.translator;
    readable = translation ? await translation.translateReplies(summary.records, keyFor(provider, parameters), samples, { ...translatorCalls, ...costs.limitsFor(files.translator) }) : undefined;
  } catch (err) {
    if (err instanceof RunIncompleteError) throw new RunIncompleteError(`${err.message}${costs.explain(step)}`, outDir, err.completed, err.total, err.cause);
    throw err;
  }
  // Replies to translated prompts are read in their back-translation (lib/transforms); the journal keeps the originals.
  const records = readable?.records ?? summary.records;
  const keyOf = readable?.keyOf ?? keyFor(provider, parameters);
  const judged = judge
    ? await judgeAudit(judge, { probeSet, probes: selected, samples, records, keyOf }, outDir, { ...opts, ...costs.limitsFor(files.judge), costNote: () => costs.explain(files.judge) })
    : undefined;
  const results = analyse(probeSet, selected, records, keyOf, existing ? { ...manifest, createdAt: existing.manifest.createdAt } : manifest, judged);
  return finish(readable ? readable.annotate(results) : results, outDir, journalFile);
}

/** Batch mode covers the audited model only: a judge's and a translator's calls are made one by one, at the standard price. */
function batchNote(model: string, judge: string | undefined, translator: string | undefined): string {
  const others = [...(translator ? [`the translator ${translator}`] : []), ...(judge ? [`the judge ${judge}`] : [])].join(' and ');
  return `--batch sends only the audited model's calls (${model}) through the batch API; ${others} ${judge && translator ? 'are' : 'is'} called one by one, at the standard price`;
}

/** Re-score and re-analyse a run directory from its journal and rewrite every report; no model call. */
export async function regenerateReport(dir: string, opts: { policy?: Partial<Policy> } = {}): Promise<AuditResult> {
  const { manifest } = await requireRunDir(dir);
  const policy = opts.policy ? resolvePolicyOrUsage({ ...manifest.policy, ...opts.policy }) : manifest.policy;
  // The same view of the run that review and export score from (scored-run.ts).
  const view = await readScoredRun(dir, { policy });
  const results = analyse(view.probeSet, view.probes, view.records, view.keyOf, view.manifest, view.judged);
  return finish(view.annotate(results), dir, view.journalFile);
}

async function finish(results: AuditResults, outDir: string, journal: string): Promise<AuditResult> {
  const labelQuality = await readLabelQuality(outDir);
  if (labelQuality) results.labelQuality = labelQuality;
  const files = await writeReports(results, outDir);
  const text = summarise(results, files.html);
  return Object.assign(results, { outDir, files: { ...files, journal }, summary: () => text });
}

function assertSameAudit(dir: string, before: RunManifest, now: RunManifest): void {
  const diffs: string[] = [];
  if (before.probeSet.id !== now.probeSet.id) diffs.push(`probe set ${before.probeSet.id} (now ${now.probeSet.id})`);
  if (before.model.spec !== now.model.spec) diffs.push(`model ${before.model.spec} (now ${now.model.spec})`);
  if (before.seed !== now.seed) diffs.push(`seed ${before.seed} (now ${now.seed})`);
  if (before.probeSet.samples !== now.probeSet.samples) diffs.push(`samples ${before.probeSet.samples} (now ${now.probeSet.samples})`);
  const shardOf = (m: RunManifest) => (m.shard ? `shard ${m.shard.index}/${m.shard.count}` : 'no shard');
  if (shardOf(before) !== shardOf(now)) diffs.push(`${shardOf(before)} (now ${shardOf(now)})`);
  if (JSON.stringify(before.model.parameters) !== JSON.stringify(now.model.parameters)) diffs.push('model parameters');
  if (JSON.stringify(before.sampling ?? null) !== JSON.stringify(now.sampling ?? null)) diffs.push('probe sampling (--max-probes)');
  if ((before.translator?.spec ?? null) !== (now.translator?.spec ?? null)) diffs.push(`translator ${before.translator?.spec ?? 'none'} (now ${now.translator?.spec ?? 'none'})`);
  if (diffs.length > 0) {
    throw new UsageError(`${dir} holds another audit (${diffs.join(', ')}); resume it with the same options or choose another --out`);
  }
}

function resolvePolicyOrUsage(p: Partial<Policy> | undefined): Policy {
  try {
    return resolvePolicy(p);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

export function toolVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}
