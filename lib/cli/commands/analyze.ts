import { basename, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { analyzeOutcomes, defaultRunDir, type Policy } from '../../index.js';
import { displayPath, intArg, numArg, exitCodeFor, type CliContext } from '../context.js';

interface AnalyzeFlags {
  out?: string;
  outcome?: 'binary' | 'numeric';
  favourable?: 'yes' | 'no' | 'higher' | 'lower';
  model?: string;
  alpha?: number;
  correction?: Policy['correction'];
  maxMeanGap?: number;
  seed: number;
}

export function registerAnalyze(program: Command, ctx: CliContext): void {
  program
    .command('analyze')
    .description('Analyse outcomes you already collected and scored (CSV or JSONL: block, axis, group, outcome[, sample][, model]) and write the same results.json and reports as run.')
    .argument('<file>', 'CSV with a header row, or JSONL with one object per line')
    .option('-o, --out <dir>', 'output directory (default reports/<file>-analyze-<time>)')
    .addOption(new Option('--outcome <kind>', 'read outcomes as binary (0/1, yes/no) or numeric (default: binary when every outcome reads so)').choices(['binary', 'numeric']))
    .addOption(new Option('--favourable <which>', 'the favourable answer: yes (default) or no; higher (default) or lower for numbers').choices(['yes', 'no', 'higher', 'lower']))
    .option('--model <name>', 'analyse the rows of this model (needed when the file holds several)')
    .option('--alpha <a>', 'significance level after correction (default 0.05)', numArg)
    .addOption(new Option('--correction <method>', 'multiple-comparison correction').choices(['holm', 'bh', 'bonferroni', 'none']))
    .option('--max-mean-gap <d>', "numeric outcomes: also require every two groups' means within this absolute gap (in the outcome's units)", numArg)
    .option('--seed <n>', 'seed of the permutation tests', intArg(0), 0)
    .addHelpText('after', '\nExample:\n  bias-audit analyze examples/outcomes.csv --out reports/my-model\n\nRows: one per scored reply. `outcome` is 0/1, yes/no or a number; refused, unparsed and error are counted and left out.\nRows of one axis sharing a block id are a counterfactual set: one row per group -> paired tests, several -> stratified.\n')
    .action(async (file: string, o: AnalyzeFlags) => {
      const path = resolve(ctx.io.cwd, file);
      const outDir = o.out === undefined ? defaultRunDir(resolve(ctx.io.cwd, 'reports'), basename(file).replace(/\.[^.]+$/, ''), 'analyze', new Date()) : resolve(ctx.io.cwd, o.out);
      const r = await analyzeOutcomes({
        file: path,
        outDir,
        seed: o.seed,
        ...(o.outcome === undefined ? {} : { outcome: o.outcome }),
        ...(o.favourable === undefined ? {} : { favourable: o.favourable }),
        ...(o.model === undefined ? {} : { model: o.model }),
        policy: {
          ...(o.alpha === undefined ? {} : { alpha: o.alpha }),
          ...(o.correction === undefined ? {} : { correction: o.correction }),
          ...(o.maxMeanGap === undefined ? {} : { maxMeanGap: o.maxMeanGap }),
        },
        command: ['bias-audit', 'analyze', file, ...(o.out ? ['--out', o.out] : []), ...(o.model ? ['--model', o.model] : [])].join(' '),
      });
      ctx.out(r.summary().replace(r.files.html, displayPath(r.files.html, ctx.io.cwd)));
      ctx.setCode(exitCodeFor(r.verdict));
    });
}
