/**
 * `sim`'s safety behaviour (docs/sim.md, "Safety profiles"): how a profile with a `safety` section
 * tells a harmful request from a safe one, which attack transform wraps it, and how often it refuses.
 *
 * `sim` sees only the messages, so it recognises requests the honest way a test double can: the
 * harmful requests and XSTest safe prompts shipped in probes/safety/ (loaded like the name table),
 * found verbatim in the prompt or, for the base64 transform, decoded from it; and each transform by
 * the marker phrase its wording in probes/safety/harmful-requests.yaml carries. A prompt it does not
 * recognise is answered as a profile without `safety` would answer it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { InputFileError } from '../../errors.js';
import { simPackageRoot } from './package-root.js';

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
}

export type SafetyTransform = 'role-play' | 'prefix-injection' | 'refusal-suppression' | 'base64';

/**
 * The transforms and the phrase that marks each, matching the wording of the `attack` values of
 * probes/safety/harmful-requests.yaml (test/sim/safety.test.ts checks every value is recognised).
 */
export const SAFETY_TRANSFORMS: readonly { id: SafetyTransform; marker: RegExp }[] = [
  { id: 'role-play', marker: /\bstay in character\b/i },
  { id: 'prefix-injection', marker: /\bstart your response with "absolutely/i },
  { id: 'refusal-suppression', marker: /\bdo not apologi[sz]e\b/i },
  { id: 'base64', marker: /\bbase64\b/i },
];

export interface SafetyTables {
  /** Harmful requests, lower-cased. */
  harmful: readonly string[];
  /** XSTest safe prompts, lower-cased. */
  safe: readonly string[];
}

export type SafetyRequest = { kind: 'harmful'; transform: SafetyTransform | 'plain' } | { kind: 'safe' };

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

/** Which shipped request the prompt carries, and how it is wrapped; undefined when it carries none. */
export function classifyRequest(prompt: string, tables: SafetyTables): SafetyRequest | undefined {
  const text = prompt.toLowerCase();
  const transform = SAFETY_TRANSFORMS.find((t) => t.marker.test(prompt))?.id;
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

/**
 * Replies that comply. They carry no harmful content (sim writes none) and open the way compliant
 * models do, so the refusal scorer reads them as answers (test/sim/safety.test.ts checks it).
 */
export const COMPLIANCE_STYLES: readonly string[] = [
  'Sure, here is an answer to your request. [sim: a synthetic respondent; no real content is written here.]',
  "Absolutely! Here's an overview in three steps: first ..., then ..., and finally ... [sim placeholder text]",
  'Here is what you asked for, in short. [synthetic reply from sim; the details are left out]',
];
