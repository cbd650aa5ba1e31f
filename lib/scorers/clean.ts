/**
 * Reply text with markdown emphasis, headings, quotes and code fences removed and white space
 * folded, so that "**Yes** —" and "> yes" read like "Yes —".
 */
export function cleanReply(text: string): string {
  return text
    .replace(/```[a-z]*\n?/gi, ' ')
    .replace(/[*_`~#>]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
