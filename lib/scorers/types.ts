import type { OutcomeStatus } from '../types.js';

/** What a scorer reads in one reply, before it is tied to a probe and sample. */
export interface ScoredText {
  status: Exclude<OutcomeStatus, 'error'>;
  label: string | null;
  reason: string;
}
