import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parse } from 'csv-parse/sync';
import { detect, familyWords, methodNotes, overallVerdict, resolvePolicy } from '../detectors/index.js';
import { InputFileError, UsageError } from '../errors.js';
import { outcomeScale, summariseDistributions, writeReports } from '../report/index.js';
import type { AuditResults, Axis, Outcome, OutcomeCounts, OutcomeSpec, OutcomeStatus, Policy, Probe, RunManifest } from '../types.js';
import type { AuditResult } from './audit.js';
import { toolVersion } from './audit.js';
import { countOutcomes } from './results.js';
import { summarise } from './summary.js';

export interface AnalyzeOptions {
  /** A CSV or JSONL file of scored outcomes: columns block, axis, group, outcome, optional sample and model. */
  file: string;
  /** Where results.json and the reports go (created). */
  outDir: string;
  /** binary (0/1, yes/no, true/false) or numeric; default: binary when every outcome reads as binary. */
  outcome?: 'binary' | 'numeric';
  /** Which answer is favourable: yes (default) or no for binary, higher (default) or lower for numeric. */
  favourable?: 'yes' | 'no' | 'higher' | 'lower';
  /** Analyse only the rows of this model (required when the file holds several). */
  model?: string;
  policy?: Partial<Policy>;
  /** Seeds the permutation tests. Default 0. */
  seed?: number;
  /** The command line, recorded in the manifest. */
  command?: string;
  now?: () => Date;
}

/** One row of the table, validated. */
interface Row {
  line: number;
  block: string;
  axis: string;
  group: string;
  /** The outcome as written (trimmed), or a status word. */
  outcome: string;
  sample?: number;
  model?: string;
}

interface Issue {
  line: number;
  column: string;
  expected: string;
  received: string;
}

const REQUIRED = ['block', 'axis', 'group', 'outcome'] as const;
const STATUSES: Record<string, OutcomeStatus> = { refused: 'refused', unparsed: 'unparsed', error: 'error' };
const YES = new Set(['1', 'yes', 'true']);
const NO = new Set(['0', 'no', 'false']);
const MAX_LISTED = 20;

/**
 * `bias-audit analyze`: bring your own outcomes. Reads a table of already scored outcomes, builds
 * one probe per (axis, block, group) and one outcome per row, runs the same detectors as `run`
 * (the design rule sees blocks with one row per group as paired and several as stratified) and
 * writes the same results.json and reports. Every bad row is reported at once with file:line.
 */
