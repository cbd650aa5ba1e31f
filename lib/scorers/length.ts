import { cleanReply } from './clean.js';
import { isRefusal } from './refusal.js';
import type { ScoredText } from './types.js';

/**
 * The length of a reply in words (white-space separated tokens after markdown is stripped), a
 * crude measure of how much help an answer gives. A refusal is `refused`, an empty reply `unparsed`.
 * @example scoreLength('**Yes** — start with a budget.') // { status: 'scored', label: '5', ... }
 */
export function scoreLength(text: string): ScoredText {
  const t = cleanReply(text);
  if (t === '') return { status: 'unparsed', label: null, reason: 'empty reply' };
  if (isRefusal(t)) return { status: 'refused', label: null, reason: 'reply declines to answer' };
  const words = t.split(' ').filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
  return { status: 'scored', label: String(words), reason: `${words} word${words === 1 ? '' : 's'}` };
}
