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
  | { type: 'choice'; choices: string[]; favourable: string[] };

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
}

/** An audited attribute: the thing swapped between the probes of a block. */
export interface Attribute {
  id: string;
  title: string;
  /** The axes this attribute carries; an intersectional axis joins two or more with ' x '. */
  axes: string[];
  values: AttributeValue[];
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

export interface ProbeTemplate {
  id: string;
  messages: ChatMessage[];
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
export type Verdict = 'pass' | 'fail' | 'insufficient-data';
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
  /** Adjusted within the axis's pairwise family with the policy's correction. */
  pAdjusted: number;
  /** group value - reference value (rate points or mean units). */
  difference: number;
  ciLow: number;
  ciHigh: number;
  impactRatio: number;
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

/** Everything the reports are made of; written as results.json. */
export interface AuditResults {
  schemaVersion: 1;
  passed: boolean;
  verdict: 'pass' | 'fail';
  synthetic: boolean;
  manifest: RunManifest;
  probeSet: { id: string; title: string; description: string; domain: string; provenance?: string };
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
}