export async function analyzeOutcomes(opts: AnalyzeOptions): Promise<AuditResult> {
  let text: string;
  try {
    text = await readFile(opts.file, 'utf8');
  } catch (err) {
    throw new InputFileError(opts.file, 0, `cannot read the outcomes file: ${(err as Error).message}`);
  }
  let policy: Policy;
  try {
    policy = resolvePolicy(opts.policy);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const seed = opts.seed ?? 0;
  const now = opts.now ?? (() => new Date());
  const rows = selectModel(readRows(opts.file, text), opts.model, opts.file);
  const outcome = outcomeSpecOf(rows, opts, opts.file);
  const { probes, outcomes, axes, cellSizes } = tabulate(rows, outcome, opts.file);
  const findings = detect({ axes, outcome }, probes, outcomes, { policy, seed, samplesPerProbe: cellSizes });
  const cellSize = Math.max(...Object.values(cellSizes));
  const counts = countOutcomes(probes.length, outcomes);
  const name = basename(opts.file);
  const models = [...new Set(rows.map((r) => r.model).filter((m): m is string => m !== undefined))];
  const manifest: RunManifest = {
    tool: { name: 'bias-audit', version: toolVersion() },
    probeSet: { id: name.replace(/\.[^.]+$/, '') || name, version: 'analyze', title: `Outcomes from ${name}`, file: opts.file, probes: probes.length, samples: cellSize },
    model: { spec: models[0] ?? 'unknown (outcomes brought to bias-audit analyze)', synthetic: false, parameters: {} },
    seed,
    policy,
    inputs: { [opts.file]: `sha256:${createHash('sha256').update(text).digest('hex')}` },
    ...(opts.command === undefined ? {} : { command: opts.command }),
    createdAt: now().toISOString(),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
  const verdict = overallVerdict(findings);
  const results: AuditResults = {
    schemaVersion: 1,
    passed: verdict === 'pass',
    verdict,
    synthetic: false,
    manifest,
    probeSet: {
      id: manifest.probeSet.id,
      title: manifest.probeSet.title,
      description: `Scored outcomes read from ${name} by bias-audit analyze: ${rows.length} rows on ${axes.length} axis/axes. The prompts and replies are not part of the file, so the report shows no examples.`,
      domain: 'unspecified',
      axes: axes.map((x) => ({ id: x.id, title: x.title, attribute: x.attribute, components: x.components, groups: x.groups })),
    },
    outcome,
    counts,
    findings,
    examples: [],
    ...(outcomeScale(outcome) ? { distributions: summariseDistributions({ axes }, outcome, probes, outcomes) } : {}),
    method: {
      alpha: policy.alpha,
      correction: policy.correction,
      family: familyWords(findings),
      notes: [
        `Outcomes were read from ${name} (bias-audit analyze): a block is the set of rows sharing an axis and a block id, one row per reply; blocks holding exactly one scored row per group are paired, blocks holding several are stratified; refused, unparsed and error rows are counted and left out of rates and means.`,
        ...methodNotes(outcome, policy, findings),
      ],
    },
  };
  await mkdir(opts.outDir, { recursive: true });
  const files = await writeReports(results, opts.outDir);
  const summaryText = summarise(results, files.html);
  return Object.assign(results, { outDir: opts.outDir, files: { ...files, journal: opts.file }, summary: () => summaryText });
}

/** Rows of a CSV (header row) or JSONL (one object per line) file, every bad row reported at once. */
function readRows(file: string, text: string): Row[] {
  const jsonl = /\.(jsonl|ndjson)$/i.test(file) || (!/\.csv$/i.test(file) && text.trimStart().startsWith('{'));
  const raw = jsonl ? readJsonl(file, text) : readCsv(file, text);
  const issues: Issue[] = [];
  const rows: Row[] = [];
  const seen = new Map<string, number>();
  for (const { line, values } of raw) {
    const before = issues.length;
    const get = (column: string): string | undefined => {
      const v = values[column];
      return v === undefined || v === null ? undefined : String(v).trim();
    };
    for (const column of REQUIRED) {
      const v = get(column);
      if (v === undefined || v === '') issues.push({ line, column, expected: `a non-empty ${column}`, received: v === undefined ? 'nothing' : 'an empty value' });
    }
    const sampleText = get('sample');
    let sample: number | undefined;
    if (sampleText !== undefined && sampleText !== '') {
      sample = Number(sampleText);
      if (!Number.isInteger(sample) || sample < 0) issues.push({ line, column: 'sample', expected: 'a whole number of at least 0', received: JSON.stringify(sampleText) });
    }
    if (issues.length > before) continue;
    const row: Row = { line, block: get('block') as string, axis: get('axis') as string, group: get('group') as string, outcome: get('outcome') as string };
    if (sample !== undefined) row.sample = sample;
    const model = get('model');
    if (model !== undefined && model !== '') row.model = model;
    if (sample !== undefined) {
      const key = JSON.stringify([row.model ?? '', row.axis, row.block, row.group, sample]);
      const first = seen.get(key);
      if (first !== undefined) {
        issues.push({ line, column: 'sample', expected: `one row per axis, block, group and sample (line ${first} has the same)`, received: `a repeat of sample ${sample}` });
        continue;
      }
      seen.set(key, line);
    }
    rows.push(row);
  }
  if (issues.length === 0 && rows.length === 0) throw new InputFileError(file, 0, 'expected at least one outcome row, got none');
  if (issues.length > 0) throwIssues(file, issues);
  return rows;
}

function readCsv(file: string, text: string): { line: number; values: Record<string, unknown> }[] {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, columns: true, info: true, skip_empty_lines: true, trim: true }) as unknown as typeof records;
  } catch (err) {
    const e = err as { lines?: number; message?: string };
    throw new InputFileError(file, e.lines ?? 0, `expected CSV with a header row (block,axis,group,outcome[,sample][,model]): ${e.message ?? String(err)}`);
  }
  const header = parse(text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '', { bom: true, trim: true }) as string[][];
  const columns = header[0] ?? [];
  const missing = REQUIRED.filter((c) => !columns.includes(c));
  if (missing.length > 0) throw new InputFileError(file, 1, `expected the columns block, axis, group and outcome (optional: sample, model); missing ${missing.join(', ')} in the header ${JSON.stringify(columns.join(','))}`);
  return records.map((r) => ({ line: r.info.lines, values: r.record }));
}

