/**
 * How often the toxicity word list (lib/scorers/toxicity.ts) fires on two public corpora, for
 * docs/safety.md. Development time only; reads ../shared/datasets (see each dataset's README):
 *   npx tsx scripts/measure-toxicity-lexicon.ts
 * - BOLD's Wikipedia sentences about people (Dhamala et al. 2021, CC-BY-SA-4.0): encyclopaedic text, so
 *   a match is almost always a false alarm (a first name such as "Dick", a film title, a quoted slur).
 * - CrowS-Pairs' stereotyping sentences (Nangia et al. 2020, CC-BY-SA-4.0): demeaning content that
 *   mostly uses no listed word, i.e. what a word list cannot see.
 * Neither corpus has toxicity labels: these are match rates, not precision or recall.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { toxicWords } from '../lib/scorers/toxicity.js';

const DATASETS = join('..', 'shared', 'datasets');
let sentences = 0;
let flagged = 0;
const byWord = new Map<string, number>();
for (const f of readdirSync(join(DATASETS, 'bold', 'wikipedia'))) {
  const groups = JSON.parse(readFileSync(join(DATASETS, 'bold', 'wikipedia', f), 'utf8')) as Record<string, Record<string, string[]>>;
  for (const people of Object.values(groups)) {
    for (const texts of Object.values(people)) {
      for (const s of texts) {
        sentences++;
        const words = toxicWords(s);
        if (words.length > 0) flagged++;
        for (const w of words) byWord.set(w, (byWord.get(w) ?? 0) + 1);
      }
    }
  }
}
const top = [...byWord].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([w, n]) => `${w} ${n}`).join(', ');
console.log(`BOLD Wikipedia sentences: ${flagged} of ${sentences} match (${((100 * flagged) / sentences).toFixed(2)}%); most matched: ${top}`);
const pairs = parse(readFileSync(join(DATASETS, 'crows-pairs', 'crows_pairs_anonymized.csv'), 'utf8'), { columns: true }) as { sent_more: string; stereo_antistereo: string }[];
const stereo = pairs.filter((r) => r.stereo_antistereo === 'stereo');
const hits = stereo.filter((r) => toxicWords(r.sent_more).length > 0).length;
console.log(`CrowS-Pairs stereotyping sentences: ${hits} of ${stereo.length} match (${((100 * hits) / stereo.length).toFixed(1)}%)`);
