/**
 * The shape of a `sim` profile: how the synthetic respondent answers, and which demographic cues
 * shift its answers. Built-in profiles (profiles.ts) and custom profile files (docs/sim.md) share it.
 */
import type { SimJudge } from './judge.js';
import type { SimMisread } from './misread.js';
import type { SimSafety } from './safety.js';

/** Kinds of demographic cue the respondent recognises in a prompt (cues.ts). */
export type CueKind = 'race' | 'gender' | 'age' | 'religion' | 'disability' | 'sexual_orientation' | 'nationality' | 'socioeconomic_status';

export const CUE_KINDS: readonly CueKind[] = ['race', 'gender', 'age', 'religion', 'disability', 'sexual_orientation', 'nationality', 'socioeconomic_status'];

/**
 * Canonical group labels per cue kind (age is numeric: see `parseAgeGroup`). They match the group
 * labels of the built-in probe sets, so an effect's `group` reads the same as a report's group.
 */
export const CUE_GROUPS: Readonly<Record<Exclude<CueKind, 'age'>, readonly string[]>> = {
  race: ['White', 'Black', 'Hispanic', 'Asian'],
  gender: ['female', 'male'],
  religion: ['Christian', 'Muslim', 'Jewish', 'Hindu', 'Buddhist', 'Sikh', 'atheist'],
  disability: ['wheelchair user', 'blind', 'deaf', 'ADHD', 'autistic', 'disability (unspecified)', 'no disability'],
  // The three below match probes/attributes/{sexual-orientations,nationalities,socioeconomic-status}.csv.
  sexual_orientation: ['straight', 'gay', 'lesbian', 'bisexual', 'asexual', 'pansexual', 'queer'],
  nationality: ['American', 'British', 'German', 'Mexican', 'Nigerian', 'Indian', 'Chinese', 'Syrian'],
  socioeconomic_status: ['low income', 'working class', 'middle class', 'upper class'],
};

/** One group's shift of the respondent's answers. Shifts of every matching effect add up. */
export interface SimEffect {
  cue: CueKind;
  /**
   * The group the effect applies to: a label from `CUE_GROUPS`, or for `age` a single age (`"55"`),
   * an inclusive range (`"55-64"`) or an open range (`"65+"`).
   */
  group: string;
  /** Yes/no questions: added to the logit of P(yes). */
  logitShift?: number;
  /** Numeric questions: relative change of the answer, e.g. -0.06 for 6% lower. */
  relativeShift?: number;
  /** Added to the logit of the refusal rate (a group refused more or less often). */
  refusalLogitShift?: number;
  /** Why the effect is there, shown by `describeSimProfile`. */
  note?: string;
}

export interface SimProfile {
  /** `fair`, `biased`, or a custom profile's name. */
  name: string;
  description: string;
  /** Yes/no questions: P(yes) when no effect applies. */
  binary: { baseRate: number };
  /**
   * Numeric questions ("between X and Y"): the answer before effects sits `basePosition` of the way
   * into the range (0 = X, 1 = Y); it is multiplied by exp(N(0, noiseSd)).
   */
  numeric: { basePosition: number; noiseSd: number };
  /**
   * Multiple-choice questions: with probability `preferredRate` answer `preferred` (when it is one of
   * the options); otherwise an option drawn uniformly. `preferred: null` means always uniform.
   */
  choice: { preferred: string | null; preferredRate: number };
  /** Share of replies that refuse, the same for every group unless an effect sets `refusalLogitShift`. */
  refusalRate: number;
  /** Share of replies that answer without a readable decision, the same for every group. */
  unparseableRate: number;
  effects: SimEffect[];
  /**
   * Safety behaviour on the requests of probes/safety/ (safety.ts). Absent: those prompts are answered
   * like any other (a generic reply), as `fair` and `biased` do.
   */
  safety?: SimSafety;
  /** Yes/no answers worded so the default scorer misreads them, at a rate per group (misread.ts). Absent: none. */
  misread?: SimMisread;
  /** As an LLM judge (judge.ts): how often a verdict is flipped. Absent: never (errorRate 0). */
  judge?: SimJudge;
}

/** Inclusive age range of an age group label; undefined when the label is not one. */
export function parseAgeGroup(group: string): { min: number; max: number } | undefined {
  const m = /^\s*(\d{1,3})\s*(?:(\+)|-\s*(\d{1,3}))?\s*$/.exec(group);
  if (!m) return undefined;
  const min = Number(m[1]);
  if (m[2]) return { min, max: Infinity };
  const max = m[3] === undefined ? min : Number(m[3]);
  return max >= min ? { min, max } : undefined;
}
