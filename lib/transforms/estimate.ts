/**
 * The translator's share of `run --dry-run`: one call per distinct text to translate (known now, so
 * looked up in translations.jsonl and the cache) and one per reply to translate back: a reply
 * already in the run's journal is a known call, looked up likewise; one not made yet is counted as
 * to make, at the model's `maxTokens` (identical replies would be translated once, so a ceiling).
 */
import { estimateCalls, estimatePromptTokens, type CostFunction, type PlannedCall, type ResponseCache, type RunEstimate } from '../runner/index.js';
import type { Probe } from '../types.js';
import { translationMessages } from './instruction.js';
import { SCORING_LANGUAGE } from './languages.js';
import { TRANSLATOR_PARAMETERS } from './translate.js';

export interface TranslationEstimateInput {
  translatorId: string;
  probes: readonly Probe[];
  samples: number;
  /** Reply tokens at most (the model's maxTokens): the size of a reply to translate back not made yet. */
  replyCap: number;
  /** The model's reply to a probe, when the run directory's journal holds it (a resumed run): its back-translation is then a known call. */
  replyOf?: (probe: Probe, sample: number) => string | undefined;
  journalFile: string;
  cache?: ResponseCache;
  costOf?: CostFunction;
}

export function estimateTranslation(input: TranslationEstimateInput): RunEstimate {
  const calls: PlannedCall[] = [];
  for (const p of input.probes) {
    for (const t of p.translate ?? []) calls.push({ messages: translationMessages(p.messages[t.message]?.content ?? '', SCORING_LANGUAGE, t.language) });
  }
  for (const p of input.probes) {
    const language = p.translate?.[p.translate.length - 1]?.language;
    if (language === undefined) continue;
    const back = estimatePromptTokens(translationMessages('', language, SCORING_LANGUAGE)) + input.replyCap;
    for (let s = 0; s < input.samples; s++) {
      const reply = input.replyOf?.(p, s);
      calls.push(reply === undefined ? { promptTokens: back } : { messages: translationMessages(reply, language, SCORING_LANGUAGE) });
    }
  }
  return estimateCalls({
    provider: { id: input.translatorId },
    calls,
    parameters: TRANSLATOR_PARAMETERS,
    journalFile: input.journalFile,
    ...(input.cache ? { cache: input.cache } : {}),
    ...(input.costOf ? { costOf: input.costOf } : {}),
  });
}
