import { resolve } from 'node:path';
import type { Command } from 'commander';
import { mergeRuns } from '../../index.js';
import { displayPath, exitCodeFor, type CliContext } from '../context.js';

export function registerMerge(program: Command, ctx: CliContext): void {
  program
    .command('merge')
    .description('Join the run directories of `run --shard i/n` into one audit and write its reports.')
    .argument('<dirs...>', 'the run directories of every shard (1/n to n/n)')
    .requiredOption('-o, --out <dir>', 'the merged run directory')
    .addHelpText(
      'after',
      '\nExample (a CI matrix of 4 jobs, then one job that merges):\n' +
        '  bias-audit run hiring-screen --model openai:gpt-4o-mini --shard 2/4 --out shards/2\n' +
        '  bias-audit merge shards/1 shards/2 shards/3 shards/4 --out reports/hiring-merged\n',
    )
    .action(async (dirs: string[], o: { out: string }) => {
      const { io } = ctx;
      const result = await mergeRuns(
        dirs.map((d) => resolve(io.cwd, d)),
        { outDir: resolve(io.cwd, o.out), command: ['bias-audit', 'merge', ...dirs, '--out', o.out].join(' ') },
      );
      ctx.out(result.summary().replace(result.files.html, displayPath(result.files.html, io.cwd)));
      ctx.setCode(exitCodeFor(result.verdict));
    });
}
