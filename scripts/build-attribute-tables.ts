/**
 * Builds the descriptor tables in probes/attributes/ (pronouns, ages, races, religions, disabilities,
 * sexual orientations, nationalities, socioeconomic status) from the public datasets in
 * ../shared/datasets/. Run by developers only (`npx tsx scripts/build-attribute-tables.ts`); the CSVs
 * are committed and nothing reads the datasets at audit time.
 *
 * Each table is a short, hand-chosen selection (the lists below), but every descriptor must exist in
 * the source with the stated axis and bucket, and the source's own labels (bucket, preference,
 * region) are copied, not retyped: the script fails rather than ship a descriptor the source lacks.
 * Column names are unique across the tables (a prefix per table), so one probe set can use several.
 * Licences: tables with HolisticBias columns are CC-BY-SA-4.0; nationalities.csv and
 * ses-occupations.csv come from BBQ's vocabulary (CC-BY-4.0). See probes/attributes/README.md.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const datasets = join(repoRoot, '..', 'shared', 'datasets');
const outDir = join(repoRoot, 'probes', 'attributes');

type Item = string | { descriptor: string; preference?: string; gender?: string; article?: string };
type Descriptors = Record<string, Record<string, Item[]>>;
type Standalone = Record<string, (string | { noun_phrase: string; plural_noun_phrase?: string; preference?: string })[]>;

const hb = JSON.parse(readFileSync(join(datasets, 'holistic-bias', 'v1.1', 'descriptors.json'), 'utf8')) as Descriptors;
const hbStandalone = JSON.parse(readFileSync(join(datasets, 'holistic-bias', 'v1.1', 'standalone_noun_phrases.json'), 'utf8')) as Standalone;
const bbqVocabulary = parse(readFileSync(join(datasets, 'bbq', 'templates', 'vocabulary.csv'), 'utf8'), { columns: true }) as Record<string, string>[];

/** A HolisticBias v1.1 descriptor with its bucket and preference, or an error naming what is missing. */
function descriptor(axis: string, text: string): { bucket: string; preference: string } {
  for (const [bucket, items] of Object.entries(hb[axis] ?? {})) {
    for (const item of items) {
      const d = typeof item === 'string' ? item : item.descriptor;
      if (d === text) return { bucket, preference: typeof item === 'string' ? '' : (item.preference ?? '') };
    }
  }
  throw new Error(`HolisticBias v1.1 has no descriptor "${text}" on axis ${axis}`);
}

function standalone(axis: string, phrase: string): { preference: string } {
  for (const item of hbStandalone[axis] ?? []) {
    const p = typeof item === 'string' ? item : item.noun_phrase;
    if (p === phrase) return { preference: typeof item === 'string' ? '' : (item.preference ?? '') };
  }
  throw new Error(`HolisticBias v1.1 has no standalone noun phrase "${phrase}" on axis ${axis}`);
}

function bbqWord(category: string, name: string): Record<string, string> {
  const row = bbqVocabulary.find((r) => r['Category'] === category && r['Name']?.trim() === name);
  if (!row) throw new Error(`BBQ vocabulary.csv has no ${category} entry "${name}"`);
  return row;
}

function writeCsv(file: string, rows: Record<string, string>[]): void {
  const columns = Object.keys(rows[0] ?? {});
  const cell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const text = [columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c] ?? '')).join(','))].join('\n');
  writeFileSync(join(outDir, file), `${text}\n`, 'utf8');
  console.log(`${file}: ${rows.length} rows`);
}

// Pronoun sets: the three HolisticBias names as standalone phrases ("a person who uses they/them
// pronouns"), with the English forms a template needs and verb agreement for singular they.
writeCsv(
  'pronouns.csv',
  (
    [
      ['she/her', 'she', 'her', 'her', 'herself', 'is', 'has', 'was'],
      ['he/him', 'he', 'him', 'his', 'himself', 'is', 'has', 'was'],
      ['they/them', 'they', 'them', 'their', 'themselves', 'are', 'have', 'were'],
    ] as const
  ).map(([pronouns, subject, object, possessive, reflexive, be, have, was]) => {
    standalone('gender_and_sex', `a person who uses ${pronouns} pronouns`);
    return { pronouns, pronoun_subject: subject, pronoun_object: object, pronoun_possessive: possessive, pronoun_reflexive: reflexive, verb_be: be, verb_have: have, verb_was: was };
  }),
);

// Ages: every decade from 25 to 75, with HolisticBias's bucket for the "N-year-old" descriptor.
writeCsv(
  'ages.csv',
  [25, 35, 45, 55, 65, 75].map((age) => ({ age: String(age), age_hb_bucket: descriptor('age', `${age}-year-old`).bucket })),
);

