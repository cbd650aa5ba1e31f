/**
 * The judge's share of `run --dry-run`: one call per distinct reply of the audit and one per chosen
 * labelled row. A labelled row's request is known now, so it is looked up in judge.jsonl and the
 * cache like any call. A reply not yet made is counted at its worst case: the judge's prompt is the
 * rubric and the request with a reply of the model's `maxTokens`, so the figure is a ceiling.
 */
import { estimateCalls, estimatePromptTokens, type CostFunction, type PlannedCall, type ResponseCache, type RunEstimate } from '../runner/index.js';
import { cleanReply, JUDGE_PARAMETERS, judgeMessages } from '../scorers/index.js';
import type { ModelParameters, Probe, ResponseRecord } from '../types.js';
import type { LabelledRow } from './calibration.js';

export interface JudgeEstimateInput {
  judgeId: string;
  rubricText: string;
  calibration: readonly LabelledRow[];
  probes: readonly Probe[];
  samples: number;
  /**
   * The replies the judge would read that the run directory already holds (a translated reply in its
   * back-translation), and the key of each probe's call: undefined when it cannot be known yet (a
   * probe not translated yet).
   */
  replies: ReadonlyMap<string, ResponseRecord>;
  keyOf: (probe: Probe, sample: number) => string | undefined;
  /** Reply tokens at most (the model's maxTokens): the size of a reply not yet made. */
  replyCap: number;
  /** The judge's parameters (judgeParameters); default JUDGE_PARAMETERS. */
  parameters?: ModelParameters;
  journalFile: string;
  cache?: ResponseCache;
  costOf?: CostFunction;
}

export function estimateJudge(input: JudgeEstimateInput): RunEstimate {
  const calls: PlannedCall[] = [];
  const seen = new Set<string>();
  for (const probe of input.probes) {
    const prompt = [...probe.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
    for (let sample = 0; sample < input.samples; sample++) {
      const key = input.keyOf(probe, sample);
      if (key !== undefined) {
        // Identical requests are one call of the model, so one reply and one verdict.
        if (seen.has(key)) continue;
        seen.add(key);
      }
      const rec = key === undefined ? undefined : input.replies.get(key);
      if (rec && typeof rec.text === 'string') {
        // An empty reply is not graded (grade.ts), so it costs no judge call.
        if (cleanReply(rec.text) !== '') calls.push({ messages: judgeMessages(input.rubricText, { prompt, reply: rec.text }) });
      } else {
        calls.push({ promptTokens: estimatePromptTokens(judgeMessages(input.rubricText, { prompt, reply: '' })) + input.replyCap });
      }
    }
  }
  for (const row of input.calibration) calls.push({ messages: judgeMessages(input.rubricText, { prompt: row.prompt, reply: row.reply }) });
  return estimateCalls({
    provider: { id: input.judgeId },
    calls,
    parameters: input.parameters ?? JUDGE_PARAMETERS,
    journalFile: input.journalFile,
    ...(input.cache ? { cache: input.cache } : {}),
    ...(input.costOf ? { costOf: input.costOf } : {}),
  });
}
