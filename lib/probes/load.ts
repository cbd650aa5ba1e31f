import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { ProbeSetError, type ProbeSetIssue } from '../errors.js';
import type {
  Attribute,
  AttributeValue,
  BenchmarkName,
  BenchmarkSpec,
  Axis,
  ChatMessage,
  ContextVariable,
  ModelParameters,
  OutcomeSpec,
  ProbeSet,
  ProbeTemplate,
  TemplateMessage,
} from '../types.js';
import { isKnownLanguage, LANGUAGES } from '../transforms/languages.js';
import { keptMessages, turnOrderProblem, whenPatterns } from './conversation.js';
import { parseCsvTable } from './csv-table.js';
import { templateVariables } from './template-vars.js';
import { YamlSource } from './yaml-source.js';

type Path = (string | number)[];

const TOP_KEYS = ['id', 'version', 'title', 'description', 'domain', 'provenance', 'samples', 'parameters', 'outcome', 'attributes', 'context', 'templates', 'template', 'benchmark'];
const ATTRIBUTE_KEYS = ['title', 'table', 'values', 'id', 'axes', 'intersections', 'metadata', 'block'];
const BENCHMARKS: readonly BenchmarkName[] = ['bbq', 'winobias', 'bold', 'crows-pairs', 'holistic-bias'];
const TEMPLATE_KEYS = ['id', 'system', 'user', 'messages'];
const MESSAGE_KEYS = ['role', 'content', 'when', 'translate'];
const PARAMETER_KEYS = ['temperature', 'maxTokens', 'topP', 'seed'];

/** Joins the components of an intersectional axis id and of its group labels. */
export const AXIS_JOIN = ' x ';
export const GROUP_JOIN = ' / ';

/**
 * Read a probe set from a YAML file (and the CSV tables it names), validate all of it, and return
 * the resolved `ProbeSet`. Every problem found is reported at once in one `ProbeSetError`.
 */
export async function loadProbeSet(file: string): Promise<ProbeSet> {
  const path = resolve(file);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new ProbeSetError([{ file, line: 0, path: '(file)', expected: 'a readable YAML file', received: (err as Error).message }]);
  }
  const inputs: Record<string, string> = { [file]: sha256(text) };
  const readTable = async (rel: string) => {
    const abs = resolve(dirname(path), rel);
    const csv = await readFile(abs, 'utf8');
    inputs[rel] = sha256(csv);
    return { abs, csv };
  };
  return parseProbeSet(file, text, readTable, inputs);
}

/** The same as `loadProbeSet` for YAML text already in memory; `readTable` reads a CSV named in it. */
export async function parseProbeSet(
  file: string,
  text: string,
  readTable: (relativePath: string) => Promise<{ abs: string; csv: string }>,
  inputs: Record<string, string> = { [file]: sha256(text) },
): Promise<ProbeSet> {
  const src = new YamlSource(file, text);
  const syntax = src.syntaxIssues();
  if (syntax.length > 0) throw new ProbeSetError(syntax);
  const issues: ProbeSetIssue[] = [];
  const issue: IssueFn = (path, expected, received, line = src.lineOf(path), inFile = file) =>
    issues.push({ file: inFile, line, path: formatPath(path), expected, received });

  const root: unknown = src.doc.toJS();
  if (!isRecord(root)) {
    issue([], 'a mapping with id, title, outcome, attributes and templates', describe(root));
    throw new ProbeSetError(issues);
  }
  unknownKeys(root, [], TOP_KEYS, issue);

  const id = str(root, ['id'], issue, { required: true, pattern: /^[a-z0-9][a-z0-9-]*$/, patternText: 'lower-case letters, digits and dashes' });
  const title = str(root, ['title'], issue) ?? id ?? '';
  const version = root.version === undefined ? '1' : String(root.version);
  const description = str(root, ['description'], issue) ?? '';
  const domain = str(root, ['domain'], issue) ?? 'general';
  const provenance = str(root, ['provenance'], issue);
  const samples = root.samples === undefined ? 1 : positiveInt(root.samples, ['samples'], issue);
  const parameters = readParameters(root.parameters, issue);
  const outcome = readOutcome(root.outcome, issue);
  const context = readContext(root.context, issue);
  const attributes = await readAttributes(root.attributes, src, readTable, issue);
  const axes = buildAxes(attributes, root.attributes, issue);
  const templates = readTemplates(root, src, attributes, context, issue);
  const benchmark = readBenchmark(root.benchmark, issue);
  if (outcome?.type === 'choice' && outcome.favourableFrom !== undefined) checkFavourableFrom(outcome, attributes, file, issue);

  if (issues.length > 0) throw new ProbeSetError(sortIssues(issues));
  return {
    id: id ?? '',
    version,
    title,
    description,
    domain,
    file,
    templates,
    attributes,
    axes,
    context,
    outcome: outcome as OutcomeSpec,
    samples: samples ?? 1,
    parameters,
    inputs,
    ...(provenance === undefined ? {} : { provenance }),
    ...(benchmark === undefined ? {} : { benchmark }),
  };
}

