/**
 * The synthetic respondent: from a chat request, a profile and a seed, draw one reply. Pure and
 * deterministic: the same (seed, messages, sample index) always gives the same reply, and different
 * sample indices give independent draws.
 */
import type { ChatMessage } from '../../types.js';
import { detectAnswerFormat, type AnswerFormat } from './answer-format.js';
import { findCues, type Cue } from './cues.js';
import { simVerdict } from './judge.js';
import { misreadText } from './misread.js';
import type { NameTable } from './name-table.js';
import { parseAgeGroup, type SimEffect, type SimProfile } from './profile.js';
import {
  CHOICE_STYLES,
  GENERIC_REPLIES,
  NO_STYLES,
  NUMBER_STYLES,
  REFUSAL_STYLES,
  RESERVED_STYLES,
  THOUSANDS_STYLE,
  UNPARSEABLE_STYLES,
  WARM_STYLES,
  YES_STYLES,
  pick,
} from './replies.js';
import { normalFrom, rngFromString } from './rng.js';
import { COMPLIANCE_STYLES, classifyRequest, inRequestLanguage, refusalRateFor, safeAnswerText, type SafetyTables } from './safety.js';
import { simTranslate } from './translate.js';

export interface SimReply {
  text: string;
  /** `open`: an open-ended request ("... in two sentences"), answered in a warm or reserved tone. */
  format: AnswerFormat['kind'] | 'open';
  /** What the reply says: an answer, a refusal, a reply with no readable answer, or a generic reply. */
  kind: 'answer' | 'refusal' | 'unparseable' | 'generic';
  /** 'yes' / 'no', the number as a string, the option letter, or 'warm' / 'reserved'; null unless kind is 'answer'. */
  answer: string | null;
  cues: Cue[];
  /** The profile's effects that matched a cue. */
  effects: SimEffect[];
}

export interface RespondInput {
  messages: readonly ChatMessage[];
  seed: number;
  sampleIndex: number;
}

// An open-ended request: a reply of a few sentences or words, as the built-in text probe sets ask.
const OPEN_ENDED = /\bin (?:one|two|three|four|five|a few|\d) (?:short )?sentences?\b|\bin (?:at most|no more than|about|under) \d+ words\b/i;

/** True when a prompt asks for an open-ended reply of a few sentences or words. */
export function isOpenEnded(text: string): boolean {
  return OPEN_ENDED.test(text);
}

const logistic = (x: number): number => 1 / (1 + Math.exp(-x));
const logit = (p: number): number => Math.log(p / (1 - p));

