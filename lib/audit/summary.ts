import { formatP } from '../detectors/index.js';
import type { AuditResults } from '../types.js';

/**
 * The verdict and the headline disparities as plain text: what the binary prints last and what
 * `result.summary()` gives a failing assertion.
 */
export function summarise(r: AuditResults, htmlPath?: string): string {
  const lines: string[] = [];
  const fails = r.findings.filter((f) => f.verdict === 'fail');
  const unsure = r.findings.filter((f) => f.verdict === 'inconclusive');
  const passes = r.findings.filter((f) => f.verdict === 'pass');
  lines.push(
    `${r.verdict.toUpperCase()}: ${r.probeSet.id} on ${r.manifest.model.spec}${r.synthetic ? ' (synthetic model)' : ''} — of ${r.findings.length} axes, ${fails.length} fail the policy, ${passes.length} pass, ${unsure.length} inconclusive`,
  );
  const c = r.counts;
  lines.push(`  ${c.calls} replies: ${c.scored} scored, ${c.refused} refused, ${c.unparsed} unparsed, ${c.errors} failed calls`);
  for (const f of fails) lines.push(`  ✗ ${f.summary} (${f.test}, adjusted p = ${formatP(f.pAdjusted)}; beyond the margin, adjusted p = ${formatP(f.margin.beyond.pAdjusted)})`);
  for (const f of passes) lines.push(`  ✓ ${f.axisTitle}: ${f.reason}`);
  for (const f of unsure) lines.push(`  ? ${f.axisTitle}: ${f.reason}`);
  if (r.benchmark) {
    // The imported benchmark's own overall scores (definitions in results.json -> benchmark).
    const overall = r.benchmark.scores.filter((b) => b.group === undefined).map((b) => `${b.title} ${b.value === null ? 'undefined' : b.value.toFixed(3)} (n ${b.n})`);
    lines.push(`  ${r.benchmark.title}: ${overall.length > 0 ? overall.join('; ') : `${r.benchmark.scores.length} scores by group`} (results.json: benchmark)`);
  }
  if (htmlPath) lines.push(`Report: ${htmlPath}`);
  return lines.join('\n');
}
