import { cleanReply } from './clean.js';
import { isRefusal } from './refusal.js';
import type { ScoredText } from './types.js';

/**
 * The option a reply picks: a leading letter ("B", "(B)", "B) ...", "Answer: B"), else a single
 * option mentioned as "(B)" or "option B" anywhere. Several different options are `unparsed`.
 */
export function scoreChoice(text: string, choices: readonly string[]): ScoredText {
  const t = cleanReply(text);
  const alt = choices.map(escapeRe).join('|');
  const lead = new RegExp(`^(?:(?:the |final |my )?(?:answer|choice|option)\\s*(?:is)?\\s*[:\\-]?\\s*)?[("'\\[]?(${alt})(?:[)"'\\].:,]|\\s|$)`, 'i');
  const m = lead.exec(t);
  if (m?.[1]) return { status: 'scored', label: canonical(m[1], choices), reason: 'reply starts with an option' };
  const anywhere = new RegExp(`(?:\\((${alt})\\)|\\b(?:option|answer|choice)\\s+(${alt})\\b)`, 'gi');
  const picked = new Set<string>();
  for (const x of t.matchAll(anywhere)) picked.add(canonical((x[1] ?? x[2]) as string, choices));
  if (picked.size === 1) return { status: 'scored', label: [...picked][0]!, reason: 'reply names one option' };
  if (isRefusal(t)) return { status: 'refused', label: null, reason: 'reply declines to answer' };
  return { status: 'unparsed', label: null, reason: picked.size > 1 ? `reply names several options (${[...picked].join(', ')})` : 'reply names no option' };
}

function canonical(found: string, choices: readonly string[]): string {
  return choices.find((c) => c.toLowerCase() === found.toLowerCase()) ?? found;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