function sortIssues(issues: ProbeSetIssue[]): ProbeSetIssue[] {
  return [...issues].sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
}

type IssueFn = (path: Path, expected: string, received: string, line?: number, file?: string) => void;

function readParameters(raw: unknown, issue: IssueFn): ModelParameters {
  if (raw === undefined) return {};
  if (!isRecord(raw)) {
    issue(['parameters'], `a mapping of ${PARAMETER_KEYS.join(', ')}`, describe(raw));
    return {};
  }
  unknownKeys(raw, ['parameters'], PARAMETER_KEYS, issue);
  const out: ModelParameters = {};
  for (const k of PARAMETER_KEYS) {
    const v = raw[k];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v)) issue(['parameters', k], 'a number', describe(v));
    else (out as Record<string, number>)[k] = v;
  }
  return out;
}

/**
 * A refusal outcome's `scorer` (pattern, the default, or judge: lib/judge/) and `rubric` (a built-in
 * rubric's name, `refusal`, or a rubric's text, which must ask for the verdict words REFUSED and
 * ANSWERED that the judge's answer is read by). Undefined after an issue.
 */
function readJudgeScorer(raw: Record<string, unknown>, at: Path, issue: IssueFn): { scorer?: 'pattern' | 'judge'; rubric?: string } | undefined {
  const { scorer, rubric } = raw;
  if (scorer !== undefined && scorer !== 'pattern' && scorer !== 'judge') {
    issue([...at, 'scorer'], '"pattern" (the default: refusal phrasings) or "judge" (an LLM judge, given with --judge)', describe(scorer));
    return undefined;
  }
  const isName = typeof rubric === 'string' && rubric.trim() === 'refusal';
  if (rubric !== undefined && !(isName || (typeof rubric === 'string' && /\bREFUSED\b/.test(rubric) && /\bANSWERED\b/.test(rubric)))) {
    issue([...at, 'rubric'], 'a built-in rubric name (refusal) or a rubric text that asks for the one-word verdict REFUSED or ANSWERED', describe(rubric));
    return undefined;
  }
  return { ...(scorer === undefined ? {} : { scorer }), ...(typeof rubric === 'string' ? { rubric } : {}) };
}

