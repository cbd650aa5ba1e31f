import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import {
  audit,
  BATCH_LOG,
  estimateAudit,
  parseModelSpec,
  parseShard,
  PRICES_AS_OF,
  readRunDir,
  RunIncompleteError,
  UsageError,
  type AuditEstimate,
  type AuditOptions,
  type AuditResult,
  type JudgeManifest,
  type ModelParameters,
  type Shard,
  type TranslatorManifest,
} from '../../index.js';
import { displayPath, intArg, numArg, resolveProbeSetPath, exitCodeFor, type CliContext } from '../context.js';
import { createProgress } from '../progress.js';

export function registerRun(program: Command, ctx: CliContext): void {
  program
    .command('run')
    .description('Run an audit of a probe set against a model and write the reports.')
    .argument('[probe-set]', 'probe-set YAML file, or the name of a built-in set (e.g. hiring-screen)')
    .option('-m, --model <spec>', 'sim:<profile> | openai:<model> | anthropic:<model> | openai-compatible:<model> | module:<path>')
    .option('--base-url <url>', 'server URL (required for openai-compatible, e.g. http://localhost:11434/v1)')
    .option('-n, --samples <n>', 'replies per probe (default: the probe set\'s)', intArg(1))
    .option('--max-probes <n>', 'keep at most N probes: stratified, seeded sampling of whole blocks', intArg(1))
    .option('--seed <n>', 'seed for sim, the permutation tests and the model where supported', intArg(0), 0)
    .option('-c, --concurrency <n>', 'most calls in flight: the adaptive window halves on 429 and climbs back to this', intArg(1), 8)
    .option('--rpm <n>', 'cap on requests per minute (the provider\'s rate-limit headers are honoured anyway)', intArg(1))
    .option('--tpm <n>', 'cap on tokens per minute (estimated prompt + max tokens per call)', intArg(1))
    .option('--cache-dir <dir>', 'response cache shared across runs (default $XDG_CACHE_HOME/bias-audit or ~/.cache/bias-audit)')
    .option('--no-cache', 'neither read nor write the response cache')
    .option('--prices <file>', 'JSON/YAML prices in USD per million tokens over the built-in table, e.g. {"openai:gpt-4o-mini": {"input": 0.15, "output": 0.6}}')
    .option('--max-cost <usd>', 'stop before this audit\'s calls (the model\'s, a judge\'s and a translator\'s together) would cost more than this many US dollars (exit 3, resumable)', usdArg)
    .option('--dry-run', 'print the number of calls, estimated tokens and cost; call nothing')
    .option('--json', 'with --dry-run: print the estimate as JSON')
    .option('--shard <i/n>', 'run slice i of n (whole counterfactual blocks); join the slices with bias-audit merge', shardArg)
    .option('--batch', 'send the audited model\'s calls through the provider\'s batch API (OpenAI Batch, Anthropic Message Batches: half price, within 24 h); a judge\'s or translator\'s are not batched')
    .option('--no-wait', 'with --batch: submit, record the batch ids in the run directory and exit 3; collect later with --resume')
    .option('--poll-interval <s>', 'with --batch: seconds between status checks', intArg(1), 30)
    .option('--temperature <t>', 'sampling temperature', numArg)
    .option('--max-tokens <n>', 'largest reply in tokens', intArg(1))
    .option('--timeout <ms>', 'per-call timeout in milliseconds', intArg(1))
    .option('--alpha <a>', 'significance level after correction (default 0.05)', numArg)
    .addOption(new Option('--correction <method>', 'multiple-comparison correction').choices(['holm', 'bh', 'bonferroni', 'none']))
    .option('--max-mean-gap <d>', "largest acceptable gap between two groups' means in the outcome's units (sentiment: 0.1 VADER compound points by default; numeric and length add it to the 5% relative band)", numArg)
    .option('-o, --out <dir>', 'run directory (default reports/<probe-set>-<model>-<time>); an existing one is resumed')
    .option('--resume <dir>', 'finish an interrupted run: only missing calls are made')
    .option('--judge <spec>', 'grade refusals with an LLM judge (any model spec) instead of the pattern scorer; its agreement with people\'s labels is reported')
    .option('--judge-base-url <url>', 'server URL of an openai-compatible judge')
    .option('--judge-sample <n>', 'rows of the labelled sample the judge is measured on (default 200)', intArg(1))
    .option('--judge-max-tokens <n>', 'tokens the judge may write per verdict (default 5, one word; raise it for a reasoning model)', intArg(1))
    .option('--translator <spec>', 'translator model for probe sets that send prompts translated (translate: in a template), e.g. openai:gpt-4o-mini')
    .option('--translator-base-url <url>', 'server URL of an openai-compatible translator')
    .addHelpText('after', '\nExamples:\n  bias-audit run probes/hiring-screen.yaml --model sim:biased\n  bias-audit run probes/loan-approval.yaml --model openai:gpt-4o-mini --samples 2\n  bias-audit run hiring-screen --model openai-compatible:llama3.1 --base-url http://localhost:11434/v1\n  bias-audit run --resume reports/hiring-screen-sim_biased-20261125T120000Z\n  bias-audit run hiring-screen --model openai:gpt-4o-mini --dry-run\n  bias-audit run hiring-screen --model anthropic:claude-haiku-4-5 --batch --max-cost 20\n  bias-audit run hiring-screen --model openai:gpt-4o-mini --shard 2/4 --out shards/2\n')
    .action(async (probeSetArg: string | undefined, o: RunFlags) => {
      ctx.setCode(await runCommand(probeSetArg, o, ctx));
    });
}

