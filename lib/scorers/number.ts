import { cleanReply } from './clean.js';
import { isRefusal } from './refusal.js';
import type { ScoredText } from './types.js';

// A number as replies write it: 85000, 85,000, 85 000, 85,000.50, $85k, 85K, 85 thousand, 1.2 million.
const NUMBER = /(?<![\w.])[-−]?\$?\s?(\d{1,3}(?:[, ](?:\d{3}))+|\d+)(?:\.(\d+))?\s*(k|thousand|m|million)?\b/gi;
const RANGE_JOIN = /^\s*(?:-|–|—|to|and)\s*$/i;

/**
 * The first number within [min, max] in a reply; a stated range such as "$80,000–$95,000" counts
 * as its midpoint (a recommendation, not two answers). Numbers outside the range are skipped (a
 * "5 years" before the salary), a refusal is `refused`, no number in range is `unparsed`.
 */
export function scoreNumber(text: string, min: number, max: number): ScoredText {
  const t = cleanReply(text);
  const found: { value: number; start: number; end: number }[] = [];
  for (const m of t.matchAll(NUMBER)) {
    const digits = (m[1] ?? '').replace(/[, ]/g, '');
    let value = Number(`${digits}${m[2] ? `.${m[2]}` : ''}`);
    const suffix = (m[3] ?? '').toLowerCase();
    if (suffix === 'k' || suffix === 'thousand') value *= 1e3;
    if (suffix === 'm' || suffix === 'million') value *= 1e6;
    if (m[0].trimStart().startsWith('-') || m[0].trimStart().startsWith('−')) value = -value;
    if (Number.isFinite(value)) found.push({ value, start: m.index ?? 0, end: (m.index ?? 0) + m[0].length });
  }
  for (let i = 0; i < found.length; i++) {
    const a = found[i]!;
    if (a.value < min || a.value > max) continue;
    const b = found[i + 1];
    if (b && b.value >= min && b.value <= max && RANGE_JOIN.test(t.slice(a.end, b.start))) {
      const mid = (a.value + Math.abs(b.value)) / 2;
      return { status: 'scored', label: String(mid), reason: `range ${a.value}–${Math.abs(b.value)} read as its midpoint` };
    }
    return { status: 'scored', label: String(a.value), reason: 'first number within the allowed range' };
  }
  if (isRefusal(t)) return { status: 'refused', label: null, reason: 'reply declines to answer' };
  return {
    status: 'unparsed',
    label: null,
    reason: found.length > 0 ? `no number within ${min}–${max} (saw ${found.map((f) => f.value).slice(0, 3).join(', ')})` : 'reply has no number',
  };
}
