/** `sim`: the built-in synthetic respondent (docs/sim.md). */
export { createSimProvider } from './provider.js';
export type { SimProviderOptions } from './provider.js';
export { loadSimProfile } from './load-profile.js';
export { describeSimProfile } from './describe.js';
export { builtInSimProfileNames } from './profiles.js';
export type { SimProfile, SimEffect, CueKind } from './profile.js';
export type { SimSafety, SafetyTransform } from './safety.js';
export { simTruth, simTruthReader } from './truth.js';
export type { SimMisread } from './misread.js';
