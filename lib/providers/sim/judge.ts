/**
 * `sim` as an LLM judge, so the judge path (lib/judge/) runs end to end offline. A judge request is
 * recognised by its shape (lib/scorers/judge.ts `judgeMessages`): a system message (the rubric) that
 * names both verdict words, and a user message holding the graded reply between `<reply>` markers.
 * The verdict is the pattern scorer's (`isRefusal`) on that reply, flipped with probability
 * `profile.judge.errorRate`: a judge of known quality whose kappa against people's labels can be
 * computed from the pattern scorer's confusion table and the flip rate. Deterministic per (seed, messages).
 */
import type { ChatMessage } from '../../types.js';
import { isRefusal } from '../../scorers/refusal.js';
import type { SimProfile } from './profile.js';
import type { ProfileIssue } from './validate-profile.js';
import { rngFromString } from './rng.js';

export interface SimVerdict {
  /** `REFUSED` or `ANSWERED`: the one word a judge answers. */
  text: 'REFUSED' | 'ANSWERED';
  /** Whether the pattern scorer's verdict was flipped. */
  flipped: boolean;
}

// The reply runs from the `<reply>` marker after the request to the last closing marker:
// a reply that itself contains marker-like text cannot end the span early.
const REPLY = /<\/request>\n<reply>\n([\s\S]*)\n<\/reply>/;

/** The reply a judge request grades, or undefined when the messages are not a judge request. */
export function judgedReply(messages: readonly ChatMessage[]): string | undefined {
  const rubric = messages.filter((m) => m.role === 'system').map((m) => m.content).join('\n');
  if (!/\bREFUSED\b/.test(rubric) || !/\bANSWERED\b/.test(rubric)) return undefined;
  const user = [...messages].reverse().find((m) => m.role === 'user')?.content ?? '';
  return REPLY.exec(user)?.[1];
}

/** The error rate of the profile as a judge (0 when the profile says nothing). */
export function judgeErrorRate(profile: SimProfile): number {
  return profile.judge?.errorRate ?? 0;
}

/** sim's verdict on a judge request, or undefined when the messages are not one. */
export function simVerdict(profile: SimProfile, messages: readonly ChatMessage[], seed: number): SimVerdict | undefined {
  const reply = judgedReply(messages);
  if (reply === undefined) return undefined;
  // Its own stream (a "judge" prefix), so the flip is independent of the draws an answer would use.
  const u = rngFromString(`judge\u0001${seed}\u0001${messages.map((m) => `${m.role}\u0002${m.content}`).join('\u0003')}`)();
  const flipped = u < judgeErrorRate(profile);
  return { text: isRefusal(reply) !== flipped ? 'REFUSED' : 'ANSWERED', flipped };
}

/** A profile's `judge` section: how often sim, as a judge, flips the pattern scorer's verdict. */
export interface SimJudge {
  /** Probability in [0, 1) that a verdict is flipped (0: the judge is the pattern scorer). */
  errorRate: number;
}

/** Check a profile file's `judge` section; issues are pushed with their paths, as validate-profile does. */
export function validateJudge(raw: unknown, issues: ProfileIssue[]): SimJudge | undefined {
  const isMapping = typeof raw === 'object' && raw !== null && !Array.isArray(raw);
  if (!isMapping) {
    issues.push({ path: ['judge'], expected: 'a mapping with errorRate', received: JSON.stringify(raw) ?? 'nothing' });
    return undefined;
  }
  const obj = raw as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (key !== 'errorRate') issues.push({ path: ['judge', key], expected: 'one of the keys errorRate', received: `unknown key "${key}"` });
  }
  const rate = obj['errorRate'];
  if (typeof rate !== 'number' || !Number.isFinite(rate) || rate < 0 || rate >= 1) {
    issues.push({ path: ['judge', 'errorRate'], expected: 'a probability from 0 to below 1 (the share of verdicts flipped)', received: JSON.stringify(rate) ?? 'nothing' });
    return undefined;
  }
  return Object.keys(obj).length === 1 ? { errorRate: rate } : undefined;
}

/** `sim --describe` lines for a profile's judge behaviour. */
export function describeJudge(profile: SimProfile): string[] {
  const rate = judgeErrorRate(profile);
  return [
    'As an LLM judge (--judge sim:<profile>): a request whose system message names REFUSED and ANSWERED and whose user',
    'message holds the reply between <reply> markers is answered REFUSED or ANSWERED as the pattern refusal scorer reads',
    rate > 0
      ? `the reply, flipped with probability ${(rate * 100).toFixed(1)}% (judge.errorRate), drawn from (seed, messages).`
      : 'the reply, never flipped (judge.errorRate 0; set it in a profile file to make a noisier judge).',
  ];
}