interface RunFlags {
  model?: string;
  baseUrl?: string;
  samples?: number;
  maxProbes?: number;
  seed: number;
  concurrency: number;
  temperature?: number;
  maxTokens?: number;
  timeout?: number;
  alpha?: number;
  correction?: 'holm' | 'bh' | 'bonferroni' | 'none';
  maxMeanGap?: number;
  out?: string;
  resume?: string;
  rpm?: number;
  tpm?: number;
  cacheDir?: string;
  /** False with --no-cache. */
  cache: boolean;
  prices?: string;
  maxCost?: number;
  dryRun?: boolean;
  json?: boolean;
  shard?: Shard;
  batch?: boolean;
  /** False with --no-wait. */
  wait: boolean;
  pollInterval: number;
  judge?: string;
  judgeBaseUrl?: string;
  judgeSample?: number;
  judgeMaxTokens?: number;
  translator?: string;
  translatorBaseUrl?: string;
}

async function runCommand(probeSetArg: string | undefined, o: RunFlags, ctx: CliContext): Promise<number> {
  const { io, out, err } = ctx;
  const parameters: ModelParameters = {
    ...(o.temperature === undefined ? {} : { temperature: o.temperature }),
    ...(o.maxTokens === undefined ? {} : { maxTokens: o.maxTokens }),
  };
  const policy = {
    ...(o.alpha === undefined ? {} : { alpha: o.alpha }),
    ...(o.correction === undefined ? {} : { correction: o.correction }),
    ...(o.maxMeanGap === undefined ? {} : { maxMeanGap: o.maxMeanGap }),
  };
  let target: Parameters<typeof audit>[0];
  if (o.resume !== undefined) {
    const dir = resolve(io.cwd, o.resume);
    const prior = await readRunDir(dir);
    if (!prior) throw new UsageError(`--resume ${o.resume}: not a run directory (no manifest.json)`);
    if (probeSetArg !== undefined || o.model !== undefined) err('note: --resume takes the probe set and model from the run directory; the ones given are ignored');
    target = {
      probeSet: prior.probeSet,
      model: prior.manifest.model.spec,
      samples: prior.manifest.probeSet.samples,
      ...(prior.manifest.sampling ? { maxProbes: prior.manifest.sampling.maxProbes } : {}),
      seed: prior.manifest.seed,
      ...(prior.manifest.shard ? { shard: prior.manifest.shard } : {}),
      parameters: prior.manifest.model.parameters,
      policy: prior.manifest.policy,
      outDir: dir,
      ...(o.baseUrl ?? prior.manifest.model.baseUrl ? { baseUrl: (o.baseUrl ?? prior.manifest.model.baseUrl) as string } : {}),
      ...judgeOptions(o, prior.manifest.judge),
      ...translatorOptions(o, prior.manifest.translator),
    };
  } else {
    if (probeSetArg === undefined) throw new UsageError('run needs a probe set: bias-audit run <probe-set.yaml> --model <spec>');
    if (o.model === undefined) throw new UsageError('run needs --model, e.g. --model sim:biased or --model openai:gpt-4o-mini');
    target = {
      probeSet: resolveProbeSetPath(probeSetArg, io.cwd),
      model: o.model,
      seed: o.seed,
      parameters,
      policy,
      ...(o.samples === undefined ? {} : { samples: o.samples }),
      ...(o.maxProbes === undefined ? {} : { maxProbes: o.maxProbes }),
      ...(o.out === undefined ? {} : { outDir: resolve(io.cwd, o.out) }),
      ...(o.baseUrl === undefined ? {} : { baseUrl: o.baseUrl }),
      ...(o.shard === undefined ? {} : { shard: o.shard }),
      ...judgeOptions(o, undefined),
      ...translatorOptions(o, undefined),
    };
  }
  // A run that went through the batch API goes on through it when resumed (its batches are there).
  const batchBefore = target.outDir !== undefined && existsSync(join(target.outDir, BATCH_LOG));
  Object.assign(target, scaleOptions(o, batchBefore));
  if (o.dryRun) {
    const estimate = await estimateAudit({ ...target, env: io.env, cwd: io.cwd });
    out(o.json ? JSON.stringify(estimate, null, 2) : describeEstimate(estimate, target));
    return 0;
  }
  const progress = createProgress(io.stderr, io.isTTY);
  // The judge's calls come after the model's, with their own total: a bar of their own.
  let judgeProgress: ReturnType<typeof createProgress> | undefined;
  const onJudgeProgress = (p: Parameters<typeof progress.update>[0]) => {
    if (!judgeProgress) {
      progress.stop();
      judgeProgress = createProgress(io.stderr, io.isTTY);
    }
    judgeProgress.update(p);
  };
  let result: AuditResult;
  try {
    result = await audit({
      ...target,
      concurrency: o.concurrency,
      env: io.env,
      cwd: io.cwd,
      ...(o.timeout === undefined ? {} : { timeoutMs: o.timeout }),
      ...(io.signal ? { signal: io.signal } : {}),
      onProgress: (p) => progress.update(p),
      onJudgeProgress,
      onNote: (m) => err(`note: ${m}`),
      command: ['bias-audit', 'run', ...(probeSetArg ? [probeSetArg] : []), ...commandFlags(o)].join(' '),
    });
  } catch (e) {
    progress.stop();
    judgeProgress?.stop();
    if (e instanceof RunIncompleteError && e.runDir) {
      err(`${e.message}`);
      const hint = keyHint(e, typeof target.model === 'string' ? target.model : undefined);
      if (hint) err(hint);
      err(`${e.completed} of ${e.total} calls are in the journal. To finish the run later: bias-audit run --resume ${displayPath(e.runDir, io.cwd)}`);
      return e.exitCode;
    }
    throw e;
  }
  progress.stop();
  judgeProgress?.stop();
  if (target.shard) {
    // A shard's verdict is not the audit's: its directory waits for `merge`.
    const { index, count } = target.shard;
    out(`Shard ${index}/${count} complete: ${result.counts.calls} replies in ${displayPath(result.outDir, io.cwd)}.`);
    out(`The audit's verdict comes from joining all ${count} shards: bias-audit merge <the ${count} shard directories> --out <dir>`);
    return 0;
  }
  out(result.summary().replace(result.files.html, displayPath(result.files.html, io.cwd)));
  return exitCodeFor(result.verdict);
}

