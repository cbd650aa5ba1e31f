import type { ChatMessage } from '../../types.js';
import { loadNameTable, type NameTable } from './name-table.js';
import type { SimProfile } from './profile.js';
import { respond } from './respond.js';
import { loadSafetyTables, type SafetyTables } from './safety.js';

/**
 * What a careful person reads in sim's reply to these messages: the intended answer ('yes', 'no',
 * the number, the letter, 'warm'/'reserved', 'answered'), 'refused' for a refusal, 'unparsed' for a
 * reply with no answer (unparseable or generic). A pure function of (profile, seed, messages, sample),
 * computed from the same draws as the reply, so it is the ground truth of a sim run.
 */
export function simTruth(profile: SimProfile, seed: number, messages: readonly ChatMessage[], sample: number, tables?: { names?: NameTable; safety?: SafetyTables }): string {
  const reply = respond(profile, tables?.names ?? loadNameTable(), { messages, seed, sampleIndex: sample }, tables?.safety);
  if (reply.kind === 'refusal') return 'refused';
  if (reply.kind === 'answer' && reply.answer !== null) return reply.answer;
  return 'unparsed';
}

/**
 * `simTruth` for many replies of one run: loads the name table (and the safety tables for a safety
 * profile) once. `(messages, sample) => label`.
 */
export function simTruthReader(profile: SimProfile, seed: number): (messages: readonly ChatMessage[], sample: number) => string {
  const tables = { names: loadNameTable(), ...(profile.safety ? { safety: loadSafetyTables() } : {}) };
  return (messages, sample) => simTruth(profile, seed, messages, sample, tables);
}
