export { run, keyFor, DEFAULT_RETRY } from './run.js';
export type { RetryPolicy, RunOptions, RunProgress, RunSummary } from './run.js';
export { readJournal, JournalWriter } from './journal.js';
export type { JournalContents } from './journal.js';
export { requestKey } from './key.js';