/** The run's flags for the manifest; nothing secret is a flag (keys come from the environment). */
function commandFlags(o: RunFlags): string[] {
  const f: string[] = [];
  if (o.model) f.push('--model', o.model);
  if (o.baseUrl) f.push('--base-url', o.baseUrl.replace(/\/\/[^@/]*@/, '//'));
  if (o.samples !== undefined) f.push('--samples', String(o.samples));
  if (o.maxProbes !== undefined) f.push('--max-probes', String(o.maxProbes));
  f.push('--seed', String(o.seed));
  if (o.temperature !== undefined) f.push('--temperature', String(o.temperature));
  if (o.maxTokens !== undefined) f.push('--max-tokens', String(o.maxTokens));
  if (o.out) f.push('--out', o.out);
  if (o.shard) f.push('--shard', `${o.shard.index}/${o.shard.count}`);
  if (o.batch) f.push('--batch');
  if (o.maxCost !== undefined) f.push('--max-cost', String(o.maxCost));
  if (o.resume) f.push('--resume', o.resume);
  if (o.judge) f.push('--judge', o.judge);
  if (o.judgeBaseUrl) f.push('--judge-base-url', o.judgeBaseUrl.replace(/\/\/[^@/]*@/, '//'));
  if (o.judgeSample !== undefined) f.push('--judge-sample', String(o.judgeSample));
  if (o.judgeMaxTokens !== undefined) f.push('--judge-max-tokens', String(o.judgeMaxTokens));
  if (o.translator) f.push('--translator', o.translator);
  if (o.translatorBaseUrl) f.push('--translator-base-url', o.translatorBaseUrl.replace(/\/\/[^@/]*@/, '//'));
  return f;
}

