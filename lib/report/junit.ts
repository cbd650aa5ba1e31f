import type { AuditResults, Finding } from '../types.js';
import { formatGap, formatP, formatRatio, formatStatistic, formatValue } from './format.js';

/**
 * JUnit XML for CI test reporters: one testsuite per audit, one testcase per audited axis.
 * A failing axis is a <failure>; an axis not judged either way (too little data, inconclusive) is <skipped/>.
 */
export function renderJunit(results: AuditResults): string {
  const id = results.probeSet.id;
  const failures = results.findings.filter((f) => f.verdict === 'fail').length;
  const skipped = results.findings.filter((f) => f.verdict !== 'fail' && f.verdict !== 'pass').length;
  const tests = results.findings.length;
  const m = results.manifest;
  const properties: [string, string][] = [
    ['model', m.model.spec],
    ['synthetic', String(results.synthetic)],
    ['probe-set-version', m.probeSet.version],
    ['tool-version', `${m.tool.name} ${m.tool.version}`],
    ['seed', String(m.seed)],
    ['verdict', results.verdict],
  ];
  const counts = `tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}" time="0"`;
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="bias-audit" ${counts}>`,
    `  <testsuite name="${attr(`bias-audit: ${id}`)}" ${counts} timestamp="${attr(junitTimestamp(m.createdAt))}">`,
    '    <properties>',
    ...properties.map(([name, value]) => `      <property name="${attr(name)}" value="${attr(value)}"/>`),
    '    </properties>',
    ...results.findings.map((f) => testcase(f, id, results)),
    '  </testsuite>',
    '</testsuites>',
  ];
  return `${out.join('\n')}\n`;
}

function testcase(f: Finding, classname: string, results: AuditResults): string {
  const open = `    <testcase classname="${attr(classname)}" name="${attr(f.axis)}" time="0">`;
  const details = text(describe(f, results));
  if (f.verdict === 'fail') {
    return [open, `      <failure message="${attr(`${f.summary} ${f.reason}`)}" type="disparity">${details}</failure>`, '    </testcase>'].join('\n');
  }
  if (f.verdict === 'pass') return [open, `      <system-out>${details}</system-out>`, '    </testcase>'].join('\n');
  // insufficient-data, inconclusive: not judged either way, which CI test views show as skipped.
  return [open, `      <skipped message="${attr(f.reason)}"/>`, `      <system-out>${details}</system-out>`, '    </testcase>'].join('\n');
}

function describe(f: Finding, results: AuditResults): string {
  const value = (x: number): string => formatValue(x, f.metric, results.outcome);
  return [
    f.summary,
    f.reason,
    `${f.test}: statistic ${formatStatistic(f.statistic)}${f.df === undefined ? '' : `, df ${f.df}`}, p ${formatP(f.pValue)}, adjusted p ${formatP(f.pAdjusted)} (${results.method.correction}); design ${f.design}; blocks ${f.blocks.used} used, ${f.blocks.dropped} dropped`,
    `reference ${f.reference}, worst ${f.worst}, gap ${formatGap(f, results.outcome)}, min impact ratio ${formatRatio(f.minImpactRatio)}`,
    ...f.groups.map((g) => `  ${g.group}: ${value(g.value)} (n ${g.n}), impact ratio ${formatRatio(g.impactRatio)}`),
  ].join('\n');
}

/** XML 1.0 Char production (W3C XML 1.0 §2.2): anything outside it cannot appear even escaped. */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Escape text content. */
export function text(s: string): string {
  return s
    .replace(NOT_XML_CHAR, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Escape an attribute value; tabs and line breaks as references so attribute normalisation keeps them. */
export function attr(s: string): string {
  return text(s).replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

/** JUnit's schema wants an ISO 8601 local date-time without zone or fraction. */
function junitTimestamp(iso: string): string {
  const match = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/.exec(iso);
  return match ? match[0] : iso;
}
