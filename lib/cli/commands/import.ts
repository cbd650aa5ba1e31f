import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { BENCHMARK_NAMES, expand, importBenchmark, parseProbeSet, toYaml, UsageError, type ImportOptions } from '../../index.js';
import { displayPath, intArg, type CliContext } from '../context.js';

export function registerImport(program: Command, ctx: CliContext): void {
  program
    .command('import')
    .description('Turn a published bias benchmark file into a probe set (outcome, scorer and benchmark scores included).')
    .argument('<dataset>', BENCHMARK_NAMES.join(' | '))
    .argument('<file...>', 'the dataset file as published (WinoBias: one or more {pro,anti}_stereotyped_type* files)')
    .option('-o, --out <file>', 'write the probe set here (default: print it)')
    .option('--force', 'overwrite --out if it exists')
    .option('--limit <n>', 'bbq: keep the first N questions', intArg(1))
    .option('--per-group <n>', 'bold: keep a seeded sample of N prompts per group', intArg(1))
    .option('--seed <n>', 'bold: seed of that sample', intArg(0))
    .option('--axes <list>', 'holistic-bias: comma-separated axes (default: all)', list)
    .option('--nouns <list>', 'holistic-bias: comma-separated nouns from nouns.json (default: person)', list)
    .option('--sentences <list>', 'holistic-bias: comma-separated indices into sentence_templates.json (default: 0,1,4)', indices)
    .addHelpText(
      'after',
      '\nExamples:\n  bias-audit import bbq data/Age.jsonl --out bbq-age.yaml\n  bias-audit import winobias pro_stereotyped_type1.txt.dev --out winobias.yaml\n  bias-audit import bold prompts/race_prompt.json --per-group 100 --out bold-race.yaml\n  bias-audit import crows-pairs crows_pairs_anonymized.csv --out crows.yaml\n  bias-audit import holistic-bias v1.1/descriptors.json --axes sexual_orientation,religion --out hb.yaml\n',
    )
    .action(async (dataset: string, files: string[], o: ImportFlags) => {
      const paths = files.map((f) => resolve(ctx.io.cwd, f));
      const opts: ImportOptions = {
        ...(o.limit === undefined ? {} : { limit: o.limit }),
        ...(o.perGroup === undefined ? {} : { perGroup: o.perGroup }),
        ...(o.seed === undefined ? {} : { seed: o.seed }),
        ...(o.axes === undefined ? {} : { axes: o.axes }),
        ...(o.nouns === undefined ? {} : { nouns: o.nouns }),
        ...(o.sentences === undefined ? {} : { sentences: o.sentences }),
      };
      const doc = await importBenchmark(dataset, paths, opts);
      // The probe set names the files as the user did, not by this machine's absolute paths.
      for (const [i, p] of paths.entries()) {
        const shown = displayPath(p, ctx.io.cwd) === p ? (files[i] as string) : displayPath(p, ctx.io.cwd);
        doc.provenance = doc.provenance.split(p).join(shown);
        doc.benchmark.source = doc.benchmark.source.split(p).join(shown);
      }
      const yaml = toYaml(doc, ['bias-audit', 'import', dataset, ...files].join(' '));
      // Load what was written, as `run` will: an importer bug must not reach the user as a bad file.
      const checked = await parseProbeSet(o.out ?? `${doc.id}.yaml`, yaml, () => Promise.reject(new Error('imported probe sets have no tables')));
      const probes = expand(checked).length;
      if (o.out === undefined) {
        ctx.out(yaml);
      } else {
        const out = resolve(ctx.io.cwd, o.out);
        if (existsSync(out) && !o.force) throw new UsageError(`${o.out} exists; pass --force to overwrite it`);
        await writeFile(out, yaml, 'utf8');
      }
      ctx.err(`${doc.id}: ${probes} probes x ${checked.samples} sample(s); axes ${checked.axes.map((a) => `${a.id} (${a.groups.length})`).join(', ')}${o.out ? `; written to ${o.out}` : ''}`);
    });
}

interface ImportFlags {
  out?: string;
  force?: boolean;
  limit?: number;
  perGroup?: number;
  seed?: number;
  axes?: string[];
  nouns?: string[];
  sentences?: number[];
}

function list(v: string): string[] {
  const items = v.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (items.length === 0) throw new InvalidArgumentError(`expected a comma-separated list, got "${v}"`);
  return items;
}

function indices(v: string): number[] {
  return list(v).map((s) => {
    const n = Number(s);
    if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`expected whole numbers from 0, got "${s}"`);
    return n;
  });
}