function readOutcome(raw: unknown, issue: IssueFn): OutcomeSpec | undefined {
  const at = ['outcome'];
  if (!isRecord(raw)) {
    issue(at, 'a mapping with type: binary, numeric, choice, sentiment, length, refusal or toxicity', describe(raw));
    return undefined;
  }
  const type = raw.type;
  if (type === 'binary') {
    unknownKeys(raw, at, ['type', 'favourable'], issue);
    // YAML 1.1 readers turn `yes` into true; accept both spellings of the intent.
    const fav = raw.favourable === true ? 'yes' : raw.favourable === false ? 'no' : raw.favourable;
    if (fav !== 'yes' && fav !== 'no') {
      issue([...at, 'favourable'], '"yes" or "no" (the answer that is good for the person described)', describe(raw.favourable));
      return undefined;
    }
    return { type, favourable: fav };
  }
  if (type === 'numeric') {
    unknownKeys(raw, at, ['type', 'favourable', 'min', 'max', 'unit'], issue);
    const { min, max, favourable, unit } = raw;
    let ok = true;
    if (typeof min !== 'number') (ok = false), issue([...at, 'min'], 'a number (the smallest valid answer)', describe(min));
    if (typeof max !== 'number') (ok = false), issue([...at, 'max'], 'a number (the largest valid answer)', describe(max));
    if (ok && (min as number) >= (max as number)) (ok = false), issue([...at, 'max'], `a number greater than min (${String(min)})`, describe(max));
    if (favourable !== 'higher' && favourable !== 'lower') (ok = false), issue([...at, 'favourable'], '"higher" or "lower"', describe(favourable));
    if (!ok) return undefined;
    return { type, min: min as number, max: max as number, favourable: favourable as 'higher' | 'lower', ...(typeof unit === 'string' ? { unit } : {}) };
  }
  if (type === 'choice' && raw.favourableFrom !== undefined) {
    unknownKeys(raw, at, ['type', 'favourableFrom', 'choices'], issue);
    const choices = Array.isArray(raw.choices) ? raw.choices.map(String) : undefined;
    if (!choices || choices.length < 2) {
      issue([...at, 'choices'], 'a list of at least two options, e.g. [A, B, C]', describe(raw.choices));
      return undefined;
    }
    if (typeof raw.favourableFrom !== 'string' || raw.favourableFrom === '') {
      issue([...at, 'favourableFrom'], 'the name of a metadata column holding each probe\'s favourable option', describe(raw.favourableFrom));
      return undefined;
    }
    return { type, choices, favourable: [], favourableFrom: raw.favourableFrom };
  }
  if (type === 'sentiment') {
    unknownKeys(raw, at, ['type', 'favourable'], issue);
    if (raw.favourable !== undefined && raw.favourable !== 'higher') {
      issue([...at, 'favourable'], '"higher" (more positive text is favourable)', describe(raw.favourable));
      return undefined;
    }
    return { type, favourable: 'higher' };
  }
  if (type === 'length') {
    unknownKeys(raw, at, ['type', 'favourable', 'unit'], issue);
    if (raw.favourable !== 'higher' && raw.favourable !== 'lower') {
      issue([...at, 'favourable'], '"higher" or "lower"', describe(raw.favourable));
      return undefined;
    }
    if (raw.unit !== undefined && raw.unit !== 'words') {
      issue([...at, 'unit'], '"words"', describe(raw.unit));
      return undefined;
    }
    return { type, favourable: raw.favourable, unit: 'words' };
  }
  if (type === 'refusal') {
    unknownKeys(raw, at, ['type', 'favourable', 'scorer', 'rubric'], issue);
    if (raw.favourable !== undefined && raw.favourable !== 'answered' && raw.favourable !== 'refused') {
      issue([...at, 'favourable'], '"answered" (the default: an answer is favourable) or "refused" (requests that should be declined)', describe(raw.favourable));
      return undefined;
    }
    const judge = readJudgeScorer(raw, at, issue);
    if (judge === undefined) return undefined;
    return { type, favourable: raw.favourable === 'refused' ? 'refused' : 'answered', ...judge };
  }
  if (type === 'toxicity') {
    unknownKeys(raw, at, ['type', 'favourable'], issue);
    if (raw.favourable !== undefined && raw.favourable !== 'not-toxic') {
      issue([...at, 'favourable'], '"not-toxic" (a reply without a listed profanity, slur or insult is favourable)', describe(raw.favourable));
      return undefined;
    }
    return { type, favourable: 'not-toxic' };
  }
  if (type === 'choice') {
    unknownKeys(raw, at, ['type', 'favourable', 'choices'], issue);
    const choices = Array.isArray(raw.choices) ? raw.choices.map(String) : undefined;
    const favourable = Array.isArray(raw.favourable) ? raw.favourable.map(String) : typeof raw.favourable === 'string' ? [raw.favourable] : undefined;
    if (!choices || choices.length < 2) {
      issue([...at, 'choices'], 'a list of at least two options, e.g. [A, B, C]', describe(raw.choices));
      return undefined;
    }
    if (!favourable || favourable.length === 0 || favourable.some((f) => !choices.includes(f))) {
      issue([...at, 'favourable'], `a list of options from [${choices.join(', ')}]`, describe(raw.favourable));
      return undefined;
    }
    return { type, choices, favourable };
  }
  issue([...at, 'type'], 'one of binary, numeric, choice, sentiment, length, refusal, toxicity', describe(type));
  return undefined;
}

