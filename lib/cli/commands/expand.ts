import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { expand, loadProbeSet, sampleProbes, type Probe } from '../../index.js';
import { intArg, resolveProbeSetPath, type CliContext } from '../context.js';

export function registerExpand(program: Command, ctx: CliContext): void {
  program
    .command('expand')
    .description('Print or write every prompt a probe set expands to, for review before spending money.')
    .argument('<probe-set>', 'probe-set YAML file or built-in name')
    .option('-o, --out <file>', 'write here instead of printing')
    .addOption(new Option('--format <format>', 'jsonl: one probe per line (id, template, groups, blocks, messages); text: for reading').choices(['jsonl', 'text']).default('text'))
    .option('--max-probes <n>', 'the probes `run --max-probes N` would use', intArg(1))
    .option('--seed <n>', 'seed of that sampling (as for run)', intArg(0), 0)
    .addHelpText('after', '\nExamples:\n  bias-audit expand probes/hiring-screen.yaml | less\n  bias-audit expand my-set.yaml --format jsonl --out prompts.jsonl\n')
    .action(async (file: string, o: { out?: string; format: 'jsonl' | 'text'; maxProbes?: number; seed: number }) => {
      const ps = await loadProbeSet(resolveProbeSetPath(file, ctx.io.cwd));
      const all = expand(ps);
      const probes = o.maxProbes === undefined ? all : sampleProbes(all, { maxProbes: o.maxProbes, seed: o.seed }).probes;
      const text = o.format === 'jsonl' ? probes.map((p) => JSON.stringify(jsonLine(p))).join('\n') + '\n' : probes.map(textBlock).join('\n');
      if (o.out === undefined) ctx.io.stdout.write(text);
      else await writeFile(resolve(ctx.io.cwd, o.out), text, 'utf8');
      ctx.err(`${ps.id}: ${probes.length}${probes.length < all.length ? ` of ${all.length}` : ''} probes x ${ps.samples} samples = ${probes.length * ps.samples} calls${o.out ? `; written to ${o.out}` : ''}`);
    });
}

function jsonLine(p: Probe): Record<string, unknown> {
  return { id: p.id, template: p.template, groups: p.groups, attributes: p.attributes, context: p.context, blocks: p.blocks, ...(p.meta ? { meta: p.meta } : {}), messages: p.messages };
}

function textBlock(p: Probe): string {
  const groups = Object.entries(p.groups).map(([a, g]) => `${a}=${g}`).join(', ');
  return [`=== ${p.id}`, `groups: ${groups}`, ...p.messages.map((m) => `[${m.role}]\n${m.content}`), ''].join('\n');
}
