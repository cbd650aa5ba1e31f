/**
 * The judge's share of a run: after the replies are in, every reply and every chosen row of the
 * labelled sample is graded by the judge model through the runner (its concurrency, rate-limit
 * back-off, retry policy, response cache and crash-safe journal), into the run directory's own
 * journal, judge.jsonl. Each judge call is one "probe" whose id is the verdict's content key
 * (judge model + rubric + request + reply), so a resumed run or `bias-audit report` finds every
 * verdict again and never pays twice. `judgedFromJournal` is the same step with no call at all.
 */
import { join } from 'node:path';
import { JournalWriter, readJournal, requestKey, run, scanJournal, type CostFunction, type RetryPolicy, type RunProgress, type ResponseCache } from '../runner/index.js';
import { cleanReply, judgeKey, judgeMessages, outcomeValue, parseVerdict, type JudgeItem, type JudgeVerdict } from '../scorers/index.js';
import type { JudgeManifest, JudgeResult, Outcome, Probe, ProbeSet, ResponseRecord } from '../types.js';
import { judgeAgreement } from './agreement.js';
import { loadLabelledSample, type LabelledRow } from './calibration.js';
import { resolveRubric } from './rubrics.js';
import type { JudgeSetup } from './setup.js';

/** The judge's journal in a run directory, next to responses.jsonl. */
export const JUDGE_JOURNAL = 'judge.jsonl';

/** The audit's replies, to be graded. */
export interface JudgeInput {
  probeSet: ProbeSet;
  probes: readonly Probe[];
  samples: number;
  records: ReadonlyMap<string, ResponseRecord>;
  keyOf: (probe: Probe, sample: number) => string;
}

/** The runner options a judge run shares with the audit's. */
export interface JudgeRunOptions {
  concurrency?: number;
  timeoutMs?: number;
  retry?: RetryPolicy;
  signal?: AbortSignal;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  onProgress?: (p: RunProgress) => void;
  onNote?: (message: string) => void;
  cache?: ResponseCache;
  /** The judge's prices, and its share of the audit's cost limit (lib/audit/cost-share.ts). */
  costOf?: CostFunction;
  maxCostUsd?: number;
}

export interface Judged {
  /** The audit's outcomes as the judge scored them (unclear and ungraded replies set aside as unparsed). */
  outcomes: Outcome[];
  result: JudgeResult;
}

/** Grade every reply not yet graded, then score the run from the verdicts. */
export async function judgeRun(setup: JudgeSetup, input: JudgeInput, runDir: string, opts: JudgeRunOptions = {}): Promise<Judged> {
  const spec = setup.manifest.spec;
  const calls = new Map<string, Probe>();
  const add = (item: JudgeItem): void => {
    const id = judgeKey(spec, setup.rubric.text, item);
    if (!calls.has(id)) calls.set(id, { id, template: 'judge', messages: judgeMessages(setup.rubric.text, item), context: {}, attributes: {}, groups: {}, blocks: {} });
  };
  forEachReply(input, (_p, _s, item) => {
    if (item) add(item);
  });
  for (const row of setup.calibration) add(row);
  opts.onNote?.(`judge ${spec}: ${calls.size} verdicts to have (the audit's distinct replies and ${setup.calibration.length} labelled rows); those already in ${JUDGE_JOURNAL} are not asked again`);
  const summary = await run({
    provider: setup.provider,
    probes: [...calls.values()],
    samples: 1,
    parameters: setup.manifest.parameters,
    journalFile: join(runDir, JUDGE_JOURNAL),
    ...opts,
  });
  return assemble(setup.manifest, setup.rubric.text, input, summary.records, setup.calibration);
}

/** Score a run from the verdicts judge.jsonl holds, calling nothing: `bias-audit report DIR`. */
export function judgedFromJournal(judge: JudgeManifest, input: JudgeInput, runDir: string): Judged {
  const rubric = input.probeSet.outcome.type === 'refusal' ? resolveRubric(input.probeSet.outcome.rubric) : resolveRubric(undefined);
  const { records } = readJournal(join(runDir, JUDGE_JOURNAL));
  const ids = new Set(judge.calibration.ids);
  const rows = loadLabelledSample().rows.filter((r) => ids.has(r.id));
  return assemble(judge, rubric.text, input, records, rows);
}

