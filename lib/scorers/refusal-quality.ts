import { wilsonInterval } from '../stats/index.js';
import { isRefusal } from './refusal.js';

/** One reply with a person's verdict on whether it refuses (fully or partly). */
export interface LabelledReply {
  reply: string;
  refused: boolean;
}

/** A proportion with its 95% Wilson interval (Wilson 1927), and the counts it comes from. */
export interface MeasuredRate {
  value: number;
  lower: number;
  upper: number;
  successes: number;
  trials: number;
}

/** How well the pattern refusal scorer agrees with people's labels on one set of replies. */
export interface RefusalScorerMeasure {
  n: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  trueNegatives: number;
  /** Share of replies read as refusals that people labelled refusals; null when none was read so. */
  precision: MeasuredRate | null;
  /** Share of people's refusals the scorer reads as refusals; null when people labelled none. */
  recall: MeasuredRate | null;
}

function rate(successes: number, trials: number): MeasuredRate | null {
  if (trials === 0) return null;
  const { lower, upper } = wilsonInterval(successes, trials);
  return { value: successes / trials, lower, upper, successes, trials };
}

/**
 * Precision and recall of `isRefusal` against people's labels, each with a 95% Wilson interval
 * (the precision interval treats the replies read as refusals as the trials, the recall interval
 * people's refusals). Measure your own model's replies this way before trusting a refusal rate
 * from a model whose style differs from those in REFUSAL_SCORER_QUALITY.
 */
export function measureRefusalScorer(sample: readonly LabelledReply[]): RefusalScorerMeasure {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (const s of sample) {
    const read = isRefusal(s.reply);
    if (read && s.refused) tp++;
    else if (read) fp++;
    else if (s.refused) fn++;
    else tn++;
  }
  return { n: sample.length, truePositives: tp, falsePositives: fp, falseNegatives: fn, trueNegatives: tn, precision: rate(tp, tp + fp), recall: rate(tp, tp + fn) };
}

/** The refusal scorer's measured quality, as a report's method section and a run's notes cite it. */
export interface RefusalScorerQuality {
  /** Date the figures were measured (UTC). */
  measured: string;
  /** The labelled file, relative to the package root. */
  sampleFile: string;
  /** What a refusal is in the labels. */
  labels: string;
  /** How rows were split into the development half (patterns written looking at it) and the held-out half. */
  splitRule: string;
  /** What to keep in mind when reading the figures. */
  caveats: readonly string[];
  development: RefusalScorerMeasure;
  heldOut: RefusalScorerMeasure;
  overall: RefusalScorerMeasure;
  heldOutByModel: Readonly<Record<string, RefusalScorerMeasure>>;
}

/**
 * The pattern refusal scorer (`isRefusal`) against people's labels on all 2,250 XSTest v2
 * completions (Röttger et al. 2024; 450 prompts x 5 model set-ups), split by prompt so that the
 * held-out half holds prompts the patterns were not written on, for every model. Recomputed and
 * compared exactly by test/scorers/refusal-xstest.test.ts, so these figures cannot drift from the code.
 * Regenerate with `npx tsx scripts/measure-refusal-scorer.ts` after changing the patterns (and say so).
 */
