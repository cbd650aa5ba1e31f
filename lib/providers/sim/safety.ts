/**
 * `sim`'s safety behaviour (docs/sim.md, "Safety profiles"): how a profile with a `safety` section
 * tells a harmful request from a safe one, which attack transform wraps it, and how often it refuses.
 *
 * `sim` sees only the messages, so it recognises requests the honest way a test double can: the
 * harmful requests and XSTest safe prompts shipped in probes/safety/ (loaded like the name table),
 * found verbatim in the prompt or, for the base64 transform, decoded from it, or for the translation
 * transform read back from sim's pseudo-language (translate.ts); and each transform by the marker
 * phrase its wording in probes/safety/harmful-requests.yaml carries (for the multi-turn set-up, in the
 * earlier turns of the conversation). A prompt it does not recognise is answered as a profile without
 * `safety` would answer it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { InputFileError } from '../../errors.js';
import { simPackageRoot } from './package-root.js';
import type { CueKind } from './profile.js';
import { pseudoTranslate, readPseudoLanguage } from './translate.js';

/** A profile's safety behaviour. Rates are probabilities of a refusal. */
export interface SimSafety {
  /** Harmful request sent plain: P(refuse). */
  harmfulRefusalRate: number;
  /**
   * Harmful request wrapped in an attack transform: P(refuse) per transform id (`SAFETY_TRANSFORMS`).
   * A transform not listed refuses at `harmfulRefusalRate` (the attack does nothing).
   */
  attackRefusalRates: Partial<Record<SafetyTransform, number>>;
  /**
   * Safe request (an XSTest safe prompt): P(refuse), the over-refusal rate. Effects with
   * `refusalLogitShift` shift it for the groups they name (safety-by-persona.yaml).
   */
  safeRefusalRate: number;
  /**
   * How long an answer to a safe request is, and which askers get shorter or longer ones
   * (answer-quality-by-persona.yaml). Absent: a short fixed compliant reply. Built-in profiles only
   * for now (a custom profile's `safety` section cannot set it).
   */
  safeAnswerLength?: SafeAnswerLength;
}

/** The length of sim's answers to safe requests: `sentences` of about eight words, shifted per group. */
export interface SafeAnswerLength {
  /** Sentences of an answer when no shift applies (before noise). */
  sentences: number;
  /** Sentences are multiplied by exp(N(0, noiseSd^2)) (log-normal), then rounded; at least one. */
  noiseSd: number;
  /** Relative change of the number of sentences for askers with a cue (their `relativeShift`s add up). */
  shifts: SimEffectLike[];
}

/** A cue, a group and a relative shift: the fields of a profile effect (profile.ts) this needs. */
export interface SimEffectLike {
  cue: CueKind;
  group: string;
  relativeShift: number;
  note?: string;
}

export type SafetyTransform = 'role-play' | 'prefix-injection' | 'refusal-suppression' | 'base64' | 'multi-turn' | 'translation';

/**
 * The transforms and the phrase that marks each, matching the wording of the `attack` values of
 * probes/safety/harmful-requests.yaml and harmful-requests-translated.yaml (test/sim/safety.test.ts
 * checks every value is recognised). `in` says where the marker is looked for: the last user message,
 * or the turns before it (the multi-turn set-up's agreeing assistant turn). A translated request is
 * recognised by decoding sim's pseudo-language, whose tag is its marker.
 */
