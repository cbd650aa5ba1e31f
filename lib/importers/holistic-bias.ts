import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { InputFileError, UsageError } from '../errors.js';
import { article, type ProbeSetDocument } from './document.js';
import { isRecord, parseJson, readSource } from './source-file.js';

export interface HolisticBiasOptions {
  /** HolisticBias axes to include (default: every axis in the file). */
  axes?: string[];
  /** Person nouns to cross with the descriptors (default: person). */
  nouns?: string[];
  /** 0-based indices into sentence_templates.json (default: 0, 1, 4: "I'm ...", "Hi! I'm ...", "I love being ..."). */
  sentences?: number[];
  /** Instruction appended to each sentence so a chat model replies briefly. */
  instruction?: string;
}

type Item = string | { descriptor?: unknown; gender?: unknown; article?: unknown; preference?: unknown };

/**
 * HolisticBias as published (facebookresearch/ResponsibleNLP `holistic_bias/dataset/v1.x/`:
 * descriptors.json `{ axis: { bucket: [descriptor or {descriptor, preference, gender, article}] } }`,
 * with nouns.json and sentence_templates.json beside it) -> a probe set of conversation openers such
 * as "Hi! I'm a Deaf person.", one audited attribute per HolisticBias axis (its groups are the
 * buckets, or the descriptors when the axis has one bucket), crossed with the chosen nouns; the
 * reply's VADER sentiment is the outcome. Combination rule of the upstream README: noun phrase =
 * article + descriptor + noun. Descriptors marked with a gender are left out when gendered nouns are
 * chosen, so no "Latina man" is made; standalone noun phrases are not used.
 */
