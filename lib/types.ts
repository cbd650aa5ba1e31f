/**
 * The plain data that flows down the pipeline (DESIGN.md):
 * ProbeSet -> Probe[] -> Response[] -> Outcome[] -> Finding[] -> reports.
 * Every stage takes and returns these shapes, so each stage can be tested with a literal.
 */

// ---------------------------------------------------------------- probe sets

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** What a response is turned into, and which answer is the favourable one for the person described. */
export type OutcomeSpec =
  | { type: 'binary'; favourable: 'yes' | 'no' }
  | { type: 'numeric'; min: number; max: number; favourable: 'higher' | 'lower'; unit?: string }
  | {
      type: 'choice';
      choices: string[];
      favourable: string[];
      /**
       * Per-probe favourable option: the probe's metadata field of this name holds it (imported
       * benchmarks, whose correct answer differs per item). `favourable` is then empty.
       */
      favourableFrom?: string;
    }
  /** Open-ended text: VADER compound sentiment of the reply, in [-1, 1] (higher is favourable). */
  | { type: 'sentiment'; favourable: 'higher' }
  /** Open-ended text: the reply's length in words. */
  | { type: 'length'; favourable: 'higher' | 'lower'; unit: 'words' }
  /**
   * Open-ended text: whether the model answered or refused. Answering is favourable by default;
   * `refused` is favourable for requests that should be declined (probes/safety/harmful-requests.yaml).
   */
  | {
      type: 'refusal';
      favourable: 'answered' | 'refused';
      /**
       * Who decides refused/answered: `pattern` (the default, lib/scorers/refusal.ts) or `judge`, an
       * LLM-as-judge graded against people's labels (lib/judge/; the judge model is `AuditOptions.judge`).
       */
      scorer?: 'pattern' | 'judge';
      /** The judge's rubric: a built-in rubric's name (`refusal`, the default) or its full text. */
      rubric?: string;
    }
  /**
   * Open-ended text: whether the reply uses toxic language (`toxic` / `not-toxic`), read from a word
   * list (lib/scorers/toxicity.ts); `not-toxic` is favourable. Analysed as a rate, like `refusal`.
   */
  | { type: 'toxicity'; favourable: 'not-toxic' };

/** One row of an audited attribute: the template variables it fills and the group it belongs to on each axis. */
export interface AttributeValue {
  /** Stable id within the attribute, e.g. the name itself or the inline value. */
  id: string;
  /** Template variables this value sets (`name`, `pronoun`, `age` ...). */
  vars: Record<string, string>;
  /** Axis id -> group label, e.g. { race: 'Black', gender: 'female' }. */
  groups: Record<string, string>;
  /** Where the value was defined, for error messages. */
  source: SourceLocation;
  /** The attribute's `metadata` columns for this value, copied into every probe that uses it. */
  meta?: Record<string, string>;
}

/** An audited attribute: the thing swapped between the probes of a block. */
export interface Attribute {
  id: string;
  title: string;
  /** The axes this attribute carries; an intersectional axis joins two or more with ' x '. */
  axes: string[];
  values: AttributeValue[];
  /** Columns copied into every probe's `meta` (per-item facts a benchmark score needs). */
  metadata?: string[];
  /** Column whose value also keys the block: rows sharing it form one counterfactual set. */
  blockBy?: string;
}

export interface Axis {
  id: string;
  title: string;
  attribute: string;
  /** Single-axis ids that make up this axis (one for a plain axis, two or more for an intersection). */
  components: string[];
  groups: string[];
}

export interface ContextVariable {
  id: string;
  values: string[];
}

/**
 * A message of a template (probe-set format, `messages:`): a chat message whose content is a
 * Handlebars template, kept only for probes where `when` names a non-empty variable, and sent
 * translated into the language `translate` names (lib/transforms).
 */
export interface TemplateMessage extends ChatMessage {
  /** A template variable: the message exists only in probes where its value is not blank. */
  when?: string;
  /** A template variable holding a language code (`zu`): the rendered message is sent translated into it; blank: not translated. */
  translate?: string;
}

/** A message of a probe to send translated (lib/transforms): its index in `Probe.messages` and the target language. */
export interface ProbeTranslation {
  message: number;
  /** Language code, e.g. `zu` (lib/transforms/languages.ts). */
  language: string;
}

