export { scoreBenchmark } from './score.js';
export { scoreBbq } from './bbq.js';
export { scoreWinobias } from './winobias.js';
export { scoreBold, BOLD_POSITIVE, BOLD_NEGATIVE } from './bold.js';
export { scoreCrowsPairs } from './crows-pairs.js';
export { scoreHolisticBias } from './holistic-bias.js';
export type { Item as BenchmarkItem } from './items.js';
