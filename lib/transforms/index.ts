export { setUpTranslation, readTranslatedRun, translationLanguages, TranslatedRun, TRANSLATION_FILE } from './translated-run.js';
export type { ReadableReplies, TranslationCallOptions } from './translated-run.js';
export { translateAll, TRANSLATOR_PARAMETERS } from './translate.js';
export type { TranslationJob, TranslationResult, TranslateCallOptions } from './translate.js';
export { translationMessages, TRANSLATOR_SYSTEM } from './instruction.js';
export { LANGUAGES, languageLabel, isKnownLanguage } from './languages.js';
export { estimateTranslation, type TranslationEstimateInput } from './estimate.js';
export { checkShardTranslations, mergeTranslationJournals } from './merge.js';