// Races/ethnicities stated explicitly, in the four groups of first-names.csv, with the HolisticBias
// descriptor and its preference. `race` is the capitalised adjective used in prompts.
writeCsv(
  'races.csv',
  (
    [
      ['White', 'white', 'White'],
      ['Black', 'Black', 'Black'],
      ['Hispanic', 'Hispanic', 'Hispanic'],
      ['Asian', 'Asian', 'Asian'],
    ] as const
  ).map(([group, hbDescriptor, adjective]) => {
    const d = descriptor('race_ethnicity', hbDescriptor);
    return { stated_race: group, race_adjective: adjective, race_hb_descriptor: hbDescriptor, race_hb_bucket: d.bucket, race_hb_preference: d.preference };
  }),
);

// Religions: six large world religions and a non-religious control (BBQ's Religion category uses a
// similar set), with HolisticBias's noun phrase for "a person of this religion".
writeCsv(
  'religions.csv',
  (
    [
      ['Christian', 'a Christian'],
      ['Muslim', 'a Muslim'],
      ['Jewish', 'a Jew'],
      ['Hindu', 'a Hindu'],
      ['Buddhist', 'a Buddhist'],
      ['Sikh', 'a Sikh'],
      ['atheist', 'an atheist'],
    ] as const
  ).map(([religion, person]) => {
    descriptor('religion', religion);
    standalone('religion', person);
    return { religion, religion_person: person };
  }),
);

// Disabilities with community-reviewed HolisticBias wording, and a "no disability" control.
// `statement` completes "they ...", `phrase` completes "a person ...".
writeCsv(
  'disabilities.csv',
  (
    [
      ['wheelchair user', 'use a wheelchair', 'who uses a wheelchair', 'ability', 'standalone', '{article} {noun} who uses a wheelchair'],
      ['blind', 'are blind', 'who is blind', 'ability', 'descriptor', 'blind'],
      ['deaf', 'are Deaf', 'who is Deaf', 'ability', 'descriptor', 'Deaf'],
      ['autistic', 'are autistic', 'who is autistic', 'ability', 'descriptor', 'autistic'],
      ['no disability', 'have no disability', 'with no disability', 'ability', 'descriptor', 'nondisabled'],
    ] as const
  ).map(([disability, statement, phrase, axis, kind, source]) => {
    const d = kind === 'standalone' ? { bucket: 'standalone', ...standalone(axis, source) } : descriptor(axis, source);
    return { disability, disability_statement: statement, disability_phrase: phrase, disability_hb_descriptor: source, disability_hb_bucket: d.bucket, disability_hb_preference: d.preference };
  }),
);

// Sexual orientations: one descriptor per HolisticBias bucket that names an orientation.
writeCsv(
  'sexual-orientations.csv',
  ['straight', 'gay', 'lesbian', 'bisexual', 'asexual', 'pansexual', 'queer'].map((o) => ({ sexual_orientation: o, orientation_hb_bucket: descriptor('sexual_orientation', o).bucket })),
);

// Nationalities: two per BBQ region where BBQ has them, chosen to span regions; the region is BBQ's.
writeCsv(
  'nationalities.csv',
  (
    [
      ['American', 'the United States'],
      ['British', 'the United Kingdom'],
      ['German', 'Germany'],
      ['Mexican', 'Mexico'],
      ['Nigerian', 'Nigeria'],
      ['Indian', 'India'],
      ['Chinese', 'China'],
      ['Syrian', 'Syria'],
    ] as const
  ).map(([nationality, country]) => ({ nationality, nationality_country: country, nationality_bbq_region: bbqWord('Nationality', nationality)['Info'] ?? '' })),
);

// Socioeconomic status stated through the family a person grew up in, HolisticBias class descriptors.
writeCsv(
  'socioeconomic-status.csv',
  (
    [
      ['low income', 'low-income'],
      ['working class', 'working-class'],
      ['middle class', 'middle-class'],
      ['upper class', 'wealthy'],
    ] as const
  ).map(([group, word]) => ({ socioeconomic_status: group, ses_descriptor: word, ses_hb_bucket: descriptor('socioeconomic_class', word).bucket })),
);

// Socioeconomic status signalled implicitly by a parent's occupation: BBQ's SES vocabulary (occupations
// at the ends of the occupational-prestige scale, with BBQ's lowSES/highSES label).
writeCsv(
  'ses-occupations.csv',
  ['cashier', 'janitor', 'truck driver', 'farm worker', 'physician', 'lawyer', 'dentist', 'professor'].map((occupation) => {
    const info = bbqWord('SES', occupation)['Info'] ?? '';
    return { parent_occupation: occupation, parental_ses: info === 'lowSES' ? 'low' : info === 'highSES' ? 'high' : info };
  }),
);
