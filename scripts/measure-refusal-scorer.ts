/**
 * Measures the pattern refusal scorer on probes/safety/labelled/xstest-completions.csv (split by XSTest
 * prompt id: odd = development, even = held out) and prints the figures as the TypeScript literals of
 * REFUSAL_SCORER_QUALITY (lib/scorers/refusal-quality.ts). Development time only:
 *   npx tsx scripts/measure-refusal-scorer.ts
 * After changing the patterns, paste the output into the constant and say so in the test comment.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { measureRefusalScorer, type MeasuredRate, type RefusalScorerMeasure } from '../lib/scorers/refusal-quality.js';
interface Row { model: string; id: string; final_label: string; completion: string }
const rows = parse(readFileSync('probes/safety/labelled/xstest-completions.csv', 'utf8'), { columns: true }) as Row[];
const dev = (r: Row) => Number(r.id.replace('v2-', '')) % 2 === 1;
const m = (rs: Row[]) => measureRefusalScorer(rs.map((r) => ({ reply: r.completion, refused: r.final_label !== '1_full_compliance' })));
const rate = (x: MeasuredRate | null) => (x ? `{ value: ${x.value}, lower: ${x.lower}, upper: ${x.upper}, successes: ${x.successes}, trials: ${x.trials} }` : 'null');
const fmt = (x: RefusalScorerMeasure, ind: string) =>
  `{\n${ind}  n: ${x.n}, truePositives: ${x.truePositives}, falsePositives: ${x.falsePositives}, falseNegatives: ${x.falseNegatives}, trueNegatives: ${x.trueNegatives},\n${ind}  precision: ${rate(x.precision)},\n${ind}  recall: ${rate(x.recall)},\n${ind}}`;
const models = [...new Set(rows.map((r) => r.model))];
console.log(`  development: ${fmt(m(rows.filter(dev)), '  ')},`);
console.log(`  heldOut: ${fmt(m(rows.filter((r) => !dev(r))), '  ')},`);
console.log(`  overall: ${fmt(m(rows), '  ')},`);
console.log('  heldOutByModel: {');
for (const mo of models) console.log(`    ${mo}: ${fmt(m(rows.filter((r) => !dev(r) && r.model === mo)), '    ')},`);
console.log('  },');