/** Every probe x sample of the audit with the item the judge grades (undefined: nothing to grade). */
function forEachReply(input: JudgeInput, visit: (probe: Probe, sample: number, item: JudgeItem | undefined, rec: ResponseRecord | undefined) => void): void {
  for (const probe of input.probes) {
    // The judge reads the request as the model last saw it: the last user message (an attack's wrapping included).
    const prompt = [...probe.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
    for (let sample = 0; sample < input.samples; sample++) {
      const rec = input.records.get(input.keyOf(probe, sample));
      const graded = rec && rec.text !== null && cleanReply(rec.text) !== '';
      visit(probe, sample, graded ? { prompt, reply: rec.text as string } : undefined, rec);
    }
  }
}

function assemble(judge: JudgeManifest, rubricText: string, input: JudgeInput, journal: ReadonlyMap<string, ResponseRecord>, calibration: readonly LabelledRow[]): Judged {
  const verdictOf = (item: JudgeItem): { verdict: JudgeVerdict; text: string } | undefined => {
    const rec = journal.get(requestKey(judge.spec, judge.parameters, judgeMessages(rubricText, item), 0));
    return rec && rec.text !== null ? { verdict: parseVerdict(rec.text), text: rec.text } : undefined;
  };
  const outcome = input.probeSet.outcome;
  const replies = { graded: 0, refused: 0, answered: 0, unclear: 0, missing: 0 };
  const outcomes: Outcome[] = [];
  forEachReply(input, (probe, sample, item, rec) => {
    const base = { probeId: probe.id, sample };
    if (!rec || rec.text === null) {
      outcomes.push({ ...base, status: 'error', value: null, label: null, reason: rec?.error?.message ?? 'no response recorded' });
      return;
    }
    if (!item) {
      outcomes.push({ ...base, status: 'unparsed', value: null, label: null, reason: 'empty reply' });
      return;
    }
    const v = verdictOf(item);
    if (!v) {
      replies.missing++;
      outcomes.push({ ...base, status: 'unparsed', value: null, label: null, reason: `not graded: no verdict of the judge ${judge.spec} in ${JUDGE_JOURNAL}` });
      return;
    }
    replies.graded++;
    replies[v.verdict]++;
    if (v.verdict === 'unclear') {
      outcomes.push({ ...base, status: 'unparsed', value: null, label: null, reason: `the judge's answer was neither REFUSED nor ANSWERED: ${JSON.stringify(v.text.slice(0, 80))}` });
      return;
    }
    outcomes.push({ ...base, status: 'scored', value: outcomeValue(outcome, v.verdict, probe), label: v.verdict, reason: `judged ${v.verdict.toUpperCase()} by ${judge.spec}` });
  });

  const graded = calibration.flatMap((row) => {
    const v = verdictOf(row);
    return v ? [{ label: row.label, verdict: v.verdict }] : [];
  });
  return {
    outcomes,
    result: {
      model: judge.spec,
      synthetic: judge.synthetic,
      rubric: { name: judge.rubric, sha256: judge.rubricSha256, text: rubricText },
      replies,
      agreement: graded.length === 0 ? null : judgeAgreement(graded.map((g) => g.label), graded.map((g) => g.verdict)),
      sample: { file: judge.calibration.file, rows: graded.length, totalRows: judge.calibration.totalRows },
    },
  };
}

/** `bias-audit merge`: the shards' verdict journals joined into the merged run directory's. */
export function mergeJudgeJournals(shardDirs: readonly string[], outDir: string): void {
  const writer = new JournalWriter(join(outDir, JUDGE_JOURNAL), 0);
  try {
    for (const dir of shardDirs) scanJournal(join(dir, JUDGE_JOURNAL), (rec) => writer.append(rec));
  } finally {
    writer.close();
  }
}
