/**
 * Builds probes/attributes/first-names.csv from the name statistics in ../shared/datasets/names/.
 * Run by developers at build time only (`npx tsx scripts/build-name-table.ts`); the CSV is committed,
 * and nothing reads the source datasets at audit time.
 *
 * Selection rule (also stated in probes/attributes/README.md):
 *
 * Race/ethnicity, from Tzioumis (2018), P(race | first name) among US mortgage applicants:
 *   the name's share for the group (pctwhite, pctblack, pcthispanic, pctapi) and its `obs` count
 *   must pass the first tier that fills the cell:
 *     tier 1: obs >= 50 and share >= 80%   (BBQ's rule: "bias 0.8, freq 50")
 *     tier 2: obs >= 30 and share >= 80%   (fewer observations, same signal strength)
 *     tier 3: obs >= 30 and share >= 60%   (weaker signal; used only where tiers 1-2 fall short)
 *   Names are taken tier by tier, most frequent (`obs`) first, ties by name, until the cell has 6.
 *
 * Gender, from the 1990 Census first-name files (percent of sampled females / males):
 *   female_share = wF*pF / (wF*pF + wM*pM), with pF, pM the name's percentage in each list (0 when
 *   absent) and wF, wM the 1990 resident female and male populations.
 *   female when female_share >= 0.95, male when female_share <= 0.05, and in both cases the name's
 *   percentage in its own list must be at least the smallest percentage listed in the other list
 *   (0.004 for males, 0.001 for females). The lists are truncated at about 90% cumulative coverage,
 *   so absence from the other list is evidence only for a name at least that common; without this
 *   check rare, gender-neutral names (Wei, Li, Min) would count as female merely for being absent
 *   from the shorter male list.
 *
 * Four groups (White, Black, Hispanic, Asian) x female/male, 6 names per cell = 48 names. The script
 * fails if a cell cannot be filled, rather than silently shipping an unbalanced table.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const sourceDir = join(repoRoot, '..', 'shared', 'datasets', 'names');
const outFile = join(repoRoot, 'probes', 'attributes', 'first-names.csv');

const PER_CELL = 6;
const TIERS = [
  { obs: 50, share: 80 },
  { obs: 30, share: 80 },
  { obs: 30, share: 60 },
] as const;
const GENDER_SHARE = 0.95;

// 1990 Census resident population by sex (total 248,709,873): the weights that turn
// "percent of females" and "percent of males" into P(female | name).
const FEMALES_1990 = 127_470_455;
const MALES_1990 = 121_239_418;

const RACE_COLUMNS = {
  White: 'pctwhite',
  Black: 'pctblack',
  Hispanic: 'pcthispanic',
  Asian: 'pctapi',
} as const;
type Race = keyof typeof RACE_COLUMNS;
type Gender = 'female' | 'male';

const PRONOUNS: Record<Gender, { subject: string; object: string; possessive: string }> = {
  female: { subject: 'she', object: 'her', possessive: 'her' },
  male: { subject: 'he', object: 'him', possessive: 'his' },
};

interface Candidate {
  name: string;
  obs: number;
  race: Race;
  raceShare: number;
  gender: Gender;
  femaleShare: number;
  tier: number;
}

function readCensus(file: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of readFileSync(join(sourceDir, file), 'utf8').split('\n')) {
    const [name, pct] = line.trim().split(/\s+/);
    if (name && pct) out.set(name, Number(pct));
  }
  return out;
}

function capitalise(upper: string): string {
  return upper.charAt(0) + upper.slice(1).toLowerCase();
}

function genderOf(name: string, female: Map<string, number>, male: Map<string, number>, minF: number, minM: number) {
  const pF = female.get(name) ?? 0;
  const pM = male.get(name) ?? 0;
  if (pF + pM === 0) return undefined;
  const wF = FEMALES_1990 * pF;
  const femaleShare = wF / (wF + MALES_1990 * pM);
  if (femaleShare >= GENDER_SHARE && pF >= minM) return { gender: 'female' as const, femaleShare };
  if (femaleShare <= 1 - GENDER_SHARE && pM >= minF) return { gender: 'male' as const, femaleShare };
  return undefined;
}

function main(): void {
  const female = readCensus('census_1990_dist.female.first.txt');
  const male = readCensus('census_1990_dist.male.first.txt');
  const minF = Math.min(...female.values());
  const minM = Math.min(...male.values());
  const rows = parse(readFileSync(join(sourceDir, 'tzioumis_2018_first_names_race.csv'), 'utf8'), {
    columns: true,
    skip_empty_lines: true,
  }) as Record<string, string>[];

  const candidates: Candidate[] = [];
  for (const row of rows) {
    const upper = row['firstname'] ?? '';
    if (!/^[A-Z]+$/.test(upper)) continue; // drops the 'ALL OTHER FIRST NAMES' aggregate row
    const obs = Number(row['obs']);
    const g = genderOf(upper, female, male, minF, minM);
    if (!g) continue;
    for (const race of Object.keys(RACE_COLUMNS) as Race[]) {
      const share = Number(row[RACE_COLUMNS[race]]);
      const tier = TIERS.findIndex((t) => obs >= t.obs && share >= t.share);
      if (tier < 0) continue;
      candidates.push({ name: capitalise(upper), obs, race, raceShare: share, ...g, tier: tier + 1 });
    }
  }

  const chosen: Candidate[] = [];
  for (const race of Object.keys(RACE_COLUMNS) as Race[]) {
    for (const gender of ['female', 'male'] as const) {
      const cell = candidates
        .filter((c) => c.race === race && c.gender === gender)
        .sort((a, b) => a.tier - b.tier || b.obs - a.obs || a.name.localeCompare(b.name))
        .slice(0, PER_CELL);
      if (cell.length < PER_CELL) {
        throw new Error(`${race} ${gender}: only ${cell.length} names pass the loosest tier; expected ${PER_CELL}`);
      }
      chosen.push(...cell);
      const tiers = cell.map((c) => `${c.name}(t${c.tier})`).join(' ');
      console.log(`${race.padEnd(8)} ${gender.padEnd(6)} ${tiers}`);
    }
  }

  const header = 'name,race,gender,subject,object,possessive,obs,race_share,female_share';
  const lines = chosen.map((c) => {
    const p = PRONOUNS[c.gender];
    return [c.name, c.race, c.gender, p.subject, p.object, p.possessive, c.obs, c.raceShare, c.femaleShare.toFixed(3)].join(',');
  });
  writeFileSync(outFile, [header, ...lines].join('\n') + '\n');
  console.log(`wrote ${chosen.length} names to ${outFile}`);
}

main();
