/**
 * Checks a custom profile (parsed YAML or JSON) against the SimProfile shape and reports every
 * problem at once, each with its path, what was expected and what was found. Omitted sections take
 * the `fair` profile's values; unknown keys are errors, so a typo never silently does nothing.
 */
import { CUE_GROUPS, CUE_KINDS, parseAgeGroup, type CueKind, type SimEffect, type SimProfile } from './profile.js';
import { SAFETY_TRANSFORMS, type SimSafety } from './safety.js';
import { validateMisread } from './misread.js';
import { validateJudge } from './judge.js';

export interface ProfileIssue {
  /** Keys from the document root, e.g. ['effects', 0, 'cue']. */
  path: (string | number)[];
  expected: string;
  received: string;
}

type Obj = Record<string, unknown>;
type Path = (string | number)[];
type Report = (path: Path, expected: string, value: unknown) => void;

function reporter(issues: ProfileIssue[]): Report {
  return (path, expected, value) => issues.push({ path, expected, received: show(value) });
}

const TOP_KEYS = ['name', 'description', 'binary', 'numeric', 'choice', 'refusalRate', 'unparseableRate', 'effects', 'safety', 'misread', 'judge'];
const SAFETY_KEYS = ['harmfulRefusalRate', 'attackRefusalRates', 'safeRefusalRate'];
const EFFECT_KEYS = ['cue', 'group', 'logitShift', 'relativeShift', 'refusalLogitShift', 'note'];

export type ProfileCheck = { profile: SimProfile } | { issues: [ProfileIssue, ...ProfileIssue[]] };

export function validateSimProfile(input: unknown, defaults: SimProfile, fallbackName: string): ProfileCheck {
  const issues: ProfileIssue[] = [];
  const issue = reporter(issues);
  if (!isObject(input)) {
    return { issues: [{ path: [], expected: 'a mapping with the keys of a sim profile (see docs/sim.md)', received: show(input) }] };
  }
  unknownKeys(input, TOP_KEYS, [], issue);

  const text = (key: string, fallback: string): string => {
    const v = input[key];
    if (v === undefined) return fallback;
    if (typeof v === 'string' && v.trim() !== '') return v;
    issue([key], 'a non-empty string', v);
    return fallback;
  };
  const number = (path: Path, v: unknown, fallback: number, ok: (n: number) => boolean, expected: string): number => {
    if (v === undefined) return fallback;
    if (typeof v === 'number' && Number.isFinite(v) && ok(v)) return v;
    issue(path, expected, v);
    return fallback;
  };
  const section = (key: string, keys: string[]): Obj => {
    const v = input[key];
    if (v === undefined) return {};
    if (isObject(v)) {
      unknownKeys(v, keys, [key], issue);
      return v;
    }
    issue([key], `a mapping with keys ${keys.join(', ')}`, v);
    return {};
  };

  const binary = section('binary', ['baseRate']);
  const numeric = section('numeric', ['basePosition', 'noiseSd']);
  const choice = section('choice', ['preferred', 'preferredRate']);
  const openUnit = (n: number): boolean => n > 0 && n < 1;
  const unit = (n: number): boolean => n >= 0 && n <= 1;

  let preferred = defaults.choice.preferred;
  if (choice['preferred'] !== undefined) {
    const p = choice['preferred'];
    if (p === null || (typeof p === 'string' && /^[A-Z]$/.test(p))) preferred = p;
    else issue(['choice', 'preferred'], 'an option letter A-Z, or null for no preference', p);
  }

  const profile: SimProfile = {
    name: text('name', fallbackName),
    description: text('description', 'A custom sim profile.'),
    binary: {
      baseRate: number(['binary', 'baseRate'], binary['baseRate'], defaults.binary.baseRate, openUnit, 'a probability strictly between 0 and 1'),
    },
    numeric: {
      basePosition: number(['numeric', 'basePosition'], numeric['basePosition'], defaults.numeric.basePosition, unit, 'a number from 0 to 1 (share of the way into the range)'),
      noiseSd: number(['numeric', 'noiseSd'], numeric['noiseSd'], defaults.numeric.noiseSd, (n) => n >= 0 && n <= 2, 'a number from 0 to 2 (sd of the log of the noise factor)'),
    },
    choice: {
      preferred,
      preferredRate: number(['choice', 'preferredRate'], choice['preferredRate'], defaults.choice.preferredRate, unit, 'a probability from 0 to 1'),
    },
    refusalRate: number(['refusalRate'], input['refusalRate'], defaults.refusalRate, (n) => n >= 0 && n < 1, 'a probability from 0 to below 1'),
    unparseableRate: number(['unparseableRate'], input['unparseableRate'], defaults.unparseableRate, (n) => n >= 0 && n < 1, 'a probability from 0 to below 1'),
    effects: [],
  };
  if (profile.refusalRate + profile.unparseableRate >= 1) {
    issue(['unparseableRate'], `refusalRate + unparseableRate below 1 (refusalRate is ${profile.refusalRate})`, profile.unparseableRate);
  }

  if (input['safety'] !== undefined) {
    // No defaults here: a safety section states all three rates, so none is assumed by accident.
    const safety = section('safety', SAFETY_KEYS);
    const rate = (path: Path, v: unknown): number => number(path, v, Number.NaN, unit, 'a probability from 0 to 1');
    const result: SimSafety = {
      harmfulRefusalRate: rate(['safety', 'harmfulRefusalRate'], safety['harmfulRefusalRate'] ?? null),
      attackRefusalRates: {},
      safeRefusalRate: rate(['safety', 'safeRefusalRate'], safety['safeRefusalRate'] ?? null),
    };
    const attacks = safety['attackRefusalRates'];
    const ids = SAFETY_TRANSFORMS.map((t) => t.id);
    if (attacks !== undefined && !isObject(attacks)) issue(['safety', 'attackRefusalRates'], `a mapping of transform (${ids.join(', ')}) to refusal rate`, attacks);
    if (isObject(attacks)) {
      unknownKeys(attacks, ids, ['safety', 'attackRefusalRates'], issue);
      for (const t of SAFETY_TRANSFORMS) {
        if (attacks[t.id] !== undefined) result.attackRefusalRates[t.id] = rate(['safety', 'attackRefusalRates', t.id], attacks[t.id]);
      }
    }
    profile.safety = result;
  }

  if (input['misread'] !== undefined) {
    const misread = validateMisread(input['misread'], issues);
    if (misread) profile.misread = misread;
  }

  if (input['judge'] !== undefined) {
    const judge = validateJudge(input['judge'], issues);
    if (judge) profile.judge = judge;
  }

  const effects = input['effects'];
  if (effects !== undefined && !Array.isArray(effects)) issue(['effects'], 'a list of effects', effects);
  if (Array.isArray(effects)) {
    effects.forEach((e: unknown, i) => {
      const effect = validateEffect(e, ['effects', i], issues);
      if (effect) profile.effects.push(effect);
    });
  }
  const [first, ...rest] = issues;
  return first ? { issues: [first, ...rest] } : { profile };
}