export const REFUSAL_SCORER_QUALITY: RefusalScorerQuality = {
  measured: '2026-11-25',
  sampleFile: 'probes/safety/labelled/xstest-completions.csv',
  labels: 'refusal = full or partial refusal (final_label 2_full_refusal or 3_partial_refusal), XSTest\'s binary mapping',
  splitRule: 'by XSTest prompt id: odd ids (v2-1, v2-3, ...) are the development half, even ids the held-out half, the same prompts for every model',
  caveats: [
    'The held-out figure is measured once, after the development work; the earlier version of the patterns had been written on a 500-row sample of GPT-4 and Llama 2 (new) completions that includes 92 held-out rows of those two models (of 450 held-out rows of theirs; every held-out row of the other three models is unseen).',
    'Mistral-7B-Instruct without a guard prompt often refuses by lecturing; on its held-out rows precision is 0.75 and recall 0.67, well below the other models (its held-out errors were not read; on the development half they were lectures and premise rejections that read alike for harmless and harmful questions).',
    'The completions date from 2023-2024 (GPT-4, Llama 2, Mistral 7B); other models word refusals differently. Measure your model\'s replies with measureRefusalScorer before trusting a refusal rate.',
  ],
  development: {
    n: 1125, truePositives: 557, falsePositives: 16, falseNegatives: 16, trueNegatives: 536,
    precision: { value: 0.9720767888307156, lower: 0.9551255910321821, upper: 0.9827404234981028, successes: 557, trials: 573 },
    recall: { value: 0.9720767888307156, lower: 0.9551255910321821, upper: 0.9827404234981028, successes: 557, trials: 573 },
  },
  heldOut: {
    n: 1125, truePositives: 543, falsePositives: 26, falseNegatives: 43, trueNegatives: 513,
    precision: { value: 0.9543057996485061, lower: 0.933889615599761, upper: 0.9686288596941627, successes: 543, trials: 569 },
    recall: { value: 0.9266211604095563, lower: 0.9026166216996211, upper: 0.9450687902408693, successes: 543, trials: 586 },
  },
  overall: {
    n: 2250, truePositives: 1100, falsePositives: 42, falseNegatives: 59, trueNegatives: 1049,
    precision: { value: 0.9632224168126094, lower: 0.9506615123789368, upper: 0.972677394461543, successes: 1100, trials: 1142 },
    recall: { value: 0.9490940465918896, lower: 0.9348900586141713, upper: 0.9603308608873913, successes: 1100, trials: 1159 },
  },
  heldOutByModel: {
    gpt4: {
      n: 225, truePositives: 104, falsePositives: 0, falseNegatives: 8, trueNegatives: 113,
      precision: { value: 1, lower: 0.964378645627548, upper: 1, successes: 104, trials: 104 },
      recall: { value: 0.9285714285714286, lower: 0.8653547472690816, upper: 0.9633640981021093, successes: 104, trials: 112 },
    },
    llama2new: {
      n: 225, truePositives: 135, falsePositives: 7, falseNegatives: 2, trueNegatives: 81,
      precision: { value: 0.9507042253521126, lower: 0.901746654347206, upper: 0.9759187299340261, successes: 135, trials: 142 },
      recall: { value: 0.9854014598540146, lower: 0.9483368333615501, upper: 0.9959873813522642, successes: 135, trials: 137 },
    },
    llama2orig: {
      n: 225, truePositives: 174, falsePositives: 6, falseNegatives: 5, trueNegatives: 40,
      precision: { value: 0.9666666666666667, lower: 0.9291956595913273, upper: 0.9846352090151671, successes: 174, trials: 180 },
      recall: { value: 0.9720670391061452, lower: 0.9362870793666515, upper: 0.9880109495925905, successes: 174, trials: 179 },
    },
    mistralguard: {
      n: 225, truePositives: 106, falsePositives: 5, falseNegatives: 16, trueNegatives: 98,
      precision: { value: 0.954954954954955, lower: 0.8988650882440175, upper: 0.9806082399178508, successes: 106, trials: 111 },
      recall: { value: 0.8688524590163934, lower: 0.7975497130263897, upper: 0.9176358930800762, successes: 106, trials: 122 },
    },
    mistralinstruct: {
      n: 225, truePositives: 24, falsePositives: 8, falseNegatives: 12, trueNegatives: 181,
      precision: { value: 0.75, lower: 0.5789344100575552, upper: 0.8674759908149096, successes: 24, trials: 32 },
      recall: { value: 0.6666666666666666, lower: 0.5033399787115653, upper: 0.7978538117569469, successes: 24, trials: 36 },
    },
  },
};

const three = (x: number) => x.toFixed(3);
const interval = (r: MeasuredRate | null) => (r ? `${three(r.value)} (95% CI ${three(r.lower)}–${three(r.upper)})` : 'not measurable');

/**
 * The method note of an audit whose `refusal` outcome the pattern scorer read: its measured precision
 * and recall, so a reader knows how far to trust each refusal rate. Built from the measured figures,
 * never retyped.
 */
export function refusalScorerNote(q: RefusalScorerQuality = REFUSAL_SCORER_QUALITY): string {
  const weakest = Object.entries(q.heldOutByModel).sort(([, a], [, b]) => (a.recall?.value ?? 0) - (b.recall?.value ?? 0))[0];
  return (
    `Refusals are read by the pattern scorer (lib/scorers/refusal.ts), measured ${q.measured} against people's labels on ${q.overall.n.toLocaleString('en-US')} XSTest v2 completions of five model set-ups (${q.sampleFile}; ${q.labels}). ` +
    `Split ${q.splitRule}. Held out: precision ${interval(q.heldOut.precision)}, recall ${interval(q.heldOut.recall)}; development: precision ${interval(q.development.precision)}, recall ${interval(q.development.recall)}. ` +
    (weakest ? `Weakest model style (${weakest[0]}, held out): precision ${three(weakest[1].precision?.value ?? Number.NaN)}, recall ${three(weakest[1].recall?.value ?? Number.NaN)}. ` : '') +
    'It misses refusals worded as lectures and cannot see the prompt, so a harmful set\'s refusal rate may be under-estimated (attack success over-estimated) for models that refuse that way; it reads an answer that complies only in form as answered.'
  );
}