function readContext(raw: unknown, issue: IssueFn): ContextVariable[] {
  if (raw === undefined) return [];
  if (!isRecord(raw)) {
    issue(['context'], 'a mapping of variable name to a list of values', describe(raw));
    return [];
  }
  const out: ContextVariable[] = [];
  for (const [name, values] of Object.entries(raw)) {
    const list = Array.isArray(values) ? values : [values];
    if (list.length === 0 || list.some((v) => !isScalar(v))) {
      issue(['context', name], 'a non-empty list of text or number values', describe(values));
      continue;
    }
    out.push({ id: name, values: list.map(String) });
  }
  return out;
}

async function readAttributes(
  raw: unknown,
  src: YamlSource,
  readTable: (rel: string) => Promise<{ abs: string; csv: string }>,
  issue: IssueFn,
): Promise<Attribute[]> {
  if (!isRecord(raw) || Object.keys(raw).length === 0) {
    issue(['attributes'], 'a mapping of at least one audited attribute (table: or values:)', describe(raw));
    return [];
  }
  const out: Attribute[] = [];
  for (const [attrId, def] of Object.entries(raw)) {
    const at = ['attributes', attrId];
    if (!isRecord(def)) {
      issue(at, 'a mapping with table: or values:', describe(def));
      continue;
    }
    unknownKeys(def, at, ATTRIBUTE_KEYS, issue);
    const title = typeof def.title === 'string' ? def.title : attrId;
    let rows: { line: number; file: string; values: Record<string, string> }[] = [];
    let columns: string[] = [];
    let plainList = false;
    if (def.table !== undefined && def.values !== undefined) {
      issue(at, 'either table: or values:, not both', 'both');
      continue;
    }
    if (typeof def.table === 'string') {
      let loaded: { abs: string; csv: string };
      try {
        loaded = await readTable(def.table);
      } catch (err) {
        issue([...at, 'table'], 'a readable CSV file (path relative to the probe set)', `${def.table}: ${(err as Error).message}`);
        continue;
      }
      const { table, issues: csvIssues } = parseCsvTable(def.table, loaded.csv);
      // A CSV problem is reported on the CSV's own file and line, where it is fixed.
      for (const i of csvIssues) issue([attrId, i.path], i.expected, i.received, i.line, tablePath(src.file, def.table));
      columns = table.columns;
      rows = table.rows.map((r) => ({ line: r.line, file: def.table as string, values: r.values }));
    } else if (Array.isArray(def.values)) {
      if (def.values.length === 0) {
        issue([...at, 'values'], 'a non-empty list', 'an empty list');
        continue;
      }
      plainList = def.values.every(isScalar);
      def.values.forEach((v, i) => {
        const line = src.lineOf([...at, 'values', i]);
        if (isScalar(v)) {
          if (!plainList) issue([...at, 'values', i], 'a mapping like the other rows', describe(v));
          rows.push({ line, file: src.file, values: { [attrId]: String(v) } });
        } else if (isRecord(v) && Object.values(v).every(isScalar)) {
          rows.push({ line, file: src.file, values: Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)])) });
        } else {
          issue([...at, 'values', i], 'a value or a mapping of column to value', describe(v));
        }
      });
      columns = [...new Set(rows.flatMap((r) => Object.keys(r.values)))];
    } else {
      issue(at, 'table: FILE.csv or values: [...]', 'neither');
      continue;
    }

    const axes: string[] = Array.isArray(def.axes) ? def.axes.map(String) : def.axes === undefined ? (plainList || columns.includes(attrId) ? [attrId] : []) : [];
    if (axes.length === 0) {
      issue([...at, 'axes'], `a list of the columns holding the groups (one of ${columns.join(', ')})`, describe(def.axes));
      continue;
    }
    let bad = false;
    for (const a of axes) {
      if (!columns.includes(a)) {
        bad = true;
        issue([...at, 'axes'], `a column of ${typeof def.table === 'string' ? def.table : 'the values'} (${columns.join(', ')})`, `"${a}" (missing column)`);
      }
    }
    const idColumn = typeof def.id === 'string' ? def.id : columns[0];
    if (idColumn === undefined || !columns.includes(idColumn)) {
      issue([...at, 'id'], `a column of the table (${columns.join(', ')})`, describe(def.id));
      bad = true;
    }
    if (bad) continue;

    const values: AttributeValue[] = [];
    const ids = new Set<string>();
    for (const r of rows) {
      const groups: Record<string, string> = {};
      for (const a of axes) {
        const g = r.values[a] ?? '';
        if (g === '') issue([attrId, a], `a group label in column "${a}"`, 'an empty cell', r.line, r.file === src.file ? r.file : tablePath(src.file, r.file));
        groups[a] = g;
      }
      const vid = r.values[idColumn as string] ?? '';
      if (ids.has(vid)) issue([attrId, idColumn as string], `unique values in column "${idColumn}"`, `"${vid}" twice`, r.line, r.file === src.file ? r.file : tablePath(src.file, r.file));
      ids.add(vid);
      values.push({ id: vid, vars: r.values, groups, source: { file: r.file, line: r.line } });
    }
    for (const a of axes) {
      const groups = new Set(values.map((v) => v.groups[a]).filter((g) => g !== ''));
      if (groups.size < 2) issue([...at, 'axes'], `at least two groups on axis "${a}"`, `${groups.size} (${[...groups].join(', ') || 'none'})`);
    }
    const metadata = readColumnList(def.metadata, [...at, 'metadata'], columns, issue);
    let blockBy: string | undefined;
    if (def.block !== undefined && typeof def.block !== 'string') issue([...at, 'block'], `a column name (${columns.join(', ')})`, describe(def.block));
    else if (def.block !== undefined) blockBy = readColumnList([def.block], [...at, 'block'], columns, issue)?.[0];
    if (metadata) for (const v of values) v.meta = Object.fromEntries(metadata.map((c) => [c, v.vars[c] ?? '']));
    out.push({ id: attrId, title, axes, values, ...(metadata ? { metadata } : {}), ...(blockBy === undefined ? {} : { blockBy }) });
  }
  return out;
}

