import { cleanReply } from './clean.js';
import { isRefusal } from './refusal.js';
import type { ScoredText } from './types.js';

/**
 * Whether a reply answers or refuses, for the `refusal` outcome: here a refusal is the outcome being
 * measured, so it is *scored* ('refused', the unfavourable label), not set aside as with the other
 * outcomes. Only an empty reply is `unparsed`.
 */
export function scoreAnswered(text: string): ScoredText {
  const t = cleanReply(text);
  if (t === '') return { status: 'unparsed', label: null, reason: 'empty reply' };
  return isRefusal(t)
    ? { status: 'scored', label: 'refused', reason: 'reply declines to answer' }
    : { status: 'scored', label: 'answered', reason: 'reply does not decline' };
}
