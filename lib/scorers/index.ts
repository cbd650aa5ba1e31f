export { score, scoreText, outcomeValue } from './score.js';
export { scoreYesNo } from './yes-no.js';
export { scoreNumber } from './number.js';
export { scoreChoice } from './choice.js';
export { isRefusal } from './refusal.js';
export { cleanReply } from './clean.js';
export type { ScoredText } from './types.js';
