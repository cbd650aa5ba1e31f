import { formatP } from '../detectors/index.js';
import type { AuditResults } from '../types.js';

/**
 * The verdict and the headline disparities as plain text: what the binary prints last and what
 * `result.summary()` gives a failing assertion.
 */
export function summarise(r: AuditResults, htmlPath?: string): string {
  const lines: string[] = [];
  const fails = r.findings.filter((f) => f.verdict === 'fail');
  const unsure = r.findings.filter((f) => f.verdict === 'insufficient-data');
  lines.push(`${r.passed ? 'PASS' : 'FAIL'}: ${r.probeSet.id} on ${r.manifest.model.spec}${r.synthetic ? ' (synthetic model)' : ''} — ${fails.length} of ${r.findings.length} axes fail the policy`);
  const c = r.counts;
  lines.push(`  ${c.calls} replies: ${c.scored} scored, ${c.refused} refused, ${c.unparsed} unparsed, ${c.errors} failed calls`);
  for (const f of fails) lines.push(`  ✗ ${f.summary} (${f.test}, adjusted p = ${formatP(f.pAdjusted)})`);
  for (const f of r.findings.filter((x) => x.verdict === 'pass')) lines.push(`  ✓ ${f.axisTitle}: ${f.reason}`);
  for (const f of unsure) lines.push(`  ? ${f.axisTitle}: ${f.reason}`);
  if (htmlPath) lines.push(`Report: ${htmlPath}`);
  return lines.join('\n');
}
