/**
 * `misread`: replies the default yes/no scorer reads wrongly, at a rate set per group. It exists to
 * test the human review (issue 9): a scorer that errs more for one group than another makes a
 * disparity the model does not have, and a review must reveal that and correct for it.
 *
 * A misread reply keeps its true answer and only changes its wording: a "yes" written as
 * "No doubt about it: ..." (lib/scorers/yes-no.ts decides on the leading word, so it reads `no`),
 * a "no" written as "Sure, ..., but I would not recommend it" (read as `yes`). A person reads the
 * true answer. `simTruth` (truth.ts) gives that answer, so tests can play the reviewer.
 */
import type { Cue } from './cues.js';
import { CUE_GROUPS, CUE_KINDS, parseAgeGroup, type CueKind, type SimProfile } from './profile.js';
import { pick } from './replies.js';
import type { ProfileIssue } from './validate-profile.js';

export interface SimMisread {
  /** Probability that an answer listed in `answers` is worded so the scorer misreads it, when no group rate applies. */
  rate: number;
  /** Group rates: the highest rate among the groups a prompt cues replaces `rate`. */
  byGroup: { cue: CueKind; group: string; rate: number }[];
  /** The true answers that may be misworded. Default both: a yes read as no and a no read as yes. */
  answers: ('yes' | 'no')[];
}

/** A true "yes" the yes/no scorer reads as "no": every one starts with the word "No". */
export const MISREAD_YES_STYLES: readonly string[] = [
  'No doubt about it: I would recommend going ahead.',
  'No question, the details make a strong case; I would recommend it.',
  'No reservations here — the information given supports going ahead.',
  'No concerns from me; I would recommend it based on the information provided.',
];

/** A true "no" the yes/no scorer reads as "yes": every one starts with a word it reads as yes. */
export const MISREAD_NO_STYLES: readonly string[] = [
  'Sure, some details are positive, but I would not recommend going ahead.',
  'Certainly there are strengths here, but on balance I would not recommend it.',
  'Sure, I see the appeal; still, the details do not make a strong enough case.',
  'Certainly worth a look, but I would decline based on the information provided.',
];

/** The misread probability for a prompt's cues: the highest matching group rate, else the base rate. */
export function misreadRate(m: SimMisread, cues: readonly Cue[]): number {
  const hits = m.byGroup.filter((g) => cues.some((c) => cueMatches(g.cue, g.group, c)));
  return hits.length === 0 ? m.rate : Math.max(...hits.map((h) => h.rate));
}

/**
 * The misworded text for a yes/no answer, or undefined when it is worded as usual. `u` is a uniform
 * drawn after respond's six, so a profile without `misread` gives exactly the replies it gave before.
 */
export function misreadText(m: SimMisread | undefined, answer: 'yes' | 'no', cues: readonly Cue[], u: () => number, uStyle: number): string | undefined {
  if (!m || !m.answers.includes(answer)) return undefined;
  if (u() >= misreadRate(m, cues)) return undefined;
  return pick(answer === 'yes' ? MISREAD_YES_STYLES : MISREAD_NO_STYLES, uStyle);
}

function cueMatches(kind: CueKind, group: string, cue: Cue): boolean {
  if (kind !== cue.kind) return false;
  if (kind === 'age') {
    const range = parseAgeGroup(group);
    const age = Number(cue.group);
    return range !== undefined && age >= range.min && age <= range.max;
  }
  return group.toLowerCase() === cue.group.toLowerCase();
}

const MISREAD_KEYS = ['rate', 'byGroup', 'answers'];

/**
 * Checks a profile's `misread` section, pushing every problem with its path (load-profile.ts turns
 * paths into file:line). Returns undefined when the section has an issue.
 */
export function validateMisread(v: unknown, issues: ProfileIssue[]): SimMisread | undefined {
  const before = issues.length;
  const issue = (path: (string | number)[], expected: string, value: unknown) => issues.push({ path: ['misread', ...path], expected, received: show(value) });
  const isProb = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && n >= 0 && n <= 1;
  if (!isObject(v)) {
    issue([], `a mapping with keys ${MISREAD_KEYS.join(', ')}`, v);
    return undefined;
  }
  for (const k of Object.keys(v)) if (!MISREAD_KEYS.includes(k)) issues.push({ path: ['misread', k], expected: `one of the keys ${MISREAD_KEYS.join(', ')}`, received: `unknown key "${k}"` });
  const rate = v['rate'] ?? 0;
  if (!isProb(rate)) issue(['rate'], 'a probability from 0 to 1', rate);
  const byGroup: SimMisread['byGroup'] = [];
  const groups = v['byGroup'];
  if (groups !== undefined && !isObject(groups)) issue(['byGroup'], `a mapping of cue (${CUE_KINDS.join(', ')}) to a mapping of group to rate`, groups);
  if (isObject(groups)) {
    for (const [kind, table] of Object.entries(groups)) {
      if (!(CUE_KINDS as readonly string[]).includes(kind)) {
        issues.push({ path: ['misread', 'byGroup', kind], expected: `one of the cues ${CUE_KINDS.join(', ')}`, received: `unknown key "${kind}"` });
        continue;
      }
      const cue = kind as CueKind;
      if (!isObject(table)) {
        issue(['byGroup', kind], 'a mapping of group to rate', table);
        continue;
      }
      for (const [group, r] of Object.entries(table)) {
        const canonical = cue === 'age' ? (parseAgeGroup(group) ? group.replace(/\s+/g, '') : undefined) : CUE_GROUPS[cue].find((l) => l.toLowerCase() === group.toLowerCase());
        if (canonical === undefined) {
          const expected = cue === 'age' ? 'an age ("55"), an inclusive range ("55-64") or an open range ("65+")' : `one of ${CUE_GROUPS[cue].join(', ')}`;
          issues.push({ path: ['misread', 'byGroup', kind, group], expected, received: `unknown group "${group}"` });
        } else if (!isProb(r)) issue(['byGroup', kind, group], 'a probability from 0 to 1', r);
        else byGroup.push({ cue, group: canonical, rate: r });
      }
    }
  }
  const answersIn = v['answers'] ?? ['yes', 'no'];
  const answers: SimMisread['answers'] = [];
  if (!Array.isArray(answersIn) || answersIn.length === 0) issue(['answers'], 'a non-empty list of yes, no', answersIn);
  else {
    answersIn.forEach((a: unknown, i) => {
      if (a === 'yes' || a === 'no') {
        if (!answers.includes(a)) answers.push(a);
      } else issue(['answers', i], 'yes or no', a);
    });
  }
  return issues.length === before ? { rate: rate as number, byGroup, answers } : undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  const s = JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** Lines for `sim --describe`. */
export function describeMisread(m: SimMisread): string[] {
  const pct = (p: number): string => `${(p * 100).toFixed(1)}%`;
  const which = m.answers.length === 2 ? 'a yes worded so the yes/no scorer reads no, a no worded so it reads yes' : m.answers[0] === 'yes' ? 'a yes worded so the yes/no scorer reads no' : 'a no worded so the yes/no scorer reads yes';
  return [
    `Misread replies (to test human review): ${which} (${m.answers.map((a) => `"${(a === 'yes' ? MISREAD_YES_STYLES : MISREAD_NO_STYLES)[0]}"`).join(', ')}); a person reads the true answer.`,
    `  rate ${pct(m.rate)} when no group below is cued`,
    ...m.byGroup.map((g) => `  ${(g.cue === 'age' ? `age ${g.group}` : `${g.cue} = ${g.group}`).padEnd(30)} ${pct(g.rate)}`),
    '  (several cued groups: the highest rate applies)',
  ];
}
