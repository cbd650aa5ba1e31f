import type { AuditResults, Finding, Verdict } from '../types.js';
import { VERDICT_LABELS, formatGap, formatP, formatRatio } from './format.js';

const ICONS: Record<Verdict, string> = { fail: '❌', pass: '✅', 'insufficient-data': '⚠️' };
const ORDER: Record<Verdict, number> = { fail: 0, 'insufficient-data': 1, pass: 2 };

/**
 * A short Markdown summary for a pull-request comment or GITHUB_STEP_SUMMARY: verdict, synthetic
 * note, one table row per audited axis, and the headline sentences, failing first.
 */
export function renderMarkdown(results: AuditResults): string {
  const findings = [...results.findings].sort((a, b) => ORDER[a.verdict] - ORDER[b.verdict]);
  const failed = findings.filter((f) => f.verdict === 'fail').length;
  const lines: string[] = [
    `## ${ICONS[results.verdict]} bias-audit: ${VERDICT_LABELS[results.verdict]}`,
    '',
    `Probe set **${escapeMarkdown(results.probeSet.id)}** (${escapeMarkdown(results.probeSet.title)}) on model **${escapeMarkdown(results.manifest.model.spec)}**: ` +
      `${failed} of ${findings.length} ${findings.length === 1 ? 'axis' : 'axes'} failed.`,
  ];
  if (results.synthetic) {
    lines.push(
      '',
      `> **Synthetic model.** The responses come from ${escapeMarkdown(results.manifest.model.spec)}, a deterministic synthetic respondent, not a language model.`,
    );
  }
  if (findings.length > 0) {
    lines.push(
      '',
      '| Axis | Test | p (adjusted) | Worst group | Gap | Min impact ratio | Verdict |',
      '| --- | --- | ---: | --- | ---: | ---: | --- |',
      ...findings.map(row),
      '',
      '**Headlines**',
      '',
      ...findings.map((f) => `- ${ICONS[f.verdict]} ${escapeMarkdown(f.summary)}`),
    );
  }
  return `${lines.join('\n')}\n`;

  function row(f: Finding): string {
    const cells = [
      f.axisTitle === f.axis ? f.axis : `${f.axisTitle} (${f.axis})`,
      f.test,
      formatP(f.pAdjusted),
      f.worst,
      formatGap(f, results.outcome),
      formatRatio(f.minImpactRatio),
      `${ICONS[f.verdict]} ${VERDICT_LABELS[f.verdict]}`,
    ];
    return `| ${cells.map(escapeMarkdown).join(' | ')} |`;
  }
}

/**
 * Make untrusted text inert inside a GitHub-flavoured Markdown table cell or paragraph: one line,
 * no HTML (`<` and `&` as entities), no column break (`|`), no code span, emphasis or link syntax.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r\n|[\r\n\t\u2028\u2029]/g, ' ')
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~]/g, '\\$&');
}
