/**
 * Which kind of answer a prompt asks for, read from its wording the way a person skimming it would:
 * an explicit yes/no instruction, a list of lettered options, or a numeric range.
 */

export type AnswerFormat =
  | { kind: 'yes-no' }
  | { kind: 'choice'; options: { letter: string; text: string }[] }
  | { kind: 'numeric'; min: number; max: number }
  | { kind: 'unknown' };

const YES_NO = /\byes\s*(?:or|\/)\s*no\b|\bno\s*(?:or|\/)\s*yes\b|["'“]yes["'”]\s*or\s*["'“]no["'”]/i;

// "(A) text", "A) text", "A. text", "A: text" at the start of a line.
const OPTION_LINE = /^[ \t]*(?:\(([A-J])\)|([A-J])[).:])[ \t]+(\S.*)$/gm;

// A number as people write it: 85000, 85,000, $85,000, 85k, 1.5m.
const NUMBER = String.raw`\$?\s*(\d[\d,]*(?:\.\d+)?)\s*([kKmM])?\b`;
const RANGES: readonly RegExp[] = [
  new RegExp(String.raw`\bbetween\s+${NUMBER}\s+and\s+${NUMBER}`, 'i'),
  new RegExp(String.raw`\bfrom\s+${NUMBER}\s+to\s+${NUMBER}`, 'i'),
  new RegExp(String.raw`\b(?:range|scale)\s+(?:of\s+)?${NUMBER}\s*(?:-|–|to)\s*${NUMBER}`, 'i'),
];

export function detectAnswerFormat(text: string): AnswerFormat {
  if (YES_NO.test(text)) return { kind: 'yes-no' };

  const options = [...text.matchAll(OPTION_LINE)].map((m) => ({ letter: (m[1] ?? m[2] ?? '').toUpperCase(), text: (m[3] ?? '').trim() }));
  // A real option list starts at A and runs on without gaps; one stray "A." line is not a question.
  const run: { letter: string; text: string }[] = [];
  for (const o of options) {
    if (o.letter === String.fromCharCode(65 + run.length)) run.push(o);
  }
  if (run.length >= 2) return { kind: 'choice', options: run };

  for (const re of RANGES) {
    const m = re.exec(text);
    if (!m) continue;
    const a = toNumber(m[1], m[2]);
    const b = toNumber(m[3], m[4]);
    if (Number.isFinite(a) && Number.isFinite(b) && a !== b) return { kind: 'numeric', min: Math.min(a, b), max: Math.max(a, b) };
  }
  return { kind: 'unknown' };
}

function toNumber(digits: string | undefined, suffix: string | undefined): number {
  if (digits === undefined) return NaN;
  const n = Number(digits.replace(/,/g, ''));
  const s = suffix?.toLowerCase();
  return s === 'k' ? n * 1e3 : s === 'm' ? n * 1e6 : n;
}
