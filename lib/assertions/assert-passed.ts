import { AssertionError } from 'node:assert';
import { executiveSummary } from '../report/index.js';
import type { AuditResults } from '../types.js';
import { reportLine } from './report-line.js';

/**
 * Fail a test unless the audit passed. The message is what the report's first screen says: the
 * verdict and why, then each disparity that matters as a sentence, then where the report is.
 *
 * @example
 *   const result = await audit({ probeSet: 'probes/hiring-screen.yaml', model: 'openai:gpt-4o-mini' });
 *   assertPassed(result);
 */
export function assertPassed(result: AuditResults): void {
  if (result.verdict === 'pass') return;
  const s = executiveSummary(result);
  const lines = [`bias-audit: ${result.probeSet.id} on ${result.manifest.model.spec}: ${result.verdict.toUpperCase()}. ${s.why}`];
  for (const k of s.keyFindings) lines.push(`  - ${k.axisTitle}: ${k.text}`);
  if (s.more > 0) lines.push(`  … and ${s.more} more in the report`);
  lines.push(...reportLine(result));
  throw new AssertionError({ message: lines.join('\n'), stackStartFn: assertPassed });
}
