/**
 * Demographic cues `sim` recognises in a prompt: first names from the name table, explicit ages,
 * religions, disabilities, gender words, race words, sexual orientations, nationalities and
 * socioeconomic-status phrases. Plain pattern matching, no language model: what is not listed here
 * is not seen.
 */
import { CUE_GROUPS, type CueKind } from './profile.js';
import type { NameTable } from './name-table.js';

export interface Cue {
  kind: CueKind;
  /** Canonical group label (profile.ts CUE_GROUPS), or the age as a decimal string. */
  group: string;
  /** The text that gave the cue away, for tests and debugging. */
  evidence: string;
}

type Pattern = readonly [RegExp, string];

// Capitalised race words only: "black coffee" or "white paper" must not count.
const RACE_WORDS: readonly Pattern[] = [
  [/\bAfrican[- ]Americans?\b/g, 'Black'],
  [/\bBlack\b/g, 'Black'],
  [/\bWhite\b/g, 'White'],
  [/\bCaucasians?\b/g, 'White'],
  [/\b(?:Hispanic|Latin[oax]|Latinx)s?\b/g, 'Hispanic'],
  [/\bAsian(?:[- ]Americans?|s)?\b/g, 'Asian'],
];

const GENDER_WORDS: readonly Pattern[] = [
  [/\b(?:she|her|hers|herself|woman|women|female|girl|mother|daughter|wife|sister|Mrs|Ms)\b/gi, 'female'],
  [/\b(?:he|him|his|himself|man|men|male|boy|father|son|husband|brother|Mr)\b/gi, 'male'],
];

const RELIGION_WORDS: readonly Pattern[] = [
  [/\b(?:Christians?|Catholics?|Protestants?)\b/gi, 'Christian'],
  [/\b(?:Muslims?|Islamic)\b/gi, 'Muslim'],
  [/\b(?:Jewish|Jews?)\b/gi, 'Jewish'],
  [/\bHindus?\b/gi, 'Hindu'],
  [/\bBuddhists?\b/gi, 'Buddhist'],
  [/\bSikhs?\b/gi, 'Sikh'],
  [/\b(?:atheists?|non-religious|not religious)\b/gi, 'atheist'],
];

// "straight" alone is too common ("three straight years"): only as a stated orientation.
const ORIENTATION_WORDS: readonly Pattern[] = [
  [/\b(?:heterosexual|straight(?= (?:man|men|woman|women|person|people|couple|applicant|candidate|patient|student|tenant|employee))|(?<=\b(?:is|are|am|as|openly|I'm) )straight)\b/gi, 'straight'],
  [/\b(?:gay|homosexual)\b/gi, 'gay'],
  [/\blesbians?\b/gi, 'lesbian'],
  [/\bbisexuals?\b/gi, 'bisexual'],
  [/\basexuals?\b/gi, 'asexual'],
  [/\bpansexuals?\b/gi, 'pansexual'],
  [/\bqueer\b/gi, 'queer'],
];

// Capitalised nationality adjectives, but not inside a compound ("African American", "Mexican-American",
// "American Indian"): those name an ethnicity, which the race words cover.
const NATIONALITY_WORDS: readonly Pattern[] = CUE_GROUPS.nationality.map((n) => [new RegExp(`(?<!\\b[A-Z][a-z]+[- ])\\b${n}s?\\b(?![- ][A-Z])`, 'g'), n] as const);

// "poor" and "rich" are too common alone ("poor sleep", "rich experience"): only in class phrases.
const SES_WORDS: readonly Pattern[] = [
  [/\b(?:low[- ]income|poor(?= (?:family|families|household|neighbou?rhood|background|community))|living in poverty|below the poverty line)\b/gi, 'low income'],
  [/\bworking[- ]class\b/gi, 'working class'],
  [/\bmiddle[- ]class\b/gi, 'middle class'],
  [/\b(?:upper[- ]class|wealthy|affluent|well-off|well-to-do)\b/gi, 'upper class'],
];

// "no disability" is matched first and its text removed, so "has no disability" does not also
// count as "disability (unspecified)".
const NO_DISABILITY = /\b(?:(?:has|have|having) no disabilit(?:y|ies)|(?:without|no) (?:a |any )?disabilit(?:y|ies)|(?:does|do) not have (?:a |any )?disabilit(?:y|ies))\b/gi;
const DISABILITY_WORDS: readonly Pattern[] = [
  [/\bwheelchairs?\b/gi, 'wheelchair user'],
  [/\bblind\b/gi, 'blind'],
  [/\bdeaf\b/gi, 'deaf'],
  [/\bADHD\b/g, 'ADHD'],
  [/\b(?:autistic|autism)\b/gi, 'autistic'],
  [/\b(?:disabled|disabilit(?:y|ies))\b/gi, 'disability (unspecified)'],
];

// "45-year-old", "45 year old", "45 years old", "45 years of age", "aged 45", "age 45", "age: 45".
const AGE_PATTERNS: readonly RegExp[] = [
  /\b(\d{1,3})[- ]years?[- ]old\b/gi,
  /\b(\d{1,3}) years of age\b/gi,
  /\baged? ?:? ?(\d{1,3})\b/gi,
];
const MIN_AGE = 14;
const MAX_AGE = 110;

const NAME_TOKEN = /\b[A-Z][a-z]+(?:-[A-Z][a-z]+)?\b/g;

/** Every cue in `text`, one per (kind, group), in order of discovery. */
export function findCues(text: string, names: NameTable): Cue[] {
  const found = new Map<string, Cue>();
  const add = (kind: CueKind, group: string, evidence: string): void => {
    const key = `${kind}\u0000${group}`;
    if (!found.has(key)) found.set(key, { kind, group, evidence });
  };

  for (const m of text.matchAll(NAME_TOKEN)) {
    const cue = names.get(m[0]);
    if (cue) {
      add('race', cue.race, m[0]);
      add('gender', cue.gender, m[0]);
    }
  }
  matchAll(text, RACE_WORDS, (group, ev) => add('race', group, ev));
  matchAll(text, GENDER_WORDS, (group, ev) => add('gender', group, ev));
  matchAll(text, RELIGION_WORDS, (group, ev) => add('religion', group, ev));
  matchAll(text, ORIENTATION_WORDS, (group, ev) => add('sexual_orientation', group, ev));
  matchAll(text, NATIONALITY_WORDS, (group, ev) => add('nationality', group, ev));
  matchAll(text, SES_WORDS, (group, ev) => add('socioeconomic_status', group, ev));

  let rest = text;
  for (const m of text.matchAll(NO_DISABILITY)) {
    add('disability', 'no disability', m[0]);
    rest = rest.replace(m[0], ' ');
  }
  matchAll(rest, DISABILITY_WORDS, (group, ev) => add('disability', group, ev));

  for (const re of AGE_PATTERNS) {
    for (const m of text.matchAll(re)) {
      const age = Number(m[1]);
      if (age >= MIN_AGE && age <= MAX_AGE) add('age', String(age), m[0]);
    }
  }
  return [...found.values()];
}

function matchAll(text: string, patterns: readonly Pattern[], add: (group: string, evidence: string) => void): void {
  for (const [re, group] of patterns) {
    for (const m of text.matchAll(re)) add(group, m[0]);
  }
}
