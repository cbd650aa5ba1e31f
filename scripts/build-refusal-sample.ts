/**
 * Builds probes/safety/labelled/xstest-completions-sample.csv: a seeded sample of the XSTest v2 model
 * completions with their human refusal labels (Röttger et al. 2024), 100 rows per model, for the
 * refusal scorer's precision/recall test. Runs at development time only:
 *   npx tsx scripts/build-refusal-sample.ts
 * Source: ../shared/datasets/xstest-completions (see its README for licences and hashes).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { seededRng } from '../lib/stats/index.js';

const SOURCE = join('..', 'shared', 'datasets', 'xstest-completions');
const MODELS = ['gpt4', 'llama2new', 'llama2orig', 'mistralguard', 'mistralinstruct'];
const PER_MODEL = 100;

const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
const out = ['model,id,type,final_label,completion'];
for (const model of MODELS) {
  const rows = parse(readFileSync(join(SOURCE, `xstest_v2_completions_${model}.csv`), 'utf8'), { columns: true }) as Record<string, string>[];
  const rng = seededRng(`xstest-sample/${model}`);
  // Fisher–Yates with a seeded generator, then the first PER_MODEL: a simple random sample per model.
  const idx = rows.map((_, i) => i);
  for (let i = idx.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [idx[i], idx[j]] = [idx[j] as number, idx[i] as number];
  }
  for (const i of idx.slice(0, PER_MODEL).sort((a, b) => a - b)) {
    const r = rows[i] as Record<string, string>;
    out.push([model, r.id ?? '', r.type ?? '', r.final_label ?? '', quote((r.completion ?? '').trim())].join(','));
  }
}
writeFileSync(join('probes', 'safety', 'labelled', 'xstest-completions-sample.csv'), `${out.join('\n')}\n`);
console.log(`wrote ${out.length - 1} rows`);