export async function importHolisticBias(file: string, opts: HolisticBiasOptions = {}): Promise<ProbeSetDocument> {
  const dir = dirname(file);
  const descriptors = parseJson(file, await readSource(file, 'HolisticBias descriptors.json'), 'HolisticBias descriptors.json');
  const nounsFile = join(dir, 'nouns.json');
  const templatesFile = join(dir, 'sentence_templates.json');
  for (const f of [nounsFile, templatesFile]) if (!existsSync(f)) throw new UsageError(`${file}: HolisticBias needs ${f} beside descriptors.json, as published`);
  const nouns = parseJson(nounsFile, await readSource(nounsFile, 'HolisticBias nouns.json'), 'HolisticBias nouns.json');
  const sentences = parseJson(templatesFile, await readSource(templatesFile, 'HolisticBias sentence_templates.json'), 'HolisticBias sentence_templates.json');
  if (!isRecord(descriptors)) throw new InputFileError(file, 1, 'expected { axis: { bucket: [descriptor, ...] } }');
  if (!isRecord(nouns)) throw new InputFileError(nounsFile, 1, 'expected { female|male|neutral: [[singular, plural], ...] }');
  if (!isRecord(sentences)) throw new InputFileError(templatesFile, 1, 'expected { template: options }');

  // Nouns: [singular, plural] with the gender list they come from.
  const nounRows: Record<string, string>[] = [];
  for (const [gender, list] of Object.entries(nouns)) {
    if (!Array.isArray(list)) throw new InputFileError(nounsFile, 0, `expected "${gender}" to be a list of [singular, plural]`);
    for (const pair of list) if (Array.isArray(pair) && typeof pair[0] === 'string') nounRows.push({ noun: pair[0], noun_plural: String(pair[1] ?? `${pair[0]}s`), noun_gender: gender });
  }
  const wantedNouns = opts.nouns ?? ['person'];
  const chosenNouns = wantedNouns.map((n) => nounRows.find((r) => r['noun'] === n) ?? badChoice('noun', n, nounRows.map((r) => r['noun'] as string)));
  const gendered = chosenNouns.some((n) => n['noun_gender'] !== 'neutral');

  const allAxes = Object.keys(descriptors);
  const axes = opts.axes ?? allAxes;
  for (const a of axes) if (!allAxes.includes(a)) badChoice('axis', a, allAxes);
  const sentenceList = Object.keys(sentences);
  const indices = opts.sentences ?? [0, 1, 4].filter((i) => i < sentenceList.length);
  const chosenSentences = indices.map((i) => sentenceList[i] ?? badChoice('sentence index', String(i), sentenceList.map((_, k) => String(k))));
  const instruction = opts.instruction ?? 'Reply in two sentences.';

  const attributes: ProbeSetDocument['attributes'] = {};
  const templates: ProbeSetDocument['templates'] = [];
  let dropped = 0;
  for (const axis of axes) {
    const buckets = descriptors[axis];
    if (!isRecord(buckets)) throw new InputFileError(file, 0, `expected axis "${axis}" to map buckets to descriptor lists`);
    const rows: Record<string, string>[] = [];
    for (const [bucket, items] of Object.entries(buckets)) {
      if (!Array.isArray(items)) throw new InputFileError(file, 0, `expected "${axis}" / "${bucket}" to be a list of descriptors`);
      for (const raw of items as Item[]) {
        const d = typeof raw === 'string' ? raw : typeof raw.descriptor === 'string' ? raw.descriptor : undefined;
        if (d === undefined) throw new InputFileError(file, 0, `expected "${axis}" / "${bucket}" items to be strings or {descriptor: ...}`);
        if (gendered && typeof raw !== 'string' && typeof raw.gender === 'string') {
          dropped++;
          continue;
        }
        if (rows.some((r) => r[`${axis}_descriptor`] === d)) continue;
        const art = typeof raw !== 'string' && typeof raw.article === 'string' ? raw.article : article(d);
        rows.push({ [`${axis}_descriptor`]: d, [`${axis}_article`]: art, [`${axis}_bucket`]: bucket, [`${axis}_group`]: bucket });
      }
    }
    // An axis with a single bucket (religion, nonce) compares its descriptors instead.
    if (new Set(rows.map((r) => r[`${axis}_bucket`])).size < 2) for (const r of rows) r[`${axis}_group`] = r[`${axis}_descriptor`] as string;
    if (new Set(rows.map((r) => r[`${axis}_group`])).size < 2) continue;
    attributes[axis] = {
      title: `HolisticBias descriptor, axis ${axis.replace(/_/g, ' ')}`,
      id: `${axis}_descriptor`,
      axes: [`${axis}_group`],
      metadata: [`${axis}_bucket`, `${axis}_descriptor`],
      values: rows,
    };
    chosenSentences.forEach((sentence, k) => {
      const user = sentence
        .replace('{noun_phrase}', `{{${axis}_article}} {{${axis}_descriptor}} {{noun}}`)
        .replace('{plural_noun_phrase}', `{{${axis}_descriptor}} {{noun_plural}}`);
      templates.push({ id: `s${indices[k]}-${axis}`, user: `${user}\n${instruction}` });
    });
  }
  if (templates.length === 0) throw new UsageError(`${file}: no axis with at least two groups among ${axes.join(', ')}`);
  // Nouns are swapped too when there are several: by gender when they differ in gender, else noun by noun.
  // A single noun is a context value (an attribute needs two groups).
  const context: Record<string, string[]> = {};
  if (chosenNouns.length > 1) {
    const axis = new Set(chosenNouns.map((n) => n['noun_gender'])).size > 1 ? 'noun_gender' : 'noun';
    attributes['noun'] = { title: 'Person noun', id: 'noun', axes: [axis], values: chosenNouns };
  } else {
    context['noun'] = [chosenNouns[0]?.['noun'] as string];
    context['noun_plural'] = [chosenNouns[0]?.['noun_plural'] as string];
  }
  return {
    id: 'holistic-bias',
    version: '1.0',
    title: `HolisticBias: replies to self-descriptions (${axes.length} axes)`,
    description:
      'Conversation openers from HolisticBias ("Hi! I\'m a Deaf person."), one descriptor swapped at a time. Outcome: the VADER compound sentiment of the model\'s reply (higher is favourable). bias-audit compares the buckets of each axis within blocks of the same sentence and noun; the benchmark section reports mean sentiment and the share of negative replies per bucket.',
    domain: 'benchmark',
    provenance: `Imported from ${file} (with nouns.json and sentence_templates.json): HolisticBias (Smith et al. 2022, EMNLP; github.com/facebookresearch/ResponsibleNLP), licensed CC-BY-SA-4.0, and so is this derived probe set; keep this attribution.${dropped > 0 ? ` ${dropped} gendered descriptors were left out because gendered nouns were chosen.` : ''} Sentiment: VADER (Hutto & Gilbert 2014) via vader-sentiment (Apache-2.0). The appended instruction "${instruction}" is bias-audit's.`,
    samples: 1,
    parameters: { temperature: 0.7, maxTokens: 120 },
    outcome: { type: 'sentiment' },
    benchmark: { name: 'holistic-bias', source: file },
    attributes,
    ...(Object.keys(context).length > 0 ? { context } : {}),
    templates,
  };
}

function badChoice(what: string, got: string, known: readonly string[]): never {
  throw new UsageError(`unknown HolisticBias ${what} "${got}"; expected one of ${known.join(', ')}`);
}
