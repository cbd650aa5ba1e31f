import type { Command } from 'commander';
import { describeSimProfile, loadSimProfile } from '../../index.js';
import type { CliContext } from '../context.js';

export function registerSim(program: Command, ctx: CliContext): void {
  program
    .command('sim')
    .description('The built-in synthetic model: show what a profile does.')
    .requiredOption('--describe <profile>', 'a built-in profile (sim:fair, sim:biased, sim:unsafe, sim:judge-noisy) or a profile file')
    .addHelpText('after', '\nExample:\n  bias-audit sim --describe sim:biased\n')
    .action(async (o: { describe: string }) => {
      const name = o.describe.startsWith('sim:') ? o.describe.slice(4) : o.describe;
      ctx.out(describeSimProfile(await loadSimProfile(name, ctx.io.cwd)));
    });
}
