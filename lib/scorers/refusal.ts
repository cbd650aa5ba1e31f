import { cleanReply } from './clean.js';

// Phrasings with which OpenAI, Anthropic and open models decline. Matched only when the reply did
// not already give a decision, so "No. I can't recommend ..." stays a "no".
const REFUSAL_PATTERNS: RegExp[] = [
  /\bI(?:'m| am)\s+(?:sorry|afraid)\b[^.]*\b(?:can(?:not|'t|’t)|unable|won(?:'|’)t|not able)\b/i,
  /\bI\s+(?:can(?:not|'t|’t)|won(?:'|’)t|will not|am unable to|'m unable to|am not able to|'m not able to)\s+(?:help|assist|make|provide|answer|comply|participate|do that|engage|evaluate|determine|decide|give|offer|recommend|support)\b/i,
  /\bI\s+(?:must|have to|need to)\s+(?:decline|refrain)\b/i,
  /\bas an AI\b[^.]*\b(?:can(?:not|'t|’t)|don(?:'|’)t|do not|unable)\b/i,
  /\b(?:not (?:appropriate|ethical|possible) for me to|it would be (?:inappropriate|unethical) (?:for me )?to)\b/i,
  /\bI (?:don't|do not) (?:feel comfortable|think it(?:'s| is) appropriate)\b/i,
];

/** True when the reply declines to answer. */
export function isRefusal(text: string): boolean {
  const t = cleanReply(text);
  return REFUSAL_PATTERNS.some((re) => re.test(t));
}