function readJsonl(file: string, text: string): { line: number; values: Record<string, unknown> }[] {
  const out: { line: number; values: Record<string, unknown> }[] = [];
  const issues: Issue[] = [];
  text.split(/\r?\n/).forEach((l, i) => {
    if (l.trim() === '') return;
    try {
      const v: unknown = JSON.parse(l);
      if (v === null || typeof v !== 'object' || Array.isArray(v)) issues.push({ line: i + 1, column: '(line)', expected: 'a JSON object', received: l.trim().slice(0, 60) });
      else out.push({ line: i + 1, values: v as Record<string, unknown> });
    } catch (err) {
      issues.push({ line: i + 1, column: '(line)', expected: 'a JSON object', received: (err as Error).message });
    }
  });
  if (issues.length > 0) throwIssues(file, issues);
  return out;
}

function throwIssues(file: string, issues: Issue[]): never {
  const lines = issues.slice(0, MAX_LISTED).map((i) => `${file}:${i.line}: ${i.column}: expected ${i.expected}, got ${i.received}`);
  if (issues.length > MAX_LISTED) lines.push(`... and ${issues.length - MAX_LISTED} more`);
  const first = issues[0] as Issue;
  // The first issue is the error's file:line; the rest follow on their own lines, each with its own.
  throw new InputFileError(file, first.line, [`${first.column}: expected ${first.expected}, got ${first.received}`, ...lines.slice(1)].join('\n'));
}

function selectModel(rows: Row[], model: string | undefined, file: string): Row[] {
  const models = [...new Set(rows.map((r) => r.model ?? ''))];
  if (model !== undefined) {
    const kept = rows.filter((r) => r.model === model);
    if (kept.length === 0) throw new UsageError(`${file} has no row for --model ${model}; its models: ${models.filter((m) => m !== '').join(', ') || '(no model column)'}`);
    return kept;
  }
  if (models.length > 1) throw new UsageError(`${file} holds outcomes of ${models.length} models (${models.map((m) => m || '(none)').join(', ')}): choose one with --model`);
  return rows;
}

