import type { AuditResults, Finding } from '../types.js';
import { executiveSummary } from './executive-summary.js';
import { formatGap, formatP, formatRatio } from './format.js';
import { verdictStyle } from './verdicts.js';
import { judgeSentences } from './judge-view.js';
import { labelQualityMarkdown } from './label-quality-view.js';
import { safetyMarkdown } from './safety.js';
import { reasonWithSamplesNeeded } from './statistics-view.js';

/**
 * A short Markdown summary for a pull-request comment or GITHUB_STEP_SUMMARY: the verdict and why,
 * the disparities that matter in sentences (the same as the HTML report's first screen), one table
 * row per audited axis, what is not settled, and the run's identity. Every string from the results
 * is escaped: a group name or model spec cannot add HTML, links or table columns.
 */
export function renderMarkdown(results: AuditResults): string {
  const summary = executiveSummary(results);
  const verdict = verdictStyle(results.verdict);
  const findings = [...results.findings].sort((a, b) => verdictStyle(a.verdict).order - verdictStyle(b.verdict).order);
  const m = results.manifest;
  const c = results.counts;
  const lines: string[] = [
    `## ${verdict.icon} bias-audit: ${verdict.label}`,
    '',
    `Probe set **${escapeMarkdown(results.probeSet.id)}** (${escapeMarkdown(results.probeSet.title)}) on model **${escapeMarkdown(m.model.spec)}**.`,
  ];
  if (results.synthetic) {
    lines.push(
      '',
      `> **Synthetic model.** The responses come from ${escapeMarkdown(m.model.spec)}, a deterministic synthetic respondent, not a language model.`,
    );
  }
  lines.push('', escapeMarkdown(summary.why));
  if (summary.keyFindings.length > 0) {
    lines.push('', '**What the audit found**', '');
    summary.keyFindings.forEach((k, i) => lines.push(`${i + 1}. ${verdictStyle(k.verdict).icon} **${escapeMarkdown(k.axisTitle)}**: ${escapeMarkdown(k.text)}`));
    if (summary.more > 0) lines.push('', `… and ${summary.more} further ${summary.more === 1 ? 'disparity' : 'disparities'} in report.html.`);
  }
  if (findings.length > 0) {
    lines.push(
      '',
      '| Axis | Test | p (adjusted) | Worst group | Gap | Min impact ratio | Verdict |',
      '| --- | --- | ---: | --- | ---: | ---: | --- |',
      ...findings.map(row),
    );
  }
  const open = [...summary.unresolved, ...summary.notRuledOut];
  if (open.length > 0) {
    lines.push('', '**Not settled by these data**', '', ...open.map((f) => `- ${verdictStyle(f.verdict).icon} **${escapeMarkdown(f.axisTitle)}**: ${escapeMarkdown(reasonWithSamplesNeeded(f))}`));
  }
  // Safety sets: the safety section's rates and group gaps in words (the Markdown report has no charts).
  const safety = safetyMarkdown(results, escapeMarkdown);
  if (safety.length > 0) lines.push('', ...safety);
  if (results.judge) lines.push('', ...judgeMarkdown(results.judge));
  lines.push('', ...labelQualityMarkdown(results, escapeMarkdown));
  lines.push(
    '',
    escapeMarkdown(
      `${c.calls.toLocaleString('en-US')} replies: ${c.scored.toLocaleString('en-US')} scored, ${c.refused} refused, ${c.unparsed} unparsed, ${c.errors} failed calls · ` +
        `${m.tool.name} ${m.tool.version} · seed ${m.seed} · ${m.createdAt} · details, charts and method in report.html`,
    ),
  );
  return `${lines.join('\n')}\n`;

  function row(f: Finding): string {
    const style = verdictStyle(f.verdict);
    const cells = [
      f.axisTitle === f.axis ? f.axis : `${f.axisTitle} (${f.axis})`,
      f.test,
      formatP(f.pAdjusted),
      f.worst,
      formatGap(f, results.outcome),
      formatRatio(f.minImpactRatio),
      `${style.icon} ${style.label}`,
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

/** The judge's agreement with people, with the low-agreement warning in bold when there is one. */
function judgeMarkdown(j: NonNullable<AuditResults['judge']>): string[] {
  const s = judgeSentences(j);
  return [`**Refusal judge.** ${escapeMarkdown(s.headline)}`, ...(s.warning ? ['', `> ⚠️ **${escapeMarkdown(s.warning)}**`] : []), ...(s.missing ? ['', escapeMarkdown(s.missing)] : [])];
}