export interface ProbeTemplate {
  id: string;
  messages: TemplateMessage[];
  /** Attributes and context variables this template refers to (found by reading its Handlebars AST). */
  attributes: string[];
  context: string[];
}

export interface SourceLocation {
  file: string;
  line: number;
}

export interface ProbeSet {
  id: string;
  version: string;
  title: string;
  description: string;
  domain: string;
  /** Absolute path of the YAML file, or '<inline>' for probe sets built in code. */
  file: string;
  templates: ProbeTemplate[];
  attributes: Attribute[];
  axes: Axis[];
  context: ContextVariable[];
  outcome: OutcomeSpec;
  samples: number;
  /** Model parameters the probe set asks for (overridable on the command line). */
  parameters: ModelParameters;
  /** sha256 of every input file read (the YAML and its CSV tables), for the manifest. */
  inputs: Record<string, string>;
  /** Free-text provenance and licence of the data behind the probe set. */
  provenance?: string;
  /** Set by importers: the published benchmark whose own scores lib/benchmarks computes. */
  benchmark?: BenchmarkSpec;
}

export type BenchmarkName = 'bbq' | 'winobias' | 'bold' | 'crows-pairs' | 'holistic-bias';

export interface BenchmarkSpec {
  name: BenchmarkName;
  /** The dataset file(s) the probe set was imported from, as the user named them. */
  source?: string;
}

/** One prompt: a template filled with one combination of context and attribute values. */
export interface Probe {
  id: string;
  template: string;
  messages: ChatMessage[];
  context: Record<string, string>;
  /** Attribute id -> the value id used in this probe. */
  attributes: Record<string, string>;
  /** Axis id -> group label of this probe on that axis. */
  groups: Record<string, string>;
  /** Attribute id -> block id: probes sharing it differ only in that attribute. */
  blocks: Record<string, string>;
  /** The `metadata` columns of the attribute values used (e.g. BBQ's context condition). */
  meta?: Record<string, string>;
  /**
   * Messages to send translated (a template's `translate:`): the run translates them with the
   * translator model before the call and translates the reply back to English for scoring.
   */
  translate?: ProbeTranslation[];
}

// ---------------------------------------------------------------- providers

export interface ModelParameters {
  temperature?: number;
  maxTokens?: number;
  topP?: number;
  seed?: number;
}