/** `safety`: the request tables of probes/safety/, needed when the profile has a `safety` section. */
export function respond(profile: SimProfile, names: NameTable, input: RespondInput, safety?: SafetyTables): SimReply {
  // Asked to translate (sim as the translator of lib/transforms): a pseudo-translation, whatever the profile.
  const translation = simTranslate(input.messages);
  if (translation !== undefined) return { text: translation, format: 'unknown', kind: 'generic', answer: null, cues: [], effects: [] };
  // Asked to grade a reply (sim as the LLM judge of lib/judge): REFUSED or ANSWERED, whatever the profile's other rates.
  const verdict = simVerdict(profile, input.messages, input.seed);
  if (verdict !== undefined) return { text: verdict.text, format: 'unknown', kind: 'answer', answer: verdict.text.toLowerCase(), cues: [], effects: [] };
  const lastUser = [...input.messages].reverse().find((m) => m.role === 'user') ?? input.messages[input.messages.length - 1];
  const question = lastUser?.content ?? '';
  const system = input.messages.filter((m) => m.role === 'system').map((m) => m.content);
  const cues = findCues([...system, question].join('\n'), names);
  const effects = profile.effects.filter((e) => cues.some((c) => matches(e, c)));
  const format = detectAnswerFormat(question);

  // Always draw the same six numbers in the same order, whatever the branch, so two profiles run
  // with one seed differ only where their rates differ (common random numbers).
  const rng = rngFromString(`${input.seed}\u0001${input.sampleIndex}\u0001${input.messages.map((m) => `${m.role}\u0002${m.content}`).join('\u0003')}`);
  const [uNoise, uDecision, uStyle, uNormal1, uNormal2, uPick] = [rng(), rng(), rng(), rng(), rng(), rng()] as const;

  const open = format.kind === 'unknown' && OPEN_ENDED.test(question);
  const base = { format: open ? ('open' as const) : format.kind, cues, effects };

  // A shipped harmful or safe request under a safety profile: refuse at the rate for that request and
  // transform, shifted by refusal effects (a group over-refused more); otherwise comply. No other noise.
  const earlier = input.messages.slice(0, input.messages.lastIndexOf(lastUser as ChatMessage)).map((m) => m.content).join('\n');
  const request = profile.safety && safety ? classifyRequest(question, safety, earlier) : undefined;
  if (profile.safety && request) {
    const rate = refusalRateFor(profile.safety, request);
    const shift = sum(effects, 'refusalLogitShift');
    const p = shift === 0 || rate <= 0 || rate >= 1 ? rate : logistic(logit(rate) + shift);
    // An answer to a safe request has the profile's length, shifted for the asker (answer-quality-by-persona.yaml).
    const length = request.kind === 'safe' ? profile.safety.safeAnswerLength : undefined;
    const lengthShift = length ? length.shifts.filter((e) => cues.some((c) => matches(e, c))).reduce((a, e) => a + e.relativeShift, 0) : 0;
    const answer = length ? safeAnswerText(length, lengthShift, normalFrom(uNormal1, uNormal2)) : pick(COMPLIANCE_STYLES, uStyle);
    return uNoise < p
      ? { ...base, kind: 'refusal', answer: null, text: inRequestLanguage(request, pick(REFUSAL_STYLES, uStyle)) }
      : { ...base, kind: 'answer', answer: 'answered', text: inRequestLanguage(request, answer) };
  }
  if (format.kind === 'unknown' && !open) return { ...base, kind: 'generic', answer: null, text: pick(GENERIC_REPLIES, uStyle) };

  const refusalShift = sum(effects, 'refusalLogitShift');
  const pRefuse = refusalShift === 0 || profile.refusalRate <= 0 ? profile.refusalRate : logistic(logit(profile.refusalRate) + refusalShift);
  if (uNoise < pRefuse) return { ...base, kind: 'refusal', answer: null, text: pick(REFUSAL_STYLES, uStyle) };
  if (uNoise < pRefuse + profile.unparseableRate) return { ...base, kind: 'unparseable', answer: null, text: pick(UNPARSEABLE_STYLES, uStyle) };

  switch (format.kind) {
    case 'unknown': {
      // Only an open-ended request gets here. The tone follows the yes/no logit shifts: a group
      // answered "no" more often is also described less warmly, with the same
      // P(warm) = logistic(logit(binary.baseRate) + sum of logit shifts).
      const warm = uDecision < logistic(logit(profile.binary.baseRate) + sum(effects, 'logitShift'));
      return { ...base, kind: 'answer', answer: warm ? 'warm' : 'reserved', text: pick(warm ? WARM_STYLES : RESERVED_STYLES, uStyle) };
    }
    case 'yes-no': {
      const pYes = logistic(logit(profile.binary.baseRate) + sum(effects, 'logitShift'));
      const yes = uDecision < pYes;
      // `misread` (misread.ts): the same answer in wording the yes/no scorer reads the other way.
      const misread = misreadText(profile.misread, yes ? 'yes' : 'no', cues, rng, uStyle);
      return { ...base, kind: 'answer', answer: yes ? 'yes' : 'no', text: misread ?? pick(yes ? YES_STYLES : NO_STYLES, uStyle) };
    }
    case 'numeric': {
      const { min, max } = format;
      const centre = min + profile.numeric.basePosition * (max - min);
      const raw = centre * (1 + sum(effects, 'relativeShift')) * Math.exp(profile.numeric.noiseSd * normalFrom(uNormal1, uNormal2));
      const step = roundingStep(min, max);
      const value = Math.min(max, Math.max(min, Math.round(raw / step) * step));
      return { ...base, kind: 'answer', answer: formatPlain(value, step), text: numberText(value, step, question, uStyle) };
    }
    case 'choice': {
      const { preferred, preferredRate } = profile.choice;
      const favoured = format.options.find((o) => o.letter === preferred);
      const option = favoured && uDecision < preferredRate ? favoured : pick(format.options, uPick);
      const text = pick(CHOICE_STYLES, uStyle).replace('{l}', option.letter).replace('{t}', option.text);
      return { ...base, kind: 'answer', answer: option.letter, text };
    }
  }
}

function matches(effect: Pick<SimEffect, 'cue' | 'group'>, cue: Cue): boolean {
  if (effect.cue !== cue.kind) return false;
  if (cue.kind === 'age') {
    const range = parseAgeGroup(effect.group);
    const age = Number(cue.group);
    return range !== undefined && age >= range.min && age <= range.max;
  }
  return effect.group.toLowerCase() === cue.group.toLowerCase();
}

function sum(effects: readonly SimEffect[], key: 'logitShift' | 'relativeShift' | 'refusalLogitShift'): number {
  return effects.reduce((s, e) => s + (e[key] ?? 0), 0);
}

/** A plausible rounding for the range: about 1/100 of its order of magnitude, whole numbers for whole bounds. */
export function roundingStep(min: number, max: number): number {
  const step = 10 ** (Math.floor(Math.log10(max - min)) - 2);
  return Number.isInteger(min) && Number.isInteger(max) ? Math.max(1, step) : step;
}

function decimals(step: number): number {
  return step >= 1 ? 0 : Math.ceil(-Math.log10(step) - 1e-9);
}

function formatPlain(value: number, step: number): string {
  return value.toFixed(decimals(step));
}

function numberText(value: number, step: number, question: string, u: number): string {
  const d = decimals(step);
  const grouped = new Intl.NumberFormat('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }).format(value);
  const currency = /\$|\bdollars?\b|\bUSD\b/i.test(question) ? '$' : '';
  const styles = value >= 10_000 && value % 1000 === 0 ? [...NUMBER_STYLES, THOUSANDS_STYLE] : NUMBER_STYLES;
  return pick(styles, u)
    .replace('{n}', formatPlain(value, step))
    .replace('{v}', grouped)
    .replace('{k}', String(value / 1000))
    .replace('{c}', currency);
}
