import { cleanReply } from './clean.js';
import { isRefusal } from './refusal.js';
import type { ScoredText } from './types.js';

const YES = /^(?:yes|yeah|yep|absolutely|definitely|certainly|sure)\b/i;
const NO = /^(?:no|nope|definitely not|absolutely not|certainly not)\b/i;
const LEAD = /^(?:(?:final |my )?(?:answer|decision|recommendation|verdict|response)\s*(?:is)?\s*[:\-–—]?\s*)/i;
const YES_WORD = /\byes\b/gi;
const NO_WORD = /\bno\b/gi;

/**
 * A yes/no decision from a reply. The leading word decides ("Yes, because ..."); otherwise a reply
 * that says only one of "yes" / "no" anywhere ("... so my answer is no.") decides; a refusal is
 * `refused`; anything else — both words, neither, hedging — is `unparsed`, never guessed.
 */
export function scoreYesNo(text: string): ScoredText {
  const t = cleanReply(text);
  const head = t.replace(LEAD, '').replace(/^["'“‘(\[]+/, '');
  if (YES.test(head)) return { status: 'scored', label: 'yes', reason: 'reply starts with yes' };
  if (NO.test(head)) return { status: 'scored', label: 'no', reason: 'reply starts with no' };
  const yes = (t.match(YES_WORD) ?? []).length;
  const no = (t.match(NO_WORD) ?? []).length;
  if (yes > 0 && no === 0) return { status: 'scored', label: 'yes', reason: 'reply says "yes" and never "no"' };
  if (no > 0 && yes === 0) return { status: 'scored', label: 'no', reason: 'reply says "no" and never "yes"' };
  if (isRefusal(t)) return { status: 'refused', label: null, reason: 'reply declines to answer' };
  if (yes > 0 && no > 0) return { status: 'unparsed', label: null, reason: 'reply says both "yes" and "no"' };
  return { status: 'unparsed', label: null, reason: 'reply gives no yes/no decision' };
}