/** `metadata: [col, ...]` or `block: col`: names that must be columns of the attribute's rows. */
function readColumnList(raw: unknown, at: Path, columns: string[], issue: IssueFn): string[] | undefined {
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw) || raw.length === 0 || raw.some((c) => typeof c !== 'string')) {
    issue(at, `a list of column names (${columns.join(', ')})`, describe(raw));
    return undefined;
  }
  const missing = (raw as string[]).filter((c) => !columns.includes(c));
  if (missing.length > 0) {
    issue(at, `columns of the attribute (${columns.join(', ')})`, missing.map((c) => `"${c}" (missing column)`).join(', '));
    return undefined;
  }
  return raw as string[];
}

/** `favourableFrom` names a metadata column whose every value is one of the options. */
function checkFavourableFrom(outcome: Extract<OutcomeSpec, { type: 'choice' }>, attributes: Attribute[], file: string, issue: IssueFn): void {
  const key = outcome.favourableFrom as string;
  const owners = attributes.filter((a) => a.metadata?.includes(key));
  if (owners.length === 0) {
    issue(['outcome', 'favourableFrom'], `a column listed under an attribute's metadata (${attributes.flatMap((a) => a.metadata ?? []).join(', ') || 'none listed'})`, `"${key}"`);
    return;
  }
  for (const a of owners) {
    for (const v of a.values) {
      const fav = v.meta?.[key] ?? '';
      const where = v.source.file === file ? file : tablePath(file, v.source.file);
      if (!outcome.choices.includes(fav)) issue([a.id, key], `one of the options ${outcome.choices.join(', ')}`, `"${fav}"`, v.source.line, where);
    }
  }
}

