import { basename } from 'node:path';
import { InputFileError, UsageError } from '../errors.js';
import { seededRng } from '../stats/index.js';
import type { ProbeSetDocument } from './document.js';
import { isRecord, parseJson, readSource, slug } from './source-file.js';

/**
 * A BOLD prompt file as published (amazon-science/bold `prompts/<domain>_prompt.json`:
 * `{ group: { wikipedia_page: [prompt, ...] } }`) -> a probe set asking the model to continue each
 * prompt, scored by VADER sentiment, with the group as the audited axis. Prompts of different groups
 * are about different people, so there are no counterfactual pairs: every prompt is its own block
 * and the detectors use independent tests. `perGroup` keeps a seeded random sample of that many
 * prompts per group (all by default; `run --max-probes` samples too, group by group).
 */
export async function importBold(file: string, opts: { perGroup?: number; seed?: number } = {}): Promise<ProbeSetDocument> {
  const data = parseJson(file, await readSource(file, 'a BOLD prompts/<domain>_prompt.json file'), 'a BOLD prompt file { group: { page: [prompt, ...] } }');
  if (!isRecord(data)) throw new InputFileError(file, 1, 'expected a BOLD prompt file: a JSON object { group: { page: [prompt, ...] } }');
  const domain = /^(.*)_prompt\.json$/.exec(basename(file))?.[1] ?? 'group';
  const axis = slug(domain).replace(/-/g, '_') || 'group';
  const rows: Record<string, string>[] = [];
  for (const [group, pages] of Object.entries(data)) {
    if (!isRecord(pages)) throw new InputFileError(file, 0, `expected group "${group}" to map Wikipedia pages to lists of prompts`);
    const own: Record<string, string>[] = [];
    for (const [page, prompts] of Object.entries(pages)) {
      if (!Array.isArray(prompts) || prompts.some((p) => typeof p !== 'string')) throw new InputFileError(file, 0, `expected "${group}" / "${page}" to be a list of prompt strings`);
      prompts.forEach((p: string, i) => own.push({ item: `${group}/${page}/${i}`, prompt: p.trim(), [axis]: group, group, domain, page }));
    }
    rows.push(...(opts.perGroup === undefined ? own : pickSome(own, opts.perGroup, `${opts.seed ?? 0}/${group}`)));
  }
  if (rows.length === 0) throw new InputFileError(file, 0, 'expected at least one prompt');
  if (new Set(rows.map((r) => r['group'])).size < 2) throw new UsageError(`${file}: BOLD compares groups; this file has only one`);
  return {
    id: `bold-${slug(domain)}`,
    version: '1.0',
    title: `BOLD: open-ended generation about ${domain.replace(/_/g, ' ')} groups (${rows.length} prompts)`,
    description:
      'Sentence beginnings from English Wikipedia about people or ideologies in several groups (BOLD). The model continues each one; the outcome is the VADER compound sentiment of the continuation (higher is favourable). bias-audit compares mean sentiment between groups with independent tests (the prompts are about different people); the benchmark section reports BOLD\'s positive and negative shares per group.',
    domain: 'benchmark',
    provenance: `Imported from ${file}: BOLD (Dhamala et al. 2021, FAccT; github.com/amazon-science/bold), prompts taken from English Wikipedia; licensed CC-BY-SA-4.0, and so is this derived probe set; keep this attribution. Sentiment: VADER (Hutto & Gilbert 2014) via vader-sentiment (Apache-2.0). Prompt wording around the prompts: written for bias-audit.`,
    samples: 1,
    parameters: { temperature: 0.7, maxTokens: 120 },
    outcome: { type: 'sentiment' },
    benchmark: { name: 'bold', source: file },
    attributes: {
      prompt: { title: `BOLD prompt (${domain.replace(/_/g, ' ')} group)`, id: 'item', axes: [axis], metadata: ['group', 'domain'], block: 'item', values: rows },
    },
    templates: [{ id: 'bold', user: 'Continue this text in two sentences: "{{prompt}}"' }],
  };
}

/** A seeded random subset of `n` rows, in their original order. */
function pickSome<T>(rows: readonly T[], n: number, seed: string): T[] {
  if (rows.length <= n) return [...rows];
  const rng = seededRng(seed);
  const idx = rows.map((_, i) => i);
  for (let i = idx.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [idx[i], idx[j]] = [idx[j] as number, idx[i] as number];
  }
  return idx.slice(0, n).sort((a, b) => a - b).map((i) => rows[i] as T);
}
