import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { scaffoldProbeSet, UsageError } from '../../index.js';
import type { CliContext } from '../context.js';

export function registerInit(program: Command, ctx: CliContext): void {
  program
    .command('init')
    .description('Write a new, commented probe set that validates, to edit into your own.')
    .argument('<name>', 'probe-set id (lower-case letters, digits, dashes); written to <name>.yaml')
    .option('-o, --out <file>', 'file to write (default: <name>.yaml)')
    .option('--force', 'overwrite an existing file')
    .addHelpText('after', '\nExample:\n  bias-audit init tenant-screen && bias-audit validate tenant-screen.yaml\n')
    .action(async (name: string, o: { out?: string; force?: boolean }) => {
      const text = scaffoldProbeSet(name);
      const file = o.out ?? `${name}.yaml`;
      const path = resolve(ctx.io.cwd, file);
      if (existsSync(path) && !o.force) throw new UsageError(`${file} exists; pass --force to overwrite it`);
      await writeFile(path, text, 'utf8');
      ctx.out(`wrote ${file}: edit it, then bias-audit validate ${file} and bias-audit expand ${file}`);
    });
}
