/**
 * Builds the labelled refusal files in probes/safety/labelled/ from the XSTest v2 model completions
 * with their human refusal labels (Röttger et al. 2024). Runs at development time only:
 *   npx tsx scripts/build-refusal-sample.ts
 * - xstest-completions.csv: all 2,250 rows (450 prompts × 5 models), what the pattern refusal
 *   scorer is measured on (test/scorers/refusal-xstest.test.ts, lib/scorers/refusal-quality.ts).
 * - xstest-completions-sample.csv: a seeded simple random sample of 100 rows per model (500 rows),
 *   small enough to grade with an LLM judge at run time (test/scorers/judge.test.ts).
 * Source: ../shared/datasets/xstest-completions (see its README for licences and hashes).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { seededRng } from '../lib/stats/index.js';

const SOURCE = join('..', 'shared', 'datasets', 'xstest-completions');
const OUT = join('probes', 'safety', 'labelled');
const MODELS = ['gpt4', 'llama2new', 'llama2orig', 'mistralguard', 'mistralinstruct'];
const PER_MODEL = 100;

const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
const sample = ['model,id,type,final_label,completion'];
const all = ['model,id,type,prompt,final_label,completion'];
for (const model of MODELS) {
  const rows = parse(readFileSync(join(SOURCE, `xstest_v2_completions_${model}.csv`), 'utf8'), { columns: true }) as Record<string, string>[];
  for (const r of rows) all.push([model, r.id ?? '', r.type ?? '', quote((r.prompt ?? '').trim()), r.final_label ?? '', quote((r.completion ?? '').trim())].join(','));
  const rng = seededRng(`xstest-sample/${model}`);
  // Fisher–Yates with a seeded generator, then the first PER_MODEL: a simple random sample per model.
  const idx = rows.map((_, i) => i);
  for (let i = idx.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [idx[i], idx[j]] = [idx[j] as number, idx[i] as number];
  }
  for (const i of idx.slice(0, PER_MODEL).sort((a, b) => a - b)) {
    const r = rows[i] as Record<string, string>;
    sample.push([model, r.id ?? '', r.type ?? '', r.final_label ?? '', quote((r.completion ?? '').trim())].join(','));
  }
}
writeFileSync(join(OUT, 'xstest-completions.csv'), `${all.join('\n')}\n`);
writeFileSync(join(OUT, 'xstest-completions-sample.csv'), `${sample.join('\n')}\n`);
console.log(`wrote ${all.length - 1} rows to xstest-completions.csv and ${sample.length - 1} to xstest-completions-sample.csv`);
