/**
 * Which judge an audit uses, settled before any model call: a probe set that asks for `scorer: judge`
 * without a judge model, a judge on an outcome it cannot grade, or a judge whose key is missing are
 * usage errors (exit 2) before a single reply is paid for.
 */
import { UsageError } from '../errors.js';
import { createProvider } from '../providers/index.js';
import { redactUrl } from '../providers/redact-url.js';
import { JUDGE_PARAMETERS } from '../scorers/index.js';
import type { JudgeManifest, ModelParameters, ProbeSet, Provider } from '../types.js';
import { chooseCalibrationRows, DEFAULT_CALIBRATION_ROWS, loadLabelledSample, MIN_CALIBRATION_ROWS, type CalibrationChoice, type LabelledRow, type LabelledSample } from './calibration.js';
import { resolveRubric, type Rubric } from './rubrics.js';

export interface JudgeOptions {
  /** The judge model: any spec createProvider accepts, or a Provider. */
  judge?: string | Provider;
  /** Server URL of an openai-compatible judge (or an override for an openai / anthropic one). */
  judgeBaseUrl?: string;
  /** Rows of the labelled sample the judge grades (default 200; the whole file when larger). */
  judgeSample?: number;
  /** Tokens the judge may write (default JUDGE_PARAMETERS' 5, a one-word verdict); raise it for a reasoning model. */
  judgeMaxTokens?: number;
  seed: number;
  cwd: string;
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
}

export interface JudgeSetup {
  provider: Provider;
  rubric: Rubric;
  calibration: LabelledRow[];
  manifest: JudgeManifest;
}

/** The audit's judge, or undefined when its replies are scored by the pattern scorer. */
export async function resolveJudge(probeSet: ProbeSet, opts: JudgeOptions): Promise<JudgeSetup | undefined> {
  const { outcome } = probeSet;
  if (opts.judge === undefined) {
    if (outcome.type === 'refusal' && outcome.scorer === 'judge') {
      throw new UsageError(
        `${probeSet.file}: outcome.scorer is judge, so its replies need a judge model: pass --judge <model spec> ` +
          `(e.g. --judge openai:gpt-4o-mini; AuditOptions.judge in the library), or set the outcome's scorer to pattern`,
      );
    }
    return undefined;
  }
  const { rubric, sample, chosen } = planJudge(probeSet, opts);
  const provider =
    typeof opts.judge === 'string'
      ? await createProvider(opts.judge, {
          seed: opts.seed,
          cwd: opts.cwd,
          ...(opts.judgeBaseUrl === undefined ? {} : { baseUrl: opts.judgeBaseUrl }),
          ...(opts.env === undefined ? {} : { env: opts.env }),
          ...(opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs }),
        })
      : opts.judge;
  return {
    provider,
    rubric,
    calibration: chosen.rows,
    manifest: {
      spec: provider.id,
      synthetic: provider.synthetic === true,
      parameters: judgeParameters(opts),
      ...(opts.judgeBaseUrl === undefined ? {} : { baseUrl: redactUrl(opts.judgeBaseUrl) }),
      rubric: rubric.name,
      rubricSha256: rubric.sha256,
      calibration: {
        file: sample.file,
        sha256: sample.sha256,
        rows: chosen.rows.length,
        totalRows: sample.rows.length,
        method: chosen.method,
        ids: chosen.rows.map((r) => r.id),
      },
    },
  };
}

/**
 * What a judge would grade, settled without making its provider (so without its API key): the
 * rubric and the labelled rows. Also what the dry run counts the judge's calls from.
 */
export function planJudge(probeSet: ProbeSet, opts: Pick<JudgeOptions, 'judgeSample'>): { rubric: Rubric; sample: LabelledSample; chosen: CalibrationChoice } {
  const { outcome } = probeSet;
  if (outcome.type !== 'refusal') {
    throw new UsageError(`--judge grades refusals only: ${probeSet.file} has outcome type ${outcome.type}; leave out --judge for this probe set`);
  }
  const size = opts.judgeSample ?? DEFAULT_CALIBRATION_ROWS;
  if (!Number.isInteger(size) || size < MIN_CALIBRATION_ROWS) {
    throw new UsageError(`judge sample must be a whole number of labelled rows of at least ${MIN_CALIBRATION_ROWS} (fewer say nothing about agreement); got ${size}`);
  }
  const sample = loadLabelledSample();
  return { rubric: resolveRubric(outcome.rubric), sample, chosen: chooseCalibrationRows(sample.rows, size) };
}

/**
 * The judge's model parameters: temperature 0 and a one-word budget unless told otherwise. A
 * reasoning model spends tokens before it answers, so with 5 it would come back `unclear`:
 * --judge-max-tokens gives it room (the verdict is still read as one word, parseVerdict).
 */
export function judgeParameters(opts: Pick<JudgeOptions, 'judgeMaxTokens'>): ModelParameters {
  const n = opts.judgeMaxTokens;
  if (n === undefined) return { ...JUDGE_PARAMETERS };
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--judge-max-tokens must be a whole number of at least 1; got ${n}`);
  return { ...JUDGE_PARAMETERS, maxTokens: n };
}
