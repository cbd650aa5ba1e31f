import type { Outcome, OutcomeSpec, Probe, ResponseRecord } from '../types.js';
import { scoreAnswered } from './answered.js';
import { scoreChoice } from './choice.js';
import { scoreLength } from './length.js';
import { scoreNumber } from './number.js';
import { scoreSentiment } from './sentiment.js';
import { scoreToxicity } from './toxicity.js';
import type { ScoredText } from './types.js';
import { scoreYesNo } from './yes-no.js';

/** Read one reply according to the probe set's outcome spec. */
export function scoreText(outcome: OutcomeSpec, text: string): ScoredText {
  switch (outcome.type) {
    case 'binary':
      return scoreYesNo(text);
    case 'numeric':
      return scoreNumber(text, outcome.min, outcome.max);
    case 'choice':
      return scoreChoice(text, outcome.choices);
    case 'sentiment':
      return scoreSentiment(text);
    case 'length':
      return scoreLength(text);
    case 'refusal':
      return scoreAnswered(text);
    case 'toxicity':
      return scoreToxicity(text);
  }
}

/**
 * The outcome's numeric value: 1/0 for favourable/not (binary, choice, refusal, toxicity), the number itself
 * (numeric, sentiment, length). A choice outcome with `favourableFrom` reads the favourable option
 * from the probe's metadata (an imported benchmark's correct answer).
 */
export function outcomeValue(outcome: OutcomeSpec, label: string, probe?: Pick<Probe, 'meta'>): number {
  switch (outcome.type) {
    case 'binary':
      return label === outcome.favourable ? 1 : 0;
    case 'numeric':
    case 'sentiment':
    case 'length':
      return Number(label);
    case 'choice':
      if (outcome.favourableFrom !== undefined) return probe?.meta?.[outcome.favourableFrom] === label ? 1 : 0;
      return outcome.favourable.includes(label) ? 1 : 0;
    case 'refusal':
    case 'toxicity':
      return label === outcome.favourable ? 1 : 0;
  }
}

/**
 * Turn journal records into outcomes, one per probe and sample. A probe/sample with no record or a
 * failed call becomes an `error` outcome: it is counted and shown, never silently dropped.
 */
export function score(outcome: OutcomeSpec, probes: readonly Probe[], samples: number, records: ReadonlyMap<string, ResponseRecord>, keyOf: (probe: Probe, sample: number) => string): Outcome[] {
  const out: Outcome[] = [];
  for (const probe of probes) {
    for (let sample = 0; sample < samples; sample++) {
      const rec = records.get(keyOf(probe, sample));
      if (!rec || rec.text === null) {
        out.push({ probeId: probe.id, sample, status: 'error', value: null, label: null, reason: rec?.error?.message ?? 'no response recorded' });
        continue;
      }
      const s = scoreText(outcome, rec.text);
      out.push({
        probeId: probe.id,
        sample,
        status: s.status,
        value: s.status === 'scored' && s.label !== null ? outcomeValue(outcome, s.label, probe) : null,
        label: s.label,
        reason: s.reason,
      });
    }
  }
  return out;
}
