import type { AuditResults, Finding, GroupStat } from '../types.js';
import { disparities } from './plain-language.js';

/** Column order of findings.csv (documented in schema/README.md; append new columns at the end). */
export const FINDINGS_CSV_COLUMNS = [
  'probe_set',
  'model',
  'axis',
  'axis_title',
  'metric',
  'design',
  'test',
  'statistic',
  'df',
  'p_value',
  'p_adjusted',
  'verdict',
  'reference',
  'worst',
  'group',
  'is_reference',
  'n',
  'total',
  'refused',
  'unparsed',
  'errors',
  'value',
  'ci_low',
  'ci_high',
  'sd',
  'impact_ratio',
  'pairwise_test',
  'pairwise_p',
  'pairwise_p_adjusted',
  'difference',
  'difference_ci_low',
  'difference_ci_high',
  'statement',
] as const;

type Row = Record<(typeof FINDINGS_CSV_COLUMNS)[number], string | number | boolean | undefined>;

/**
 * findings.csv: one row per finding (audited axis) and group, for spreadsheets and BI tools.
 * RFC 4180: CRLF line ends, a header row, fields holding a comma, quote or line break in double
 * quotes with quotes doubled. Numbers are written in full precision (`String(x)`); a value that
 * could not be computed is an empty cell.
 *
 * Formula injection (OWASP "CSV Injection"): a text cell beginning with = + - @ (or a tab or
 * carriage return) would run as a formula when the file is opened in a spreadsheet. Group names,
 * titles and the model spec come from probe sets and users, so such a cell gets a leading `'`,
 * which spreadsheets show as text. Numeric cells are written by us from numbers and never start
 * with anything but a digit or a minus sign followed by a digit; they are left as numbers.
 */
export function renderFindingsCsv(results: AuditResults): string {
  const lines = [FINDINGS_CSV_COLUMNS.join(',')];
  for (const f of results.findings) {
    const sentences = new Map(disparities(f, results.outcome, results.probeSet).map((d) => [d.group, d.text]));
    for (const g of f.groups) lines.push(FINDINGS_CSV_COLUMNS.map((c) => cell(row(results, f, g, sentences.get(g.group))[c])).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

function row(results: AuditResults, f: Finding, g: GroupStat, statement: string | undefined): Row {
  const pair = f.pairwise.find((p) => p.group === g.group);
  return {
    probe_set: results.probeSet.id,
    model: results.manifest.model.spec,
    axis: f.axis,
    axis_title: f.axisTitle,
    metric: f.metric,
    design: f.design,
    test: f.test,
    statistic: f.statistic,
    df: f.df,
    p_value: f.pValue,
    p_adjusted: f.pAdjusted,
    verdict: f.verdict,
    reference: f.reference,
    worst: f.worst,
    group: g.group,
    is_reference: g.group === f.reference,
    n: g.n,
    total: g.total,
    refused: g.refused,
    unparsed: g.unparsed,
    errors: g.errors,
    value: g.value,
    ci_low: g.ciLow,
    ci_high: g.ciHigh,
    sd: g.sd,
    impact_ratio: g.impactRatio,
    pairwise_test: pair?.test,
    pairwise_p: pair?.pValue,
    pairwise_p_adjusted: pair?.pAdjusted,
    difference: pair?.difference,
    difference_ci_low: pair?.ciLow,
    difference_ci_high: pair?.ciHigh,
    statement,
  };
}

/** One RFC 4180 field. */
export function cell(value: string | number | boolean | undefined | null): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