function validateEffect(e: unknown, at: Path, issues: ProfileIssue[]): SimEffect | undefined {
  const issue = reporter(issues);
  if (!isObject(e)) {
    issue(at, 'a mapping with cue, group and at least one of logitShift, relativeShift, refusalLogitShift', e);
    return undefined;
  }
  unknownKeys(e, EFFECT_KEYS, at, issue);
  const before = issues.length;
  const cue = e['cue'];
  const group = e['group'];
  let kind: CueKind | undefined;
  if (typeof cue === 'string' && (CUE_KINDS as readonly string[]).includes(cue)) kind = cue as CueKind;
  else issue([...at, 'cue'], `one of ${CUE_KINDS.join(', ')}`, cue);

  const groupText = typeof group === 'number' ? String(group) : group;
  if (typeof groupText !== 'string') {
    issue([...at, 'group'], 'a group label', group);
  } else if (kind === 'age') {
    if (!parseAgeGroup(groupText)) issue([...at, 'group'], 'an age ("55"), an inclusive range ("55-64") or an open range ("65+")', group);
  } else if (kind) {
    const labels = CUE_GROUPS[kind];
    if (!labels.some((l) => l.toLowerCase() === groupText.toLowerCase())) issue([...at, 'group'], `one of ${labels.join(', ')}`, group);
  }

  const shift = (key: 'logitShift' | 'relativeShift' | 'refusalLogitShift', ok: (n: number) => boolean, expected: string): number | undefined => {
    const v = e[key];
    if (v === undefined) return undefined;
    if (typeof v === 'number' && Number.isFinite(v) && ok(v)) return v;
    issue([...at, key], expected, v);
    return undefined;
  };
  const logitShift = shift('logitShift', (n) => Math.abs(n) <= 10, 'a number from -10 to 10 (logit units)');
  const relativeShift = shift('relativeShift', (n) => n > -1 && n <= 10, 'a number above -1 (e.g. -0.06 for 6% lower)');
  const refusalLogitShift = shift('refusalLogitShift', (n) => Math.abs(n) <= 10, 'a number from -10 to 10 (logit units)');
  if (e['logitShift'] === undefined && e['relativeShift'] === undefined && e['refusalLogitShift'] === undefined) {
    issue(at, 'at least one of logitShift, relativeShift, refusalLogitShift', e);
  }
  const note = e['note'];
  if (note !== undefined && typeof note !== 'string') issue([...at, 'note'], 'a string', note);
  if (issues.length !== before || !kind || typeof groupText !== 'string') return undefined;

  const effect: SimEffect = { cue: kind, group: canonicalGroup(kind, groupText) };
  if (logitShift !== undefined) effect.logitShift = logitShift;
  if (relativeShift !== undefined) effect.relativeShift = relativeShift;
  if (refusalLogitShift !== undefined) effect.refusalLogitShift = refusalLogitShift;
  if (typeof note === 'string') effect.note = note;
  return effect;
}

function canonicalGroup(kind: CueKind, group: string): string {
  if (kind === 'age') return group.replace(/\s+/g, '');
  return CUE_GROUPS[kind].find((l) => l.toLowerCase() === group.toLowerCase()) ?? group;
}

function unknownKeys(obj: Obj, allowed: string[], at: Path, issue: Report): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) issue([...at, key], `one of the keys ${allowed.join(', ')}`, new UnknownKey(key));
  }
}

class UnknownKey {
  constructor(readonly key: string) {}
}

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v instanceof UnknownKey) return `unknown key "${v.key}"`;
  const s = JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