/** The translator flags as audit options; a resumed run keeps the translator its manifest names unless told otherwise. */
function translatorOptions(o: RunFlags, prior: TranslatorManifest | undefined): Partial<AuditOptions> {
  const translator = o.translator ?? prior?.spec;
  const baseUrl = o.translatorBaseUrl ?? (o.translator === undefined ? prior?.baseUrl : undefined);
  return { ...(translator === undefined ? {} : { translator }), ...(baseUrl === undefined ? {} : { translatorBaseUrl: baseUrl }) };
}

/** The judge flags as audit options; a resumed run keeps the judge its manifest names unless told otherwise. */
function judgeOptions(o: RunFlags, prior: JudgeManifest | undefined): Partial<AuditOptions> {
  const judge = o.judge ?? prior?.spec;
  const baseUrl = o.judgeBaseUrl ?? (o.judge === undefined ? prior?.baseUrl : undefined);
  const sample = o.judgeSample ?? (o.judge === undefined ? prior?.calibration.rows : undefined);
  const maxTokens = o.judgeMaxTokens ?? (o.judge === undefined ? prior?.parameters.maxTokens : undefined);
  return {
    ...(judge === undefined ? {} : { judge }),
    ...(baseUrl === undefined ? {} : { judgeBaseUrl: baseUrl }),
    ...(sample === undefined ? {} : { judgeSample: sample }),
    ...(maxTokens === undefined ? {} : { judgeMaxTokens: maxTokens }),
  };
}


/** The scale-out flags as audit options (cache, prices, budget, pacing, batch). */
function scaleOptions(o: RunFlags, batchBefore: boolean): Partial<AuditOptions> {
  return {
    // --no-cache wins; --cache-dir names the directory; neither: the default under the user's cache directory.
    ...(o.cache === false ? { cache: false as const } : o.cacheDir === undefined ? {} : { cache: o.cacheDir }),
    ...(o.prices === undefined ? {} : { prices: o.prices }),
    ...(o.maxCost === undefined ? {} : { maxCost: o.maxCost }),
    ...(o.rpm === undefined ? {} : { rpm: o.rpm }),
    ...(o.tpm === undefined ? {} : { tpm: o.tpm }),
    ...(o.batch || o.wait === false || batchBefore ? { batch: { wait: o.wait !== false, pollIntervalMs: o.pollInterval * 1000 } } : {}),
  };
}