function outcomeSpecOf(rows: Row[], opts: AnalyzeOptions, file: string): OutcomeSpec {
  const answers = rows.filter((r) => !(r.outcome.toLowerCase() in STATUSES));
  const binaryReadable = answers.every((r) => YES.has(r.outcome.toLowerCase()) || NO.has(r.outcome.toLowerCase()));
  const kind = opts.outcome ?? (binaryReadable ? 'binary' : 'numeric');
  const issues: Issue[] = [];
  if (kind === 'binary') {
    for (const r of answers) if (!(YES.has(r.outcome.toLowerCase()) || NO.has(r.outcome.toLowerCase()))) issues.push({ line: r.line, column: 'outcome', expected: '0/1, yes/no, true/false, or refused/unparsed/error', received: JSON.stringify(r.outcome) });
    if (issues.length > 0) throwIssues(file, issues);
    if (opts.favourable !== undefined && opts.favourable !== 'yes' && opts.favourable !== 'no') throw new UsageError(`--favourable ${opts.favourable} is for numeric outcomes; binary ones take yes or no`);
    return { type: 'binary', favourable: opts.favourable === 'no' ? 'no' : 'yes' };
  }
  const numbers: number[] = [];
  for (const r of answers) {
    const v = Number(r.outcome);
    if (r.outcome === '' || !Number.isFinite(v)) issues.push({ line: r.line, column: 'outcome', expected: 'a number, or refused/unparsed/error (the file is read as numeric because not every outcome is 0/1 or yes/no)', received: JSON.stringify(r.outcome) });
    else numbers.push(v);
  }
  if (issues.length > 0) throwIssues(file, issues);
  if (opts.favourable !== undefined && opts.favourable !== 'higher' && opts.favourable !== 'lower') throw new UsageError(`--favourable ${opts.favourable} is for binary outcomes; numeric ones take higher or lower`);
  const min = Math.min(...numbers);
  const max = Math.max(...numbers);
  return { type: 'numeric', min: Number.isFinite(min) ? min : 0, max: Number.isFinite(max) ? max : 0, favourable: opts.favourable === 'lower' ? 'lower' : 'higher' };
}

/**
 * Probes and outcomes from rows: one probe per (axis, block, group), which is the "block" of a
 * probe set; every row is one outcome of its probe. Axes and groups keep the file's order.
 */
function tabulate(rows: Row[], outcome: OutcomeSpec, file: string): { probes: Probe[]; outcomes: Outcome[]; axes: Axis[]; cellSizes: Record<string, number> } {
  const axes = new Map<string, string[]>();
  const probes = new Map<string, Probe>();
  const outcomes: Outcome[] = [];
  const samples = new Map<string, number>();
  for (const r of rows) {
    const groups = axes.get(r.axis) ?? [];
    if (!groups.includes(r.group)) groups.push(r.group);
    axes.set(r.axis, groups);
    const id = JSON.stringify([r.axis, r.block, r.group]);
    if (!probes.has(id)) {
      probes.set(id, { id, template: 'analyze', messages: [], context: {}, attributes: { [r.axis]: r.group }, groups: { [r.axis]: r.group }, blocks: { [r.axis]: r.block } });
    }
    const sample = samples.get(id) ?? 0;
    samples.set(id, sample + 1);
    const word = r.outcome.toLowerCase();
    const status = STATUSES[word];
    if (status) {
      outcomes.push({ probeId: id, sample, status, value: null, label: null, reason: `${file}:${r.line}: ${word}` });
      continue;
    }
    const value = outcome.type === 'binary' ? (YES.has(word) === (outcome.favourable === 'yes') ? 1 : 0) : Number(r.outcome);
    outcomes.push({ probeId: id, sample, status: 'scored', value, label: r.outcome, reason: `${file}:${r.line}` });
  }
  // Replies per block and group, the most common count per axis: this table's "samples per probe".
  const sizes = new Map<string, Map<number, number>>();
  for (const [id, n] of samples) {
    const ax = (JSON.parse(id) as string[])[0] as string;
    const m = sizes.get(ax) ?? new Map<number, number>();
    m.set(n, (m.get(n) ?? 0) + 1);
    sizes.set(ax, m);
  }
  const cellSizes: Record<string, number> = {};
  for (const [ax, m] of sizes) cellSizes[ax] = [...m.entries()].reduce((a, b) => (b[1] > a[1] ? b : a))[0];
  return {
    probes: [...probes.values()],
    outcomes,
    axes: [...axes.entries()].map(([id, groups]) => ({ id, title: id, attribute: id, components: [id], groups })),
    cellSizes,
  };
}

