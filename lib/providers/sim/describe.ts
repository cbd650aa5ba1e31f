/**
 * Plain-text account of a profile for `bias-audit sim --describe`: what `sim` answers, every effect,
 * the noise, and that it is synthetic.
 */
import { CUE_KINDS, type CueKind, type SimEffect, type SimProfile } from './profile.js';
import { describeMisread } from './misread.js';
import { describeJudge } from './judge.js';
import { NO_STYLES, YES_STYLES } from './replies.js';
import { SAFETY_TRANSFORMS } from './safety.js';

const logistic = (x: number): number => 1 / (1 + Math.exp(-x));
const logit = (p: number): number => Math.log(p / (1 - p));
const pct = (p: number): string => `${(p * 100).toFixed(1)}%`;
const signed = (x: number, digits: number): string => `${x >= 0 ? '+' : '-'}${Math.abs(x).toFixed(digits)}`;

export function describeSimProfile(p: SimProfile): string {
  const base = p.binary.baseRate;
  const lines: string[] = [
    `sim:${p.name} — a synthetic respondent, not a language model`,
    p.description.trim(),
    '',
    'What it answers (read from the last user message):',
    `  yes/no ("... yes or no"):     "yes" with P = ${base.toFixed(2)} when no effect applies; P(yes) = logistic(logit(${base.toFixed(2)}) + sum of logit shifts)`,
    `  numeric ("between X and Y"):  X + ${pct(p.numeric.basePosition)} of (Y - X), times (1 + sum of relative shifts), times exp(N(0, ${p.numeric.noiseSd}^2)); rounded to about 1/100 of the range's order of magnitude and kept within [X, Y]`,
    `  multiple choice ("(A) ..."):  ${
      p.choice.preferred === null || p.choice.preferredRate === 0
        ? 'an option drawn uniformly'
        : `"${p.choice.preferred}" with probability ${p.choice.preferredRate.toFixed(2)} when it is an option, otherwise an option drawn uniformly`
    }`,
    '  anything else:                a short generic reply',
    '',
  ];
  if (p.safety) {
    const s = p.safety;
    lines.push(
      'Safety (the harmful requests and XSTest safe prompts of probes/safety/, recognised verbatim, base64-encoded or in sim\'s pseudo-language):',
      `  ${'harmful request, plain:'.padEnd(38)} refused ${pct(s.harmfulRefusalRate)}`,
      ...SAFETY_TRANSFORMS.map((t) => `  ${`harmful request, ${t.id}:`.padEnd(38)} refused ${pct(s.attackRefusalRates[t.id] ?? s.harmfulRefusalRate)} (attack success ${pct(1 - (s.attackRefusalRates[t.id] ?? s.harmfulRefusalRate))})`),
      `  ${'safe request:'.padEnd(38)} refused ${pct(s.safeRefusalRate)} (over-refusal), shifted by the refusal effects below`,
      '  A translated request ("[zu] " and shifted letters) is answered in the same pseudo-language: score the back-translation.',
      ...(s.safeAnswerLength
        ? [
            `  answer to a safe request: ${s.safeAnswerLength.sentences} sentences of about 8 words, times exp(N(0, ${s.safeAnswerLength.noiseSd}^2))` +
              (s.safeAnswerLength.shifts.length === 0 ? '' : `; ${s.safeAnswerLength.shifts.map((e) => `${e.cue} = ${e.group} ${signed(e.relativeShift * 100, 0)}%`).join(', ')}`),
          ]
        : []),
      '',
    );
  }

  if (p.effects.length === 0) {
    lines.push('Effects: none. Every group (race, gender, age, religion, disability) gets the same answer distribution.');
  } else {
    lines.push('Effects (a cue in the system prompt or last user message applies its effect; matching shifts add up):');
    for (const e of p.effects) lines.push(`  ${describeEffect(e, base, p.refusalRate)}`);
    lines.push(
      `  no effect on yes/no answers:   ${untouched(p.effects, 'logitShift')}`,
      `  no effect on numeric answers:  ${untouched(p.effects, 'relativeShift')}`,
      `  no effect on refusals:         ${untouched(p.effects, 'refusalLogitShift')}`,
    );
  }
  if (p.misread) lines.push('', ...describeMisread(p.misread));
  lines.push('', ...describeJudge(p));
  lines.push(
    '',
    'As a translator (--translator sim:<profile>, any profile): text into language L becomes "[L] " and its letters shifted',
    'by a number of places set by L (never 13); text from L into English is shifted back. Deterministic and reversible.',
  );
  lines.push(
    '',
    'Noise (the same for every group unless an effect above shifts refusals):',
    `  refusals ${pct(p.refusalRate)} ("I'm sorry, but I can't ..."), unparseable replies ${pct(p.unparseableRate)} ("It depends on many factors that are not given.")`,
    `  answers in ${YES_STYLES.length} yes and ${NO_STYLES.length} no styles (plain, markdown, "yes, because ...", "..., so no"), several number and letter styles`,
    `  numeric answers: log-normal factor, sd ${p.numeric.noiseSd} (about ±${pct(p.numeric.noiseSd)})`,
    '',
    'Cues it recognises: first names from probes/attributes/first-names.csv (race and gender), explicit ages ("45-year-old",',
    '"aged 45", "45 years old"), religion words, disability phrases, gender words (woman/man, she/he ...), capitalised',
    'race words (Black, White, Hispanic/Latino, Asian), stated sexual orientations (gay, lesbian, bisexual, "straight man" ...),',
    'capitalised nationality adjectives (American, British, German, Mexican, Nigerian, Indian, Chinese, Syrian) and',
    'class phrases (low-income, working class, middle class, upper class/wealthy). Anything else in a prompt has no effect.',
    '',
    'Synthetic: each answer is drawn by a seeded random generator from (seed, messages, sample index) according to this',
    'profile. It is for demos, tests and measuring the detectors. It is not a language model, and its results say nothing',
    'about any real model.',
  );
  return lines.join('\n');
}

function describeEffect(e: SimEffect, base: number, refusalRate: number): string {
  const parts: string[] = [];
  if (e.logitShift !== undefined) parts.push(`yes/no logit ${signed(e.logitShift, 2)} (P(yes) ${base.toFixed(2)} -> ${logistic(logit(base) + e.logitShift).toFixed(2)})`);
  if (e.relativeShift !== undefined) parts.push(`numeric ${signed(e.relativeShift * 100, 1)}%`);
  if (e.refusalLogitShift !== undefined) {
    const to = refusalRate > 0 ? logistic(logit(refusalRate) + e.refusalLogitShift) : 0;
    parts.push(`refusal logit ${signed(e.refusalLogitShift, 2)} (refusals ${pct(refusalRate)} -> ${pct(to)})`);
  }
  const group = e.cue === 'age' ? `age ${e.group}` : `${e.cue} = ${e.group}`;
  return `${group.padEnd(30)} ${parts.join('; ')}${e.note ? ` — ${e.note}` : ''}`;
}

function untouched(effects: readonly SimEffect[], key: 'logitShift' | 'relativeShift' | 'refusalLogitShift'): string {
  const shifted = new Set<CueKind>(effects.filter((e) => e[key] !== undefined && e[key] !== 0).map((e) => e.cue));
  const none = CUE_KINDS.filter((k) => !shifted.has(k));
  return none.length ? none.join(', ') : '(every cue kind has an effect)';
}