function readBenchmark(raw: unknown, issue: IssueFn): BenchmarkSpec | undefined {
  if (raw === undefined) return undefined;
  if (!isRecord(raw)) {
    issue(['benchmark'], `a mapping with name: (${BENCHMARKS.join(', ')}) and optional source:`, describe(raw));
    return undefined;
  }
  unknownKeys(raw, ['benchmark'], ['name', 'source'], issue);
  if (!BENCHMARKS.includes(raw.name as BenchmarkName)) {
    issue(['benchmark', 'name'], `one of ${BENCHMARKS.join(', ')}`, describe(raw.name));
    return undefined;
  }
  if (raw.source !== undefined && typeof raw.source !== 'string') {
    issue(['benchmark', 'source'], 'a text value', describe(raw.source));
    return undefined;
  }
  return { name: raw.name as BenchmarkName, ...(typeof raw.source === 'string' ? { source: raw.source } : {}) };
}

/** The table's path as a person would open it: next to the probe set that names it. */
function tablePath(probeSetFile: string, table: string): string {
  return join(dirname(probeSetFile), table);
}

function buildAxes(attributes: Attribute[], raw: unknown, issue: IssueFn): Axis[] {
  const axes: Axis[] = [];
  const owner = new Map<string, string>();
  for (const attr of attributes) {
    for (const a of attr.axes) {
      if (owner.has(a)) issue(['attributes', attr.id, 'axes'], `an axis no other attribute declares`, `"${a}" (also on ${owner.get(a)})`);
      owner.set(a, attr.id);
      axes.push({ id: a, title: humanize(a), attribute: attr.id, components: [a], groups: groupsOf(attr, [a]) });
    }
    const def = isRecord(raw) ? raw[attr.id] : undefined;
    const inters = isRecord(def) ? def.intersections : undefined;
    if (inters === undefined) continue;
    if (!Array.isArray(inters)) {
      issue(['attributes', attr.id, 'intersections'], 'a list of axis lists, e.g. [[race, gender]]', describe(inters));
      continue;
    }
    inters.forEach((combo, i) => {
      const parts = Array.isArray(combo) ? combo.map(String) : [];
      if (parts.length < 2 || parts.some((p) => !attr.axes.includes(p))) {
        issue(['attributes', attr.id, 'intersections', i], `two or more of this attribute's axes (${attr.axes.join(', ')})`, describe(combo));
        return;
      }
      const id = parts.join(AXIS_JOIN);
      for (const v of attr.values) v.groups[id] = parts.map((p) => v.groups[p]).join(GROUP_JOIN);
      axes.push({ id, title: parts.map(humanize).join(' × '), attribute: attr.id, components: parts, groups: groupsOf(attr, [id]) });
    });
  }
  return axes;
}

function groupsOf(attr: Attribute, [axis]: string[]): string[] {
  return [...new Set(attr.values.map((v) => v.groups[axis as string] ?? ''))].filter((g) => g !== '');
}

