import { stringify } from 'yaml';
import type { BenchmarkName } from '../types.js';

/** A probe set as its YAML file holds it (docs/probe-set-format.md): what an importer produces. */
export interface ProbeSetDocument {
  id: string;
  version: string;
  title: string;
  description: string;
  domain: string;
  provenance: string;
  samples: number;
  parameters?: { temperature?: number; maxTokens?: number };
  outcome: Record<string, unknown>;
  benchmark: { name: BenchmarkName; source: string };
  attributes: Record<string, { title: string; id?: string; axes: string[]; metadata?: string[]; block?: string; values: Record<string, string>[] }>;
  context?: Record<string, string[]>;
  templates: { id: string; system?: string; user: string }[];
}

/** The YAML text of an imported probe set, with a header saying where it came from and how to run it. */
export function toYaml(doc: ProbeSetDocument, command: string): string {
  const header = [
    `# Imported by bias-audit: ${command}`,
    `# Source: ${doc.benchmark.source}. Licence and attribution: see provenance below; keep them with this file.`,
    `# Review the prompts with \`bias-audit expand FILE\`; run with \`bias-audit run FILE --model ...\` (--max-probes N to sample).`,
    '',
  ].join('\n');
  return header + stringify(doc, { lineWidth: 0, defaultStringType: 'PLAIN', defaultKeyType: 'PLAIN' });
}

/** "a" or "an" before a word, by its first letter, with the usual exceptions of English spelling. */
export function article(word: string): 'a' | 'an' {
  if (/^(?:eu|one|uni|us[- ]|use|ufo)/i.test(word)) return 'a';
  if (/^(?:hour|honest|heir|honou?r)/i.test(word)) return 'an';
  // Initialisms are read letter by letter: "an LGBTQ", "an FTM", "a BIPOC".
  if (/^[A-Z]{2,}/.test(word)) return /^[AEFHILMNORSX]/.test(word) ? 'an' : 'a';
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}
