/**
 * Builds probes/safety/labelled/xstest-prompts.csv: every XSTest v2 prompt (safe and unsafe contrast),
 * keyed by the id the labelled completions use (`v2-<n>`), so an LLM judge can be shown the request
 * next to each labelled reply (lib/judge/calibration.ts) without reading ../shared at run time.
 * Runs at development time only:
 *   npx tsx scripts/build-xstest-prompts.ts
 * Source: ../shared/datasets/xstest/xstest_prompts.csv (CC-BY-4.0; see probes/safety/labelled/README.md).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';

const rows = parse(readFileSync(join('..', 'shared', 'datasets', 'xstest', 'xstest_prompts.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
const out = ['id,prompt', ...rows.map((r) => `v2-${r.id ?? ''},${quote(r.prompt ?? '')}`)];
writeFileSync(join('probes', 'safety', 'labelled', 'xstest-prompts.csv'), `${out.join('\n')}\n`);
console.log(`wrote ${out.length - 1} prompts`);