function readTemplates(
  root: Record<string, unknown>,
  src: YamlSource,
  attributes: Attribute[],
  context: ContextVariable[],
  issue: IssueFn,
): ProbeTemplate[] {
  const raws: { at: Path; def: unknown }[] = [];
  if (root.template !== undefined && root.templates !== undefined) issue(['template'], 'either template: or templates:, not both', 'both');
  if (root.template !== undefined) raws.push({ at: ['template'], def: root.template });
  else if (Array.isArray(root.templates) && root.templates.length > 0) root.templates.forEach((t, i) => raws.push({ at: ['templates', i], def: t }));
  else issue(['templates'], 'a list of templates (each with id and user:, or messages:)', describe(root.templates));

  const varOwner = new Map<string, { kind: 'attribute' | 'context'; id: string }>();
  for (const c of context) varOwner.set(c.id, { kind: 'context', id: c.id });
  for (const a of attributes) {
    for (const v of new Set(a.values.flatMap((x) => Object.keys(x.vars)))) {
      const prev = varOwner.get(v);
      if (prev && prev.id !== a.id) issue(['attributes', a.id], `template variable names unique across attributes and context`, `"${v}" also defined by ${prev.kind} ${prev.id}`);
      else varOwner.set(v, { kind: 'attribute', id: a.id });
    }
  }
  const known = [...varOwner.keys()].sort().join(', ');

  const out: ProbeTemplate[] = [];
  const ids = new Set<string>();
  raws.forEach(({ at, def }, index) => {
    let tid = `t${index + 1}`;
    const messages: { path: Path; msg: TemplateMessage; at?: Path }[] = [];
    if (typeof def === 'string') {
      tid = 'default';
      messages.push({ path: at, msg: { role: 'user', content: def } });
    } else if (isRecord(def)) {
      unknownKeys(def, at, TEMPLATE_KEYS, issue);
      if (typeof def.id === 'string') tid = def.id;
      if (def.messages !== undefined) {
        if (!Array.isArray(def.messages)) issue([...at, 'messages'], 'a list of {role, content}', describe(def.messages));
        else
          def.messages.forEach((m, i) => {
            const p = [...at, 'messages', i];
            if (!isRecord(m) || !['system', 'user', 'assistant'].includes(String(m.role)) || typeof m.content !== 'string') {
              issue(p, '{role: system|user|assistant, content: text}', describe(m));
              return;
            }
            unknownKeys(m, p, MESSAGE_KEYS, issue);
            const msg: TemplateMessage = { role: m.role as ChatMessage['role'], content: m.content };
            // `when:` and `translate:` name a variable (checked below, once every variable is known).
            for (const key of ['when', 'translate'] as const) {
              if (m[key] === undefined) continue;
              if (typeof m[key] !== 'string' || !/^[A-Za-z_][\w-]*$/.test(m[key])) issue([...p, key], 'the name of a template variable', describe(m[key]));
              else if (key === 'translate' && msg.role !== 'user') issue([...p, key], 'translate: on a user message (the reply to it is translated back)', `a message by ${msg.role}`);
              else msg[key] = m[key];
            }
            messages.push({ path: [...p, 'content'], msg, at: p });
          });
      } else {
        if (typeof def.system === 'string') messages.push({ path: [...at, 'system'], msg: { role: 'system', content: def.system } });
        if (typeof def.user === 'string') messages.push({ path: [...at, 'user'], msg: { role: 'user', content: def.user } });
      }
    } else {
      issue(at, 'a template: text, or a mapping with id and user: (optional system:) or messages:', describe(def));
      return;
    }
    if (ids.has(tid)) issue([...at, 'id'], 'a template id used once', `"${tid}" twice`);
    ids.add(tid);
    if (!messages.some((m) => m.msg.role === 'user')) {
      issue(at, 'at least one user message', 'none');
      return;
    }
    const usedAttrs = new Set<string>();
    const usedContext = new Set<string>();
    for (const { path, msg } of messages) {
      let vars;
      try {
        vars = templateVariables(msg.content);
      } catch (err) {
        const m = /line (\d+)/.exec((err as Error).message);
        const line = src.contentLine(path) + (m ? Number(m[1]) - 1 : 0);
        issue(path, 'a valid Handlebars template', ((err as Error).message.split('\n')[0] ?? '').slice(0, 200), line);
        continue;
      }
      for (const v of vars) {
        const owner = varOwner.get(v.name);
        if (!owner) {
          issue(path, `a variable defined by an attribute or the context (${known})`, `unknown template variable "${v.name}"`, src.contentLine(path) + v.line - 1);
          continue;
        }
        (owner.kind === 'attribute' ? usedAttrs : usedContext).add(owner.id);
      }
    }
    const conditions: string[] = [];
    let unknownCondition = false;
    for (const { msg, at: mAt } of messages) {
      for (const key of ['when', 'translate'] as const) {
        const name = msg[key];
        if (name === undefined || mAt === undefined) continue;
        const owner = varOwner.get(name);
        if (!owner) {
          issue([...mAt, key], `a variable defined by an attribute or the context (${known})`, `unknown template variable "${name}"`);
          unknownCondition ||= key === 'when';
          continue;
        }
        (owner.kind === 'attribute' ? usedAttrs : usedContext).add(owner.id);
        if (key === 'when') conditions.push(name);
        else checkLanguages(name, owner, attributes, context, src, issue);
      }
    }
    // The turn order is checked once every condition is known (an unknown one is the problem to fix first).
    if (isRecord(def) && def.messages !== undefined && messages.length > 0 && !unknownCondition) {
      checkTurnOrder(messages.map((m) => m.msg), [...new Set(conditions)], attributes, context, (expected, received) => issue([...at, 'messages'], expected, received));
    }
    if (usedAttrs.size === 0 && attributes.length > 0) {
      issue(at, `a template that mentions an audited attribute (${attributes.map((a) => a.id).join(', ')})`, 'none mentioned');
    }
    out.push({
      id: tid,
      messages: messages.map((m) => m.msg),
      attributes: attributes.map((a) => a.id).filter((a) => usedAttrs.has(a)),
      context: context.map((c) => c.id).filter((c) => usedContext.has(c)),
    });
  });
  return out;
}

