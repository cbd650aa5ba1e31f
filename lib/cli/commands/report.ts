import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { regenerateReport } from '../../index.js';
import { numArg, exitCodeFor, type CliContext } from '../context.js';

export function registerReport(program: Command, ctx: CliContext): void {
  program
    .command('report')
    .description('Regenerate every report of a run directory from its journal, without calling the model.')
    .argument('<dir>', 'run directory')
    .option('--alpha <a>', 'significance level after correction', numArg)
    .addOption(new Option('--correction <method>', 'multiple-comparison correction').choices(['holm', 'bh', 'bonferroni', 'none']))
    .option('--max-mean-gap <d>', "largest acceptable gap between two groups' means in the outcome's units (sentiment: 0.1 VADER compound points by default; numeric and length add it to the 5% relative band)", numArg)
    .addHelpText('after', '\nExample:\n  bias-audit report reports/hiring-screen-sim_biased-20261125T120000Z\n')
    .action(async (dir: string, o: { alpha?: number; correction?: 'holm' | 'bh' | 'bonferroni' | 'none'; maxMeanGap?: number }) => {
      const policy = {
        ...(o.alpha === undefined ? {} : { alpha: o.alpha }),
        ...(o.correction === undefined ? {} : { correction: o.correction }),
        ...(o.maxMeanGap === undefined ? {} : { maxMeanGap: o.maxMeanGap }),
      };
      const r = await regenerateReport(resolve(ctx.io.cwd, dir), { policy });
      ctx.out(r.summary());
      ctx.setCode(exitCodeFor(r.verdict));
    });
}
