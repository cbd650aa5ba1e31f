import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { compareRunDirs } from '../../index.js';
import { displayPath, numArg, type CliContext } from '../context.js';

export function registerCompare(program: Command, ctx: CliContext): void {
  program
    .command('compare')
    .description('Compare two audits of one probe set (two models, or a model before and after a change); exit 1 when a disparity got significantly worse.')
    .argument('<dir-a>', 'baseline run directory')
    .argument('<dir-b>', 'run directory compared with the baseline')
    .option('-o, --out <dir>', 'where compare.html, compare.md and comparison.json go (default <dir-b>/compare-vs-<dir-a name>)')
    .option('--alpha <a>', "significance level after correction (default: B's policy alpha)", numArg)
    .addOption(new Option('--correction <method>', 'correction across every pair of groups compared').choices(['holm', 'bh', 'bonferroni', 'none']).default('holm'))
    .option('--json', 'print comparison.json to stdout instead of the summary')
    .addHelpText(
      'after',
      '\nExit codes: 0 no disparity got significantly worse · 1 at least one did (a regression gate for CI) · 2 bad input (not run directories, different probe sets).\n\nExample:\n  bias-audit compare reports/baseline reports/candidate --out reports/compare\n',
    )
    .action(async (dirA: string, dirB: string, o: { out?: string; alpha?: number; correction: 'holm' | 'bh' | 'bonferroni' | 'none'; json?: boolean }) => {
      const cwd = ctx.io.cwd;
      const r = await compareRunDirs(resolve(cwd, dirA), resolve(cwd, dirB), {
        correction: o.correction,
        ...(o.out === undefined ? {} : { outDir: resolve(cwd, o.out) }),
        ...(o.alpha === undefined ? {} : { alpha: o.alpha }),
      });
      if (o.json) {
        const { outDir: _outDir, files: _files, summary: _summary, ...plain } = r;
        ctx.out(JSON.stringify(plain, null, 2));
      } else {
        ctx.out(r.summary().replace(r.files.html, displayPath(r.files.html, cwd)));
      }
      ctx.setCode(r.regressed ? 1 : 0);
    });
}
