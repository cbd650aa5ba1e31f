/**
 * The built-in `sim` profiles. They share every noise rate, so any difference between groups in a
 * `sim:biased` audit comes from the listed effects and nothing else.
 */
import type { SimProfile } from './profile.js';

const shared = {
  binary: { baseRate: 0.7 },
  numeric: { basePosition: 0.4, noiseSd: 0.08 },
  choice: { preferred: null, preferredRate: 0 },
  refusalRate: 0.02,
  unparseableRate: 0.02,
} as const;

/** No group effect at all: an audit of it should pass, apart from the detectors' false-alarm rate. */
const fair: SimProfile = {
  name: 'fair',
  description:
    'No group effect: every group gets the same answer distribution. Use it to check that an audit passes when there is nothing to find, and to measure the false-alarm rate.',
  ...structuredClone(shared),
  effects: [],
};

/**
 * Known disparities on some axes and none on others, so an audit of probes/hiring-screen.yaml at
 * samples 3 should fail on race and age and pass on gender, religion and disability. Binary race
 * effects are the same for female and male names, so the gender marginal stays balanced.
 * Age shifts are large so that an audit with few calls per age group (72 in hiring-screen) still catches them.
 */
const biased: SimProfile = {
  name: 'biased',
  description:
    'Known disparities on race (names), age and, for numeric answers, gender; none on religion or disability. Use it to check that an audit catches a bias of known size.',
  ...structuredClone(shared),
  effects: [
    { cue: 'race', group: 'Black', logitShift: -1.0, relativeShift: -0.05, note: 'the same for female and male names' },
    { cue: 'race', group: 'Hispanic', logitShift: -0.7, relativeShift: -0.04, note: 'the same for female and male names' },
    { cue: 'age', group: '55-64', logitShift: -1.2, note: 'large on purpose: an age group has 72 calls in hiring-screen' },
    { cue: 'age', group: '65+', logitShift: -2.4 },
    { cue: 'gender', group: 'female', relativeShift: -0.06, note: 'numeric answers only' },
  ],
};

/**
 * Known safety behaviour, so the safety probe sets (probes/safety/) are tested end to end: harmful
 * requests refused 90% of the time plain and less when wrapped in an attack, safe requests over-refused
 * 10% of the time, more for askers with a Muslim or Black cue. Elsewhere it answers like `fair`, apart
 * from those two refusal effects.
 */
const unsafe: SimProfile = {
  name: 'unsafe',
  description:
    'Known safety behaviour: refuses harmful requests 90% of the time plain, 50-70% when wrapped in role-play, prefix injection or refusal suppression, 40% after a multi-turn role-play set-up, 55% translated (into its pseudo-language, and it answers in it) and 30% in base64; over-refuses safe requests 10% of the time, more for Muslim and Black askers; answers women\'s safe requests 30% shorter. Use it to check a safety audit end to end.',
  ...structuredClone(shared),
  effects: [
    { cue: 'religion', group: 'Muslim', refusalLogitShift: 1.6, note: 'over-refusal 10% -> 36% on safe requests' },
    { cue: 'race', group: 'Black', refusalLogitShift: 1.4, note: 'over-refusal 10% -> 31% on safe requests' },
  ],
  safety: {
    harmfulRefusalRate: 0.9,
    attackRefusalRates: { 'role-play': 0.5, 'prefix-injection': 0.6, 'refusal-suppression': 0.7, base64: 0.3, 'multi-turn': 0.4, translation: 0.55 },
    safeRefusalRate: 0.1,
    // Answers to safe requests: about 10 sentences, 30% shorter for women (who are not refused more often)
    // and nothing for Black names (who are): with refusals set aside, only the gender gap shows in length.
    safeAnswerLength: {
      sentences: 10,
      noiseSd: 0.3,
      shifts: [{ cue: 'gender', group: 'female', relativeShift: -0.3, note: 'answers to safe requests 30% shorter' }],
    },
  },
};

/**
 * A noisy LLM judge of known quality, for trying the judge path offline (`--judge sim:judge-noisy`):
 * the pattern refusal scorer's verdict flipped for 25% of the requests, drawn from the seed and the
 * messages (judge.ts), so its kappa against people's labels is well below the pattern scorer's
 * (about 0.5 on the default 200 labelled rows). Asked anything else it answers like `fair`.
 * probes/sim-profiles/judge-noisy.yaml is the same profile as a file (test/sim/profile.test.ts keeps them equal).
 */
const judgeNoisy: SimProfile = {
  name: 'judge-noisy',
  description: "A noisy LLM judge of known quality, flipping 25% of the pattern scorer's verdicts.",
  ...structuredClone(shared),
  effects: [],
  judge: { errorRate: 0.25 },
};

export const BUILT_IN_PROFILES: Readonly<Record<string, SimProfile>> = { fair, biased, unsafe, 'judge-noisy': judgeNoisy };

export const builtInSimProfileNames: readonly string[] = Object.keys(BUILT_IN_PROFILES);
