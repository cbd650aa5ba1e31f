/**
 * `sim` as a translator (`--translator sim:<any profile>`, lib/transforms), and the pseudo-language
 * its safety profiles answer translated requests in. sim knows no language: a "translation" into
 * language L is the text tagged `[L] ` with every Latin letter shifted by a number of places that
 * depends on L (a Caesar substitution; never 13, so translating and back-translating differ); a
 * translation back to English removes the tag and shifts the letters back. It is deterministic and
 * exactly reversible, so the translation path is tested offline; it says nothing about real translation.
 */
import type { ChatMessage } from '../../types.js';

// The translator instruction of lib/transforms/instruction.ts: languages with their codes, text fenced.
const INSTRUCTION = /^Translate from [^\n]*\(([a-z]{2,3})\) into [^\n]*\(([a-z]{2,3})\):\n\n<text>\n([\s\S]*)\n<\/text>$/;
const TAG = /^\[([a-z]{2,3})\] /;

/** Places each letter moves in the pseudo-language of `code`: 1..25, never 13. */
function shiftOf(code: string): number {
  const sum = [...code].reduce((s, c) => s + c.charCodeAt(0), 0);
  const k = 1 + (sum % 24);
  return k >= 13 ? k + 1 : k;
}

function shiftLetters(text: string, by: number): string {
  return text.replace(/[A-Za-z]/g, (c) => {
    const base = c <= 'Z' ? 65 : 97;
    return String.fromCharCode(base + ((c.charCodeAt(0) - base + by + 26) % 26));
  });
}

/** `text` in sim's pseudo-language `code`: `[zu] ` and the letters shifted. */
export function pseudoTranslate(text: string, code: string): string {
  return `[${code}] ${shiftLetters(text, shiftOf(code))}`;
}

/** The English of a pseudo-language text, with its language; undefined for text without the tag. */
export function readPseudoLanguage(text: string): { language: string; text: string } | undefined {
  const m = TAG.exec(text);
  if (!m) return undefined;
  const language = m[1] as string;
  return { language, text: shiftLetters(text.slice(m[0].length), -shiftOf(language)) };
}

/**
 * sim's reply when the conversation is the translator instruction: the pseudo-translation, or for a
 * translation into English the text read back (text without a tag is returned as it is, as a
 * translator returns English unchanged). Undefined for any other conversation.
 */
export function simTranslate(messages: readonly ChatMessage[]): string | undefined {
  const last = messages[messages.length - 1];
  if (last?.role !== 'user') return undefined;
  const m = INSTRUCTION.exec(last.content);
  if (!m) return undefined;
  const [, , to, text] = m as unknown as [string, string, string, string];
  if (to === 'en') return readPseudoLanguage(text)?.text ?? text;
  return pseudoTranslate(text, to);
}
