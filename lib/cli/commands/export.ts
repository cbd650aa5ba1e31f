import { resolve } from 'node:path';
import type { Command } from 'commander';
import { exportCounterfactuals, summariseExport } from '../../index.js';
import { displayPath, type CliContext } from '../context.js';

interface ExportOpts {
  format: string;
  out?: string;
  json?: boolean;
}

export function registerExport(program: Command, ctx: CliContext): void {
  program
    .command('export')
    .description(
      "Close the loop: turn a run's failing findings into counterfactual fine-tuning examples (the favoured group's reply, re-addressed to the disfavoured person) for people to curate, with a FILE.md saying how they were chosen.",
    )
    .argument('<dir>', 'run directory')
    .option('--format <format>', 'counterfactual-jsonl (OpenAI chat fine-tuning JSONL) or review-csv (a CSV to curate first)', 'counterfactual-jsonl')
    .option('--out <file>', 'the file to write (FILE.md goes next to it); default DIR/counterfactual-examples.jsonl or .csv')
    .option('--json', 'print what was exported as JSON (files, counts per finding, skipped by reason; no model text)')
    .addHelpText(
      'after',
      '\nWith no failing finding (or no example that can be safely re-addressed) nothing is written and the exit code is 0.\n\nExamples:\n  bias-audit export reports/run --format review-csv --out curate.csv\n  bias-audit export reports/run --format counterfactual-jsonl --out train.jsonl\n',
    )
    .action(async (dir: string, o: ExportOpts) => {
      const r = await exportCounterfactuals(resolve(ctx.io.cwd, dir), { format: o.format, ...(o.out === undefined ? {} : { out: resolve(ctx.io.cwd, o.out) }) });
      if (o.json) {
        const { format, file, sidecar, failingFindings, note, selection, peopleLabels } = r;
        ctx.out(JSON.stringify({ format, file, sidecar, failingFindings, examples: r.examples.length, peopleLabels, findings: selection.findings, skipped: selection.skipped, ...(note ? { note } : {}) }, null, 2));
        return;
      }
      ctx.out(summariseExport(r));
      if (r.file && r.sidecar) {
        ctx.out(`File: ${displayPath(r.file, ctx.io.cwd)}`);
        ctx.out(`How it was chosen, licence and training restrictions: ${displayPath(r.sidecar, ctx.io.cwd)}`);
        ctx.out('Curate every example before any training; check your model provider\'s terms on training with its outputs.');
      }
    });
}