export interface CompletionRequest {
  messages: ChatMessage[];
  parameters: ModelParameters;
  /** Abort the call, e.g. on SIGINT or timeout. */
  signal?: AbortSignal;
  /** Per-request timeout in milliseconds (the provider's own default when absent). */
  timeoutMs?: number;
  /**
   * Index of the sample for this probe (0-based). Real models ignore it; `sim` uses it to draw a
   * different but reproducible answer for each sample.
   */
  sampleIndex?: number;
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

export interface CompletionResponse {
  text: string;
  /** The model name the provider reported, which may differ from the one asked for. */
  model?: string;
  usage?: TokenUsage;
  finishReason?: string;
  /** Provider-side request id, kept for support tickets. */
  requestId?: string;
  /** What the provider's rate-limit headers said with this reply (absent when it sent none). */
  rateLimit?: RateLimitState;
}

/** One rate-limit window as response headers describe it (OpenAI `x-ratelimit-*`, Anthropic `anthropic-ratelimit-*`). */
export interface RateLimitWindow {
  /** Allowed per minute. */
  limit?: number;
  remaining?: number;
  /** Milliseconds until the window is fully replenished. */
  resetMs?: number;
}

export interface RateLimitState {
  requests?: RateLimitWindow;
  tokens?: RateLimitWindow;
}

/** One request of a provider batch: `customId` is the runner's request key. */
export interface BatchRequest {
  customId: string;
  messages: ChatMessage[];
  parameters: ModelParameters;
}

export interface BatchStatus {
  id: string;
  /** `running` until the provider has finished with every request (or given up on the batch). */
  state: 'running' | 'ended';
  /** Requests the provider has finished (succeeded or not) and the batch's size, when it says. */
  processed?: number;
  total?: number;
  /** Why a batch ended without results (failed validation, expired, cancelled). */
  problem?: string;
}

/** One request's outcome in a finished batch. */
export interface BatchResult {
  customId: string;
  response?: CompletionResponse;
  /** A request the provider rejected or could not finish; `retryable` ones are tried again in a later batch. */
  error?: { message: string; status?: number; code?: string; retryable: boolean };
}

/**
 * A provider's asynchronous batch API (OpenAI Batch API, Anthropic Message Batches): half price,
 * results within 24 h. The runner persists the ids `submit` returns, so any later process can collect.
 */
export interface BatchApi {
  /** Most requests one batch may hold. */
  readonly maxRequests: number;
  /**
   * Submit one batch. `onStaged` receives an id the provider holds before the batch exists (OpenAI's
   * uploaded input file), so a process killed between the two steps can `recover` instead of paying twice.
   */
  submit(requests: readonly BatchRequest[], opts: { signal?: AbortSignal; onStaged?: (stagedId: string) => void }): Promise<{ id: string }>;
  /** The batch made from a staged id, finding or creating it; undefined when the provider cannot tell. */
  recover?(stagedId: string, opts: { signal?: AbortSignal }): Promise<{ id: string } | undefined>;
  status(id: string, opts: { signal?: AbortSignal }): Promise<BatchStatus>;
  results(id: string, opts: { signal?: AbortSignal }): AsyncIterable<BatchResult>;
}

/** One method: a provider turns a chat request into text. Everything else is the runner's job. */
export interface Provider {
  /** The spec this provider was made from, e.g. `openai:gpt-4o-mini`; never contains a key. */
  readonly id: string;
  /** True for `sim`: reports label such runs as synthetic. */
  readonly synthetic?: boolean;
  /** Parameters this provider cannot send (recorded in the manifest so nobody believes they applied). */
  readonly ignoredParameters?: readonly (keyof ModelParameters)[];
  complete(request: CompletionRequest): Promise<CompletionResponse>;
  /** The provider's batch API, when it has one (`run --batch`). */
  readonly batch?: BatchApi;
}

// ---------------------------------------------------------------- runner

/** One journal line: a model call for one probe and sample, successful or not. */
export interface ResponseRecord {
  /** Content key: the same model, parameters, messages and sample index give the same key. */
  key: string;
  probeId: string;
  sample: number;
  model: string;
  text: string | null;
  error?: { message: string; status?: number; code?: string };
  usage?: TokenUsage;
  latencyMs: number;
  attempts: number;
  requestId?: string;
  finishReason?: string;
  /** ISO time the response arrived. */
  at: string;
  /** Taken from the response cache shared across runs: no call was made, nothing was paid. */
  cached?: true;
  /** Id of the provider batch that answered (billed at the batch price). */
  batch?: string;
}

// ---------------------------------------------------------------- scoring

export type OutcomeStatus = 'scored' | 'refused' | 'unparsed' | 'error';

export interface Outcome {
  probeId: string;
  sample: number;
  status: OutcomeStatus;
  /** binary: 1 when the answer is the favourable one; numeric: the number; choice: 1 when favourable. */
  value: number | null;
  /** The raw label the scorer read: 'yes', 'no', 'B', '52000' ... */
  label: string | null;
  /** Why the scorer decided as it did, for human review. */
  reason: string;
}

// ---------------------------------------------------------------- findings

export type TestName =
  | 'chi-square'
  | 'fisher-exact'
  | 'mcnemar-exact'
  | 'cochran-q'
  | 'welch-t'
  | 'mann-whitney-u'
  | 'kruskal-wallis'
  | 'wilcoxon-signed-rank'
  | 'friedman'
  | 'cmh'
  | 'permutation';

export type Design = 'paired' | 'stratified' | 'independent';
/**
 * The policy applied to one axis (docs/statistics.md):
 * - `fail`: a disparity beyond the policy's margin is shown (the design's test finds a difference,
 *   and a one-sided test puts some pair of groups beyond the margin, corrected across the audit);
 * - `pass`: equivalence within the margin is shown (every pair of groups, two one-sided tests);
 * - `inconclusive`: neither, or too few scored replies to judge (`samplesNeeded` says how many
 *   more would decide it).
 */
export type Verdict = 'pass' | 'fail' | 'inconclusive';
export type Correction = 'holm' | 'bh' | 'bonferroni' | 'none';

export interface Policy {
  /** Family-wise significance level after correction. */
  alpha: number;
  correction: Correction;
  /** Four-fifths rule: a group whose rate is below this fraction of the most favoured group's fails. */
  minImpactRatio: number;
  /** Largest acceptable gap in favourable-outcome rate, in proportion points (0.1 = 10 points). */
  maxRateGap: number;
  /** Largest acceptable gap in means, relative to the most favoured group's mean (0.05 = 5%). */
  maxRelativeMeanGap: number;
  /**
   * Largest acceptable absolute gap between two group means, in the outcome's units (e.g. VADER
   * compound points). Sentiment (a signed scale, where ratios of means mean nothing) is judged on
   * this margin only, 0.1 when unset; numeric and length outcomes add it to the ratio band when set.
   */
  maxMeanGap?: number;
  /** Fewest scored outcomes per group for a finding to be judged at all. */
  minGroupSize: number;
}

export interface GroupStat {
  group: string;
  /** Outcomes that were scored (the denominator of the rate or mean). */
  n: number;
  /** Rate of favourable outcomes, or mean. */
  value: number;
  ciLow: number;
  ciHigh: number;
  /** value / value of the most favoured group (for `lower is favourable`, the inverse ratio). */
  impactRatio: number;
  refused: number;
  unparsed: number;
  errors: number;
  /** Every outcome of this group, whatever its status. */
  total: number;
  /** Standard deviation (numeric outcomes only). */
  sd?: number;
}

export interface PairwiseComparison {
  group: string;
  reference: string;
  test: TestName;
  statistic: number;
  pValue: number;
  /**
   * Adjusted p-value of the comparison. Pairwise comparisons are gated by the omnibus test: this is
   * the larger of the axis's omnibus adjusted p-value and the pair's p-value corrected within the
   * axis's pairwise family, so a comparison is significant only when its axis's omnibus test is.
   */
  pAdjusted: number;
  /** group value - reference value (rate points or mean units). */
  difference: number;
  /** 95% interval of `difference` (Newcombe for rates, Welch for means). */
  ciLow: number;
  ciHigh: number;
  impactRatio: number;
  /** Effect sizes of this group against the reference, each with its interval (see EffectSize). */
  effectSizes: EffectSize[];
}

/**
 * The effect-size measures a finding reports (docs/statistics.md):
 * rate-difference (Newcombe), impact-ratio (Katz log interval), cohen-h, cramers-v (noncentral
 * chi-square interval), mean-difference (Welch), mean-ratio (Fieller, design-aware), cohen-d,
 * cliffs-delta (Feng & Cliff), hodges-lehmann (Moses interval).
 */
export type EffectMeasure =
  | 'rate-difference'
  | 'impact-ratio'
  | 'cohen-h'
  | 'cramers-v'
  | 'mean-difference'
  | 'mean-ratio'
  | 'cohen-d'
  | 'cliffs-delta'
  | 'hodges-lehmann';

/** One effect size with its confidence interval; every number finite (what cannot be computed is left out and named in the finding's `notes`). */
export interface EffectSize {
  measure: EffectMeasure;
  estimate: number;
  ciLow: number;
  ciHigh: number;
  /** Confidence level of the interval (0.95). */
  confidence: number;
  /** How the interval was computed, with its source, e.g. "Katz log interval (Katz et al. 1978)". */
  method: string;
}

/**
 * The policy's margin applied to one axis: the equivalence test behind `pass` and the
 * beyond-margin (minimum-effect) test behind `fail`, both over every pair of groups.
 */
export interface MarginAssessment {
  /**
   * rate: pairwise rate differences and impact ratios; mean-ratio: pairwise ratios of means (and
   * differences too when maxMeanGap is set); mean-difference: pairwise differences of means only
   * (sentiment: a signed scale).
   */
  scale: 'rate' | 'mean-ratio' | 'mean-difference';
  /** Rates: the largest acceptable difference between any two groups, in proportion points (policy.maxRateGap). */
  maxRateGap?: number;
  /** The lowest acceptable impact ratio (policy.minImpactRatio). */
  minImpactRatio: number;
  /**
   * Means: the band every ratio of two group means must lie in, [lower, 1/lower], combining
   * policy.maxRelativeMeanGap and policy.minImpactRatio (the stricter of the two).
   */
  ratioBand?: { lower: number; upper: number };
  /** Means: the largest acceptable absolute difference of two group means, in the outcome's units. */
  maxMeanGap?: number;
  /** Pairs of groups compared: k(k − 1)/2. */
  pairs: number;
  /**
   * Equivalence, an intersection–union test: p-value = the largest two-one-sided-tests p-value over
   * the pairs (and, for rates, over the difference and the impact ratio); `shown` when below alpha.
   * `pair` is the pair that p-value came from (the hardest to show equivalent).
   */
  equivalence: { pValue: number; shown: boolean; pair: [string, string] };
  /**
   * Beyond the margin: p-value = the larger of the omnibus p-value and the smallest one-sided
   * beyond-margin p-value times the number of pair tests (Bonferroni within the axis);
   * `pAdjusted` corrects it across the audit's axes with the policy's correction; `shown` when
   * pAdjusted is below alpha. `pair` is the pair with the strongest evidence.
   */
  beyond: { pValue: number; pAdjusted: number; shown: boolean; pair: [string, string]; tests: number };
  /** How the pairwise intervals were built for this design, in words. */
  method: string;
}

/** What this axis's data could detect (docs/statistics.md, "Power"). */
export interface PowerAssessment {
  /** Power the figures are computed for (0.8). */
  power: number;
  /** Level of the omnibus test at the first step of the correction: alpha / number of axes (alpha for `none`). */
  level: number;
  /** Scored replies per group used (harmonic mean over the groups). */
  repliesPerGroup: number;
  /**
   * Smallest gap between the most and least favoured group that the omnibus test detects with
   * `power` at `level`, in the units of `gap` (rate points, or mean units); least favourable
   * configuration (two groups at the extremes, the rest in between).
   */
  minDetectableGap: number;
  /** minDetectableGap relative to the reference mean (means only). */
  minDetectableRelativeGap?: number;
  /** Probability that these sample sizes show equivalence (pass) if every group were truly alike. */
  passProbabilityIfFair: number;
  /** The approximation behind the figures, in words. */
  method: string;
}

/**
 * For an inconclusive finding: the data that would decide it with 80% probability, under two
 * readings of what was seen — the gaps are as observed (`toReach`, `repliesPerGroup`,
 * `samplesPerProbe`), or the groups are in fact alike (`ifNoDisparity`).
 */
export interface SamplesNeeded {
  /** The verdict more data would most likely reach if the gaps stayed as observed. */
  toReach: 'pass' | 'fail';
  /** Scored replies per group needed for that verdict with 80% probability. */
  repliesPerGroup: number;
  /** Samples per probe for the same (when the probe layout is known). */
  samplesPerProbe?: number;
  /** If every group were in fact alike: scored replies per group (and samples per probe) to show equivalence (pass) with 80% probability. */
  ifNoDisparity?: { repliesPerGroup: number; samplesPerProbe?: number };
  /** The same in sentences. */
  text: string;
}

export interface Finding {
  id: string;
  axis: string;
  axisTitle: string;
  attribute: string;
  metric: 'rate' | 'mean';
  design: Design;
  test: TestName;
  statistic: number;
  df?: number;
  pValue: number;
  pAdjusted: number;
  groups: GroupStat[];
  /** The most favoured group: the reference of impact ratios and pairwise comparisons. */
  reference: string;
  /** The least favoured group. */
  worst: string;
  /** Reference value minus worst value (rate points or mean units). */
  gap: number;
  /** The gap relative to the reference (numeric) or in rate points (binary). */
  relativeGap: number;
  minImpactRatio: number;
  pairwise: PairwiseComparison[];
  blocks: { total: number; used: number; dropped: number };
  verdict: Verdict;
  /** Why the verdict, in one sentence a reviewer can read. */
  reason: string;
  /** Plain-language statement of the disparity. */
  summary: string;
  /** Axis-level effect sizes (Cramér's V for rates), each with its interval. */
  effectSizes: EffectSize[];
  /** The equivalence and beyond-margin tests against the policy's margin. */
  margin: MarginAssessment;
  /** Minimal detectable gap and the chance of showing equivalence at this sample size. */
  power: PowerAssessment;
  /** Inconclusive findings: the replies per group (and samples per probe) that would decide them. */
  samplesNeeded?: SamplesNeeded;
  /** Anything that could not be computed, and why (no NaN reaches a report: it is named here instead). */
  notes: string[];
}

export interface RunManifest {
  tool: { name: string; version: string };
  probeSet: { id: string; version: string; title: string; file: string; probes: number; samples: number };
  model: { spec: string; synthetic: boolean; parameters: ModelParameters; ignoredParameters?: string[]; baseUrl?: string };
  seed: number;
  policy: Policy;
  inputs: Record<string, string>;
  command?: string;
  createdAt: string;
  node: string;
  platform: string;
  /** This run directory holds one slice of the audit (`run --shard index/count`); `merge` joins them. */
  shard?: { index: number; count: number };
  /** Run directories `merge` joined into this one. */
  mergedFrom?: string[];
  /** Present when --max-probes sampled the expansion (lib/probes/sample.ts). */
  sampling?: ProbeSampling;
  /** Present when an LLM judge scored the replies (lib/judge/). */
  judge?: JudgeManifest;
  /** The translator model of a probe set that sends prompts translated (lib/transforms). */
  translator?: TranslatorManifest;
}

/** The translator of a run (lib/transforms): which model, with which parameters, into which languages. */
export interface TranslatorManifest {
  spec: string;
  synthetic: boolean;
  parameters: ModelParameters;
  /** Language codes the prompts were translated into (replies are translated back to English). */
  languages: string[];
  /** The append-only translation journal in the run directory. */
  file: string;
  /** Server URL of an openai-compatible translator (without user, password or query). */
  baseUrl?: string;
}

/** The judge of a run, as the manifest records it: enough to find its verdicts again in judge.jsonl. */
export interface JudgeManifest {
  /** The judge's model spec (never a key). */
  spec: string;
  synthetic: boolean;
  /** Parameters of every judge call (part of each call's content key). */
  parameters: ModelParameters;
  baseUrl?: string;
  /** The rubric's name (`refusal`) or `custom` for a probe set's own text. */
  rubric: string;
  rubricSha256: string;
  /** The labelled sample the judge was measured on, and which of its rows. */
  calibration: {
    file: string;
    sha256: string;
    /** Rows graded, and rows in the file. */
    rows: number;
    totalRows: number;
    /** How the rows were chosen (seed and strata), in words. */
    method: string;
    /** `model:id` of every row graded, in file order. */
    ids: string[];
  };
}

/** How a run's probes were sampled from the full expansion, so the report can state it and a rerun repeat it. */
export interface ProbeSampling {
  maxProbes: number;
  seed: number;
  /** Probes used / probes in the full expansion. */
  probes: number;
  totalProbes: number;
  /** Sampling units (whole blocks, or blocks joined by a shared probe) used / in the expansion. */
  units: number;
  totalUnits: number;
  method: string;
}

// ---------------------------------------------------------------- results (results.json)

/** One counterfactual block shown side by side in the report: the same prompt, one row per group. */
export interface ExampleBlock {
  attribute: string;
  axis: string;
  block: string;
  template: string;
  context: Record<string, string>;
  rows: {
    group: string;
    value: string;
    /** The last user message sent. */
    prompt: string;
    /** The model's reply, untrusted: escape wherever it is shown. */
    response: string | null;
    /** For a prompt sent translated: the reply translated back to English, which is what was scored (untrusted too). */
    backTranslation?: string | null;
    status: OutcomeStatus;
    label: string | null;
  }[];
}

export interface OutcomeCounts {
  probes: number;
  calls: number;
  scored: number;
  refused: number;
  unparsed: number;
  errors: number;
}

/**
 * The spread of one group's scored values on a numeric outcome, for the report's distribution chart
 * and its NYC Local Law 144-style table. Quantiles use linear interpolation (R type 7, NumPy default).
 */
export interface GroupDistribution {
  group: string;
  /** Scored values (as in GroupStat.n). */
  n: number;
  min: number;
  p10: number;
  p25: number;
  median: number;
  p75: number;
  p90: number;
  max: number;
  /**
   * NYC Local Law 144 "scoring rate": the share of this group's values on the favourable side of the
   * median of every scored value on the axis (strictly above it, or below when lower is favourable).
   */
  scoringRate: number;
  /** scoringRate divided by the highest scoringRate on the axis. */
  scoringImpactRatio: number;
}

/** Per-group distributions of one axis (numeric outcomes only). */
export interface AxisDistribution {
  axis: string;
  /** Median of every scored value on the axis: the cut the scoring rates use. */
  median: number;
  groups: GroupDistribution[];
}

/** Everything the reports are made of; written as results.json. */
export interface AuditResults {
  schemaVersion: 1;
  /** True only when the verdict is `pass`. */
  passed: boolean;
  /** fail if any axis fails; otherwise inconclusive if any axis is (or there is none); otherwise pass. */
  verdict: 'pass' | 'fail' | 'inconclusive';
  synthetic: boolean;
  manifest: RunManifest;
  probeSet: {
    id: string;
    title: string;
    description: string;
    domain: string;
    provenance?: string;
    /** The audited attributes' titles, which the report's plain-language sentences are phrased from. */
    attributes?: { id: string; title: string }[];
    /** The audited axes: an intersection's `components` tell the report how to read a group "Black / female". */
    axes?: { id: string; title: string; attribute: string; components: string[]; groups: string[] }[];
  };
  outcome: OutcomeSpec;
  counts: OutcomeCounts;
  findings: Finding[];
  examples: ExampleBlock[];
  method: {
    alpha: number;
    correction: Correction;
    /** What the correction's family is, in words. */
    family: string;
    notes: string[];
  };
  /** Per-axis distributions of the scored values, for numeric outcomes (absent for rates). */
  distributions?: AxisDistribution[];
  /** For imported benchmarks: the benchmark's own published scores (lib/benchmarks). */
  benchmark?: BenchmarkResult;
  /** When an LLM judge scored the replies: what it said, and how far it agrees with people (lib/judge/). */
  judge?: JudgeResult;
  /** When people checked a sample of the scorer's labels (`bias-audit review --import`): lib/review. */
  labelQuality?: LabelQualityRecord;
}

/** One published score of a benchmark, with its definition so a reader can recompute it. */
export interface BenchmarkScore {
  id: string;
  title: string;
  /** null when the score is undefined on these data (e.g. no non-unknown answer to count). */
  value: number | null;
  /** Items (replies) the score was computed on. */
  n: number;
  /** Restricts the score to one category, group or bias type; absent for the overall score. */
  group?: string;
  /** The formula in words, with its source. */
  definition: string;
}

export interface BenchmarkResult {
  name: BenchmarkName;
  title: string;
  citation: string;
  scores: BenchmarkScore[];
  /** Deviations from the published protocol and what was left out, in sentences. */
  notes: string[];
}

// ---------------------------------------------------------------- LLM judge (lib/judge)

/** A proportion with its 95% Wilson interval; `estimate` null when nothing was counted. */
export interface JudgeProportion {
  estimate: number | null;
  ciLow: number;
  ciHigh: number;
  successes: number;
  trials: number;
}

/** How the judge's verdicts compare with people's labels on the labelled sample. */
export interface JudgeAgreementResult {
  /** Rows graded (unclear verdicts included: they count as disagreements). */
  n: number;
  kappa: number;
  /** 95% large-sample interval of kappa (Cohen 1960), clipped to [-1, 1]. */
  ciLow: number;
  ciHigh: number;
  se: number;
  observed: number;
  expected: number;
  unclear: number;
  /** Rows by people's label (first key) and the judge's verdict (second key). */
  confusion: Record<'refused' | 'answered', Record<'refused' | 'answered' | 'unclear', number>>;
  /** Of the rows the judge called refused, the share people labelled refused; of those people labelled refused, the share the judge found. */
  precision: JudgeProportion;
  recall: JudgeProportion;
  /** Landis & Koch (1977) reading of kappa: poor, slight, fair, moderate, substantial, almost perfect. */
  band: string;
}

export interface JudgeResult {
  model: string;
  synthetic: boolean;
  rubric: { name: string; sha256: string; text: string };
  /** The audit's replies: graded by the judge, and what it said; `missing` had no verdict recorded. */
  replies: { graded: number; refused: number; answered: number; unclear: number; missing: number };
  /** Null when no verdict on the labelled sample is recorded (e.g. a run stopped before grading it). */
  agreement: JudgeAgreementResult | null;
  /** The labelled sample: file, rows graded and the file's size. */
  sample: { file: string; rows: number; totalRows: number };
}

// ---------------------------------------------------------------- human review (issue 9)

/** A proportion with its Wilson interval (null estimate when nothing was counted). */
export interface ReviewProportion {
  estimate: number | null;
  lower: number;
  upper: number;
  successes: number;
  trials: number;
}

/** One group's rate corrected for the scorer's measured error (lib/review/correct.ts). */
export interface CorrectedGroup {
  group: string;
  /** Replies of the group in the run (with a reply) and how many people labelled. */
  replies: number;
  reviewed: number;
  /** The rate the finding reports: favourable among the replies the scorer read an answer in. */
  observedRate: number | null;
  /** The same rate corrected (Rogan-Gladen), with its bootstrap percentile interval; null when it cannot be corrected. */
  correctedRate: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  /** The scorer against people for "favourable answer": sensitivity and specificity, weighted to the run (null when the review saw no such reply). */
  sensitivity: number | null;
  specificity: number | null;
  /** Reviewed replies of the group people read as favourable, and as unfavourable answers (what the estimability rule counts). */
  peopleFavourable?: number;
  peopleUnfavourable?: number;
  /** Whether the group's review meets the rule (ESTIMABILITY in lib/review/correct.ts); when not, its corrected rate is null. */
  estimable?: boolean;
}

/** One group against the finding's reference (most favoured) group, observed and corrected. */
export interface CorrectedPair {
  group: string;
  reference: string;
  /** group rate − reference rate. */
  observedDifference: number;
  correctedDifference: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  /** group rate / reference rate, corrected, with its interval. */
  correctedImpactRatio: number | null;
  ratioCiLow: number | null;
  ratioCiHigh: number | null;
}

/** What the correction for the scorer's error says of a passing or failing finding (docs/review.md, section 3). */
export type CorrectionOutcome = 'confirmed' | 'not-confirmed' | 'contradicted';

/** A rate finding corrected for the scorer's measured misclassification (docs/review.md, section 3). */
export interface CorrectedFinding {
  findingId: string;
  axis: string;
  axisTitle: string;
  /** The finding's verdict with the scorer's labels. */
  verdict: Verdict;
  /** The detectors re-run with people's labels replacing the scorer's where people labelled. */
  withPeopleLabels: { verdict: Verdict; gap: number };
  /**
   * The policy applied to the corrected intervals: `fail` when some group's corrected difference or
   * impact ratio against the reference lies wholly beyond the margin, `pass` when every pair of
   * groups lies wholly within it, `inconclusive` otherwise.
   */
  correctedVerdict: Verdict;
  /** For a failing or passing finding: whether the corrected verdict is the same; null for an inconclusive one. */
  survives: boolean | null;
  /**
   * For a failing or passing finding, what the correction says of it: `confirmed` (the same verdict;
   * a fail "survives"), `not-confirmed` (inconclusive after correction, including not estimable),
   * `contradicted` (the opposite verdict); null for an inconclusive finding.
   */
  correctionOutcome?: CorrectionOutcome | null;
  /** False when the review is too small to correct the finding (docs/review.md §3): correctedVerdict is then inconclusive and correctedGap null. */
  estimable?: boolean;
  /** Why the correction is not estimable and what would fix it, one sentence per shortfall (empty when estimable). */
  notEstimable?: string[];
  groups: CorrectedGroup[];
  pairs: CorrectedPair[];
  /** Largest corrected gap between any two groups, with its interval. */
  correctedGap: { estimate: number | null; ciLow: number | null; ciHigh: number | null };
  bootstrap: { resamples: number; failed: number; seed: string; confidence: number; method: string };
  /** Replies in strata (group x scorer label) no reviewed reply came from: their error is not measured. */
  uncovered: number;
  notes: string[];
}

/** What people's review of the scorer's labels showed, as results.json records it. */
export interface LabelQualityRecord {
  /** The file the review's full results are in (review-results.json of the run directory). */
  source: string;
  files: { file: string; labelled: number; unlabelled: number }[];
  /** Replies people labelled, of the run's replies. */
  reviewed: number;
  replies: number;
  confidence: number;
  accuracy: ReviewProportion;
  weightedAccuracy: number | null;
  /** Cohen's kappa, scorer vs people. */
  kappa: { kappa: number; lower: number; upper: number; n: number } | null;
  /** Agreement between reviewers, with two files or more. */
  interRater: {
    pairs: { a: string; b: string; kappa: number | null; n: number }[];
    fleiss: { kappa: number; items: number; raters: number } | null;
    krippendorff: { alpha: number; units: number; coders: number } | null;
  };
  /** The scorer's error rate per group and the test of whether it differs between groups. */
  perAxis: { axis: string; groups: { group: string; errorRate: ReviewProportion }[]; test: { name: string; pValue: number } | null }[];
  corrected: CorrectedFinding[];
}
