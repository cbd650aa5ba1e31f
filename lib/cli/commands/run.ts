import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { audit, readRunDir, RunIncompleteError, UsageError, type AuditResult, type ModelParameters } from '../../index.js';
import { displayPath, intArg, numArg, resolveProbeSetPath, type CliContext } from '../context.js';
import { createProgress } from '../progress.js';

export function registerRun(program: Command, ctx: CliContext): void {
  program
    .command('run')
    .description('Run an audit of a probe set against a model and write the reports.')
    .argument('[probe-set]', 'probe-set YAML file, or the name of a built-in set (e.g. hiring-screen)')
    .option('-m, --model <spec>', 'sim:<profile> | openai:<model> | anthropic:<model> | openai-compatible:<model> | module:<path>')
    .option('--base-url <url>', 'server URL (required for openai-compatible, e.g. http://localhost:11434/v1)')
    .option('-n, --samples <n>', 'replies per probe (default: the probe set\'s)', intArg(1))
    .option('--seed <n>', 'seed for sim, the permutation tests and the model where supported', intArg(0), 0)
    .option('-c, --concurrency <n>', 'calls in flight at once', intArg(1), 8)
    .option('--temperature <t>', 'sampling temperature', numArg)
    .option('--max-tokens <n>', 'largest reply in tokens', intArg(1))
    .option('--timeout <ms>', 'per-call timeout in milliseconds', intArg(1))
    .option('--alpha <a>', 'significance level after correction (default 0.05)', numArg)
    .addOption(new Option('--correction <method>', 'multiple-comparison correction').choices(['holm', 'bh', 'bonferroni', 'none']))
    .option('-o, --out <dir>', 'run directory (default reports/<probe-set>-<model>-<time>); an existing one is resumed')
    .option('--resume <dir>', 'finish an interrupted run: only missing calls are made')
    .addHelpText('after', '\nExamples:\n  bias-audit run probes/hiring-screen.yaml --model sim:biased\n  bias-audit run probes/loan-approval.yaml --model openai:gpt-4o-mini --samples 2\n  bias-audit run hiring-screen --model openai-compatible:llama3.1 --base-url http://localhost:11434/v1\n  bias-audit run --resume reports/hiring-screen-sim_biased-20261125T120000Z\n')
    .action(async (probeSetArg: string | undefined, o: RunFlags) => {
      ctx.setCode(await runCommand(probeSetArg, o, ctx));
    });
}

interface RunFlags {
  model?: string;
  baseUrl?: string;
  samples?: number;
  seed: number;
  concurrency: number;
  temperature?: number;
  maxTokens?: number;
  timeout?: number;
  alpha?: number;
  correction?: 'holm' | 'bh' | 'bonferroni' | 'none';
  out?: string;
  resume?: string;
}

async function runCommand(probeSetArg: string | undefined, o: RunFlags, ctx: CliContext): Promise<number> {
  const { io, out, err } = ctx;
  const parameters: ModelParameters = {
    ...(o.temperature === undefined ? {} : { temperature: o.temperature }),
    ...(o.maxTokens === undefined ? {} : { maxTokens: o.maxTokens }),
  };
  const policy = { ...(o.alpha === undefined ? {} : { alpha: o.alpha }), ...(o.correction === undefined ? {} : { correction: o.correction }) };
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
      seed: prior.manifest.seed,
      parameters: prior.manifest.model.parameters,
      policy: prior.manifest.policy,
      outDir: dir,
      ...(o.baseUrl ?? prior.manifest.model.baseUrl ? { baseUrl: (o.baseUrl ?? prior.manifest.model.baseUrl) as string } : {}),
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
      ...(o.out === undefined ? {} : { outDir: resolve(io.cwd, o.out) }),
      ...(o.baseUrl === undefined ? {} : { baseUrl: o.baseUrl }),
    };
  }
  const progress = createProgress(io.stderr, io.isTTY);
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
      command: ['bias-audit', 'run', ...(probeSetArg ? [probeSetArg] : []), ...commandFlags(o)].join(' '),
    });
  } catch (e) {
    progress.stop();
    if (e instanceof RunIncompleteError && e.runDir) {
      err(`${e.message}`);
      err(`${e.completed} of ${e.total} calls are in the journal. To finish the run later: bias-audit run --resume ${displayPath(e.runDir, io.cwd)}`);
      return e.exitCode;
    }
    throw e;
  }
  progress.stop();
  out(result.summary().replace(result.files.html, displayPath(result.files.html, io.cwd)));
  return result.passed ? 0 : 1;
}

/** The run's flags for the manifest; nothing secret is a flag (keys come from the environment). */
function commandFlags(o: RunFlags): string[] {
  const f: string[] = [];
  if (o.model) f.push('--model', o.model);
  if (o.baseUrl) f.push('--base-url', o.baseUrl.replace(/\/\/[^@/]*@/, '//'));
  if (o.samples !== undefined) f.push('--samples', String(o.samples));
  f.push('--seed', String(o.seed));
  if (o.temperature !== undefined) f.push('--temperature', String(o.temperature));
  if (o.maxTokens !== undefined) f.push('--max-tokens', String(o.maxTokens));
  if (o.out) f.push('--out', o.out);
  if (o.resume) f.push('--resume', o.resume);
  return f;
}

