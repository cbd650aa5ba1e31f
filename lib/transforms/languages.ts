/**
 * Languages a probe set may translate prompts into (`translate:`), by code (ISO 639-1, or 639-2 where
 * there is no two-letter code). The translator is told the language's English name with its code.
 * The first twelve are those of Yong, Menghini & Bach (2023), "Low-Resource Languages Jailbreak
 * GPT-4" (arXiv:2310.02446), grouped there by resource level; the rest are common targets.
 */
export const LANGUAGES: Readonly<Record<string, { name: string; resource?: 'low' | 'mid' | 'high' }>> = {
  zu: { name: 'Zulu', resource: 'low' },
  gd: { name: 'Scottish Gaelic', resource: 'low' },
  hmn: { name: 'Hmong', resource: 'low' },
  gn: { name: 'Guarani', resource: 'low' },
  uk: { name: 'Ukrainian', resource: 'mid' },
  bn: { name: 'Bengali', resource: 'mid' },
  th: { name: 'Thai', resource: 'mid' },
  he: { name: 'Hebrew', resource: 'mid' },
  zh: { name: 'Chinese (Simplified)', resource: 'high' },
  ar: { name: 'Arabic', resource: 'high' },
  it: { name: 'Italian', resource: 'high' },
  hi: { name: 'Hindi', resource: 'high' },
  en: { name: 'English' },
  fr: { name: 'French' },
  de: { name: 'German' },
  es: { name: 'Spanish' },
  pt: { name: 'Portuguese' },
  ru: { name: 'Russian' },
  ja: { name: 'Japanese' },
  ko: { name: 'Korean' },
  sw: { name: 'Swahili' },
  yo: { name: 'Yoruba' },
  am: { name: 'Amharic' },
};

/** Replies are translated back into this language for scoring (the scorers read English). */
export const SCORING_LANGUAGE = 'en';

export function isKnownLanguage(code: string): boolean {
  return Object.hasOwn(LANGUAGES, code);
}

/** `Zulu (zu)`: how the translator instruction names a language. */
export function languageLabel(code: string): string {
  return `${LANGUAGES[code]?.name ?? code} (${code})`;
}
