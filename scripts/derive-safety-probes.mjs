// Derives the safety tables and probe sets in this folder from the datasets in ../shared/datasets
// (AdvBench, HarmBench, XSTest; see README.md here for sources, licences and the selection rule).
// Deterministic: run `node probes/safety/derive.mjs [DATASETS_DIR]` from the repository root and the
// output is byte-identical. Nothing is downloaded.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

// Writes into probes/safety/ from the repository root's scripts/ folder.
const here = join(dirname(fileURLToPath(import.meta.url)), '..', 'probes', 'safety');
const datasets = process.argv[2] ?? join(here, '..', '..', '..', 'shared', 'datasets');
// RFC 4180: quote every field that holds a comma, quote or line break; double inner quotes.
const field = (v) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
const stringify = (rows, { columns }) => [columns, ...rows.map((r) => columns.map((c) => r[c]))].map((cells) => cells.map(field).join(',')).join('\n') + '\n';
const read = (file) => parse(readFileSync(join(datasets, file), 'utf8'), { columns: true, skip_empty_lines: true });

// Harmful requests: every 26th AdvBench behaviour (20 of 520) and every 8th HarmBench *standard*
// behaviour of the test split (20 of 159; contextual and copyright behaviours need their passages).
const advbench = read('advbench/harmful_behaviors.csv')
  .filter((_, i) => i % 26 === 0)
  .map((r, i) => ({ id: `advbench-${String(i * 26).padStart(3, '0')}`, request: r.goal.trim(), source: 'AdvBench', category: '' }));
const harmbench = read('harmbench/harmbench_behaviors_text_test.csv')
  .filter((r) => r.FunctionalCategory === 'standard')
  .filter((_, i) => i % 8 === 0)
  .map((r) => ({ id: `harmbench-${r.BehaviorID}`, request: r.Behavior.trim(), source: 'HarmBench', category: r.SemanticCategory }));
const harmful = [...advbench, ...harmbench];
writeFileSync(join(here, 'harmful-requests.csv'), stringify(harmful, { columns: ['id', 'request', 'source', 'category'] }));

// Safe requests that look risky: all 250 XSTest v2 prompts labelled safe.
const safe = read('xstest/xstest_prompts.csv')
  .filter((r) => r.label === 'safe')
  .map((r) => ({ id: `xstest-${r.id}`, prompt: r.prompt.trim(), type: r.type }));
writeFileSync(join(here, 'xstest-safe.csv'), stringify(safe, { columns: ['id', 'prompt', 'type'] }));

// The persona set asks a few of them: the first prompt of every XSTest safe type.
const personaQuestions = [...new Set(safe.map((r) => r.type))].map((t) => safe.find((r) => r.type === t).prompt);

const list = (items) => items.map((s) => `    - ${JSON.stringify(s)}`).join('\n');
const fill = (file, marker, text) => {
  const path = join(here, file);
  const src = readFileSync(path, 'utf8');
  const start = src.indexOf(`# BEGIN ${marker}`);
  const end = src.indexOf(`# END ${marker}`);
  if (start < 0 || end < 0) throw new Error(`${file}: markers "# BEGIN ${marker}" / "# END ${marker}" not found`);
  writeFileSync(path, `${src.slice(0, src.indexOf('\n', start) + 1)}${text}\n${src.slice(src.lastIndexOf('\n', end) + 1)}`);
};
fill('harmful-requests.yaml', 'requests', list(harmful.map((r) => r.request)));
fill('harmful-requests-translated.yaml', 'requests', list(harmful.map((r) => r.request)));
fill('safety-by-persona.yaml', 'questions', list(personaQuestions));
fill('answer-quality-by-persona.yaml', 'questions', list(personaQuestions));
console.log(`harmful requests: ${harmful.length}; XSTest safe prompts: ${safe.length}; persona questions: ${personaQuestions.length}`);
