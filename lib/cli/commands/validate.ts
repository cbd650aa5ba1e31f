import type { Command } from 'commander';
import { expand, loadProbeSet } from '../../index.js';
import { resolveProbeSetPath, type CliContext } from '../context.js';

export function registerValidate(program: Command, ctx: CliContext): void {
  program
    .command('validate')
    .description('Check a probe set (every problem at once, with file:line) and print its size.')
    .argument('<probe-set>', 'probe-set YAML file or built-in name')
    .action(async (file: string) => {
      const ps = await loadProbeSet(resolveProbeSetPath(file, ctx.io.cwd));
      const probes = expand(ps);
      ctx.out(`${ps.id}: valid — ${ps.templates.length} template(s), ${probes.length} probes x ${ps.samples} samples = ${probes.length * ps.samples} calls; axes: ${ps.axes.map((a) => `${a.id} (${a.groups.length})`).join(', ')}`);
    });
}
