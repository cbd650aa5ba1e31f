export { resolveJudge, planJudge, judgeParameters, type JudgeOptions, type JudgeSetup } from './setup.js';
export { estimateJudge, type JudgeEstimateInput } from './estimate.js';
export { judgeRun, judgedFromJournal, mergeJudgeJournals, JUDGE_JOURNAL, type Judged, type JudgeInput, type JudgeRunOptions } from './grade.js';
export { judgeAgreement, landisKoch } from './agreement.js';
export { loadLabelledSample, chooseCalibrationRows, DEFAULT_CALIBRATION_ROWS, MIN_CALIBRATION_ROWS, LABELLED_SAMPLE, type LabelledRow, type LabelledSample } from './calibration.js';
export { resolveRubric, RUBRICS, type Rubric } from './rubrics.js';
export { judgeAudit, type AuditJudgeOptions } from './audit-judge.js';