/** The dry run in words: calls, tokens and cost, and where each figure comes from. */
function describeEstimate(e: AuditEstimate, target: Partial<AuditOptions>): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const usd = (x: number) => `$${x < 0.01 && x > 0 ? x.toPrecision(2) : x.toFixed(2)}`;
  const lines = [
    `Dry run (no call made): ${e.model}${target.shard ? `, shard ${target.shard.index}/${target.shard.count}` : ''}${e.cost?.batch ? ', batch API' : ''}`,
    `  calls: ${n(e.calls)} (${n(e.fromJournal)} in the journal, ${n(e.fromCache)} in the response cache, ${n(e.toMake)} to make)`,
    `  tokens: about ${n(e.inputTokens)} prompt tokens (estimated at 4 characters a token); at most ${n(e.maxOutputTokens)} reply tokens (max tokens per reply x calls)` +
      (e.expectedOutputTokens === undefined ? '' : `, about ${n(e.expectedOutputTokens)} expected from the replies so far`),
  ];
  if (e.cost && e.price) {
    const p = e.price.price;
    lines.push(
      `  cost: at most ${usd(e.cost.upToUsd)}${e.cost.expectedUsd === undefined ? '' : `, about ${usd(e.cost.expectedUsd)} expected`}` +
        `${e.cost.spentUsd > 0 ? `; ${usd(e.cost.spentUsd)} already spent` : ''}`,
      `  price: ${e.price.entry} at $${p.input} in / $${p.output} out per million tokens${e.cost.batch ? ` x ${p.batchFactor ?? 0.5} (batch)` : ''} (built-in table as of ${PRICES_AS_OF} unless --prices)`,
    );
  } else {
    lines.push(`  cost: unknown, no price for ${e.model}: give one with --prices FILE`);
  }
  // The judge's and translator's calls are priced at their own models' prices, and never batched.
  for (const [role, part] of [['translator', e.translator], ['judge', e.judge]] as const) {
    if (!part) continue;
    lines.push(
      `${role} ${part.model}: ${n(part.calls)} calls (${n(part.fromJournal)} in its journal, ${n(part.fromCache)} in the response cache, ${n(part.toMake)} to make), not batched`,
      `  counted as ${part.basis}`,
      `  tokens: about ${n(part.inputTokens)} prompt tokens at most; at most ${n(part.maxOutputTokens)} reply tokens`,
      part.cost && part.price
        ? `  cost: at most ${usd(part.cost.upToUsd)}${part.cost.spentUsd > 0 ? `; ${usd(part.cost.spentUsd)} already spent` : ''} (${part.price.entry} at $${part.price.price.input} in / $${part.price.price.output} out per million tokens)`
        : `  cost: price unknown for ${part.model}: give one with --prices FILE`,
    );
  }
  if (e.judge || e.translator) {
    const t = e.total;
    lines.push(
      `total: ${n(t.toMake)} calls to make, about ${n(t.inputTokens)} prompt tokens, at most ${n(t.maxOutputTokens)} reply tokens; ` +
        `cost at most ${usd(t.upToUsd)}${t.unpriced.length > 0 ? ` plus the unknown cost of ${t.unpriced.join(', ')} (no price)` : ''}` +
        `${t.spentUsd > 0 ? `; ${usd(t.spentUsd)} already spent` : ''}`,
    );
  }
  return lines.join('\n');
}

/** For a stop on a rejected key: which environment variable holds it (never its value). */
function keyHint(e: RunIncompleteError, model: string | undefined): string | undefined {
  if (!/\((401|403)\)/.test(e.message) || model === undefined) return undefined;
  const kind = parseModelSpec(model).kind;
  const variable = kind === 'anthropic' ? 'ANTHROPIC_API_KEY' : kind === 'openai' || kind === 'openai-compatible' ? 'OPENAI_API_KEY' : undefined;
  return variable ? `The key comes from ${variable}: check that it is set to a valid key for this model.` : undefined;
}

function shardArg(v: string): Shard {
  try {
    return parseShard(v);
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message.replace(/^--shard: /, ''));
  }
}

function usdArg(v: string): number {
  const n = Number(v.replace(/^\$/, ''));
  if (v.trim() === '' || !Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`expected an amount of US dollars >= 0, got "${v}"`);
  return n;
}
