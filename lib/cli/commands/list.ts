import { join } from 'node:path';
import type { Command } from 'commander';
import { listProbeSets, packageRoot } from '../../index.js';
import type { CliContext } from '../context.js';

export function registerList(program: Command, ctx: CliContext): void {
  program
    .command('list')
    .description('List the built-in probe sets with their domain, outcome, size and axes.')
    .option('--json', 'print JSON for scripts')
    .addHelpText('after', '\nExamples:\n  bias-audit list\n  bias-audit list --json\n')
    .action(async (o: { json?: boolean }) => {
      const sets = await listProbeSets(join(packageRoot(), 'probes'));
      if (o.json) {
        ctx.out(JSON.stringify(sets.map(({ file: _file, ...s }) => s), null, 2));
        return;
      }
      const width = Math.max(...sets.map((s) => s.id.length));
      for (const s of sets) {
        ctx.out(`${s.id.padEnd(width)}  ${s.domain.padEnd(16)} ${s.outcome.padEnd(9)} ${String(s.calls).padStart(5)} calls  ${s.axes.map((a) => a.id).join(', ')}`);
      }
      const domains = new Set(sets.map((s) => s.domain));
      const axes = new Set(sets.flatMap((s) => s.axes.map((a) => a.id)));
      ctx.out(`${sets.length} probe sets, ${domains.size} domains, ${axes.size} axes. Calls are at each set's default samples; run one with: bias-audit run <id> --model sim:biased`);
    });
}