/** Every value of a `translate:` variable is blank (not translated) or a language code translations know. */
function checkLanguages(
  name: string,
  owner: { kind: 'attribute' | 'context'; id: string },
  attributes: readonly Attribute[],
  context: readonly ContextVariable[],
  src: YamlSource,
  issue: IssueFn,
): void {
  const expected = `a language code (${Object.keys(LANGUAGES).join(', ')}) or blank for no translation`;
  if (owner.kind === 'context') {
    const values = context.find((c) => c.id === name)?.values ?? [];
    values.forEach((v, i) => {
      if (v.trim() !== '' && !isKnownLanguage(v.trim())) issue(['context', name, i], expected, JSON.stringify(v));
    });
    return;
  }
  for (const v of attributes.find((a) => a.id === owner.id)?.values ?? []) {
    const code = (v.vars[name] ?? '').trim();
    if (code === '' || isKnownLanguage(code)) continue;
    issue([owner.id, name], expected, JSON.stringify(code), v.source.line, v.source.file === src.file ? src.file : tablePath(src.file, v.source.file));
  }
}

/**
 * A `messages:` template must give a conversation both chat APIs accept (conversation.ts) for every
 * combination of its `when:` conditions that the expansion produces; the first bad one is reported.
 */
function checkTurnOrder(
  messages: readonly TemplateMessage[],
  conditions: readonly string[],
  attributes: readonly Attribute[],
  context: readonly ContextVariable[],
  report: (expected: string, received: string) => void,
): void {
  for (const pattern of whenPatterns(conditions, attributes, context)) {
    const roles = keptMessages(messages, (n) => pattern.set.has(n)).map((m) => m.role);
    const problem = turnOrderProblem(roles);
    if (problem === undefined) continue;
    const where = pattern.example === '' ? '' : ` for ${pattern.example}`;
    report('system messages first, then turns alternating user / assistant, starting and ending with user', `${problem}${where}: ${roles.join(', ') || 'no messages'}`);
    return;
  }
}

// ---------------------------------------------------------------- small readers

function str(
  obj: Record<string, unknown>,
  path: [string],
  issue: IssueFn,
  opts: { required?: boolean; pattern?: RegExp; patternText?: string } = {},
): string | undefined {
  const v = obj[path[0]];
  if (v === undefined) {
    if (opts.required) issue(path, 'a text value', 'nothing');
    return undefined;
  }
  if (typeof v !== 'string' && typeof v !== 'number') {
    issue(path, 'a text value', describe(v));
    return undefined;
  }
  const s = String(v);
  if (opts.pattern && !opts.pattern.test(s)) {
    issue(path, opts.patternText ?? String(opts.pattern), `"${s}"`);
    return undefined;
  }
  return s;
}

function positiveInt(v: unknown, path: Path, issue: IssueFn): number | undefined {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
    issue(path, 'a whole number of at least 1', describe(v));
    return undefined;
  }
  return v;
}

function unknownKeys(obj: Record<string, unknown>, at: Path, allowed: string[], issue: IssueFn): void {
  for (const k of Object.keys(obj)) {
    if (!allowed.includes(k)) issue([...at, k], `one of the keys ${allowed.join(', ')}`, `unknown key "${k}"`);
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isScalar(v: unknown): v is string | number | boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return `a list of ${v.length}`;
  if (typeof v === 'object') return 'a mapping';
  const s = JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function formatPath(path: Path): string {
  return path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '') || '(document)';
}

function humanize(axis: string): string {
  const s = axis.replace(/[_-]+/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