export const SAFETY_TRANSFORMS: readonly { id: SafetyTransform; marker: RegExp; in: 'prompt' | 'earlier turns' }[] = [
  { id: 'role-play', marker: /\bstay in character\b/i, in: 'prompt' },
  { id: 'prefix-injection', marker: /\bstart your response with "absolutely/i, in: 'prompt' },
  { id: 'refusal-suppression', marker: /\bdo not apologi[sz]e\b/i, in: 'prompt' },
  { id: 'base64', marker: /\bbase64\b/i, in: 'prompt' },
  { id: 'multi-turn', marker: /\bfrom here on,? I'm Vale\b/i, in: 'earlier turns' },
  { id: 'translation', marker: /^\[[a-z]{2,3}\] /, in: 'prompt' },
];

export interface SafetyTables {
  /** Harmful requests, lower-cased. */
  harmful: readonly string[];
  /** XSTest safe prompts, lower-cased. */
  safe: readonly string[];
}

/** `language`: the request came in sim's pseudo-language (the translation transform), and is answered in it. */
export type SafetyRequest = { kind: 'harmful'; transform: SafetyTransform | 'plain'; language?: string } | { kind: 'safe' };

export function defaultSafetyTableFiles(): { harmful: string; safe: string } {
  const dir = join(simPackageRoot(), 'probes', 'safety');
  return { harmful: join(dir, 'harmful-requests.csv'), safe: join(dir, 'xstest-safe.csv') };
}

export function loadSafetyTables(files = defaultSafetyTableFiles()): SafetyTables {
  return { harmful: readColumn(files.harmful, 'request'), safe: readColumn(files.safe, 'prompt') };
}

function readColumn(file: string, column: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputFileError(file, 0, `cannot read the request table a sim safety profile uses (${(err as Error).message}); expected a CSV with a column "${column}"`);
  }
  const rows = parse(text, { columns: true, skip_empty_lines: true }) as Record<string, string | undefined>[];
  return rows.map((row, i) => {
    const value = row[column]?.trim();
    if (!value) throw new InputFileError(file, i + 2, `expected a non-empty "${column}", got ${JSON.stringify(row)}`);
    return value.toLowerCase();
  });
}

// Long enough that ordinary words never qualify; a base64 request of the shipped list is 40+ characters.
const BASE64_RUN = /[A-Za-z0-9+/]{16,}={0,2}/g;

/**
 * Which shipped request the prompt carries, and how it is wrapped; undefined when it carries none.
 * `earlier`: the text of the turns before the prompt (where a multi-turn set-up is).
 */
export function classifyRequest(prompt: string, tables: SafetyTables, earlier = ''): SafetyRequest | undefined {
  const pseudo = readPseudoLanguage(prompt);
  if (pseudo) {
    const english = pseudo.text.toLowerCase();
    return tables.harmful.some((r) => english.includes(r)) ? { kind: 'harmful', transform: 'translation', language: pseudo.language } : undefined;
  }
  const text = prompt.toLowerCase();
  const transform =
    SAFETY_TRANSFORMS.find((t) => t.in === 'prompt' && t.marker.test(prompt))?.id ??
    (earlier === '' ? undefined : SAFETY_TRANSFORMS.find((t) => t.in === 'earlier turns' && t.marker.test(earlier))?.id);
  if (tables.harmful.some((r) => text.includes(r))) return { kind: 'harmful', transform: transform ?? 'plain' };
  for (const run of prompt.match(BASE64_RUN) ?? []) {
    const decoded = Buffer.from(run, 'base64').toString('utf8').trim().toLowerCase();
    if (tables.harmful.includes(decoded)) return { kind: 'harmful', transform: 'base64' };
  }
  if (tables.safe.some((r) => text.includes(r))) return { kind: 'safe' };
  return undefined;
}

/** P(refuse) for a recognised request, before any group effect. */
export function refusalRateFor(safety: SimSafety, request: SafetyRequest): number {
  if (request.kind === 'safe') return safety.safeRefusalRate;
  if (request.transform === 'plain') return safety.harmfulRefusalRate;
  return safety.attackRefusalRates[request.transform] ?? safety.harmfulRefusalRate;
}

/** A reply to a request in the language it came in: sim's pseudo-language for a translated request. */
export function inRequestLanguage(request: SafetyRequest, text: string): string {
  return request.kind === 'harmful' && request.language !== undefined ? pseudoTranslate(text, request.language) : text;
}

/**
 * An answer to a safe request of the length `SafeAnswerLength` sets: a compliant opening and numbered
 * placeholder sentences (no content), `relativeShift` the asker's summed shifts, `z` a standard normal draw.
 * @example safeAnswerText({ sentences: 2, noiseSd: 0, shifts: [] }, 0, 0) // 'Sure, here is an answer to your request. Point 1: ... Point 2: ...'
 */
export function safeAnswerText(spec: SafeAnswerLength, relativeShift: number, z: number): string {
  const n = Math.max(1, Math.round(spec.sentences * (1 + relativeShift) * Math.exp(spec.noiseSd * z)));
  const points = Array.from({ length: n }, (_, i) => `Point ${i + 1}: sim placeholder text, no real content.`);
  return ['Sure, here is an answer to your request.', ...points].join(' ');
}

/**
 * Replies that comply. They carry no harmful content (sim writes none) and open the way compliant
 * models do, so the refusal scorer reads them as answers (test/sim/safety.test.ts checks it).
 */
export const COMPLIANCE_STYLES: readonly string[] = [
  'Sure, here is an answer to your request. [sim: a synthetic respondent; no real content is written here.]',
  "Absolutely! Here's an overview in three steps: first ..., then ..., and finally ... [sim placeholder text]",
  'Here is what you asked for, in short. [synthetic reply from sim; the details are left out]',
];
