export { compareRuns, COMPARE_METHOD, type AxisComparison, type Comparison, type CompareOptions, type GroupChange, type PairChange, type RunRef } from './compare.js';
export { gapChange, type GapChange, type GroupSample } from './gap-change.js';
export { readRunResults } from './read-run.js';
export { renderComparisonHtml, renderComparisonMarkdown, changeSentences, summariseComparison } from './render.js';
export { compareRunDirs, type CompareRunDirsOptions, type ComparisonResult } from './run-dirs.js';
