import { AssertionError } from 'node:assert';
import { UsageError } from '../errors.js';
import { disparities, disparitiesThatMatter, formatNumber, formatP, formatRatio, type Disparity } from '../report/index.js';
import type { AuditResults, Finding } from '../types.js';
import { reportLine } from './report-line.js';

export interface NoDisparityOptions {
  /** Axis id (`race`, `race x gender`) or title (`Race × Gender`), as in results.findings. */
  axis: string;
  /**
   * Largest acceptable gap to the most favoured group: rate points for rates (0.05 = 5 points),
   * a fraction of the most favoured group's mean for means (0.05 = 5%). Default: the run's policy.
   */
  maxGap?: number;
  /** Smallest acceptable impact ratio. Default: the run's policy (0.8, the four-fifths rule). */
  minImpactRatio?: number;
  /** Significance level a difference must reach to count. Default: the run's policy alpha. */
  alpha?: number;
  /**
   * Pass when the axis is inconclusive (neither a disparity nor equivalence shown, or too little
   * data), or, with limits, when a gap beyond them was seen but is not significant. Default false:
   * such an audit fails the assertion, because it cannot rule the disparity out.
   */
  allowInconclusive?: boolean;
}

/**
 * Fail a test when one audited axis shows a disparity. The message is the plain-language finding
 * for each group concerned, with its adjusted p-value.
 *
 * Without limits, the run's own verdict decides (the policy's margin tests, docs/statistics.md):
 * `fail` fails, `inconclusive` fails unless `allowInconclusive`, `pass` passes.
 * With `maxGap`, `minImpactRatio` or `alpha`, the axis is judged against those limits instead: a group
 * fails when its gap to the most favoured group exceeds `maxGap` or its impact ratio is below
 * `minImpactRatio`, and its difference from that group is statistically significant (the axis's
 * adjusted p and the group's pairwise adjusted p both below `alpha`); a group beyond the limits
 * whose difference is not significant cannot be ruled out, and fails unless `allowInconclusive`.
 * (To apply the full margin tests with other limits, regenerate the run with that policy:
 * `regenerateReport(dir, { policy })`.)
 *
 * @example assertNoDisparity(result, { axis: 'gender' });
 * @example assertNoDisparity(result, { axis: 'race x gender', maxGap: 0.05, allowInconclusive: true });
 */
export function assertNoDisparity(result: AuditResults, opts: NoDisparityOptions): void {
  const f = findAxis(result, opts.axis);
  const policy = result.manifest.policy;
  const head = `bias-audit: ${f.axisTitle} (${f.axis}) in ${result.probeSet.id} on ${result.manifest.model.spec}`;
  const custom = opts.maxGap !== undefined || opts.minImpactRatio !== undefined || opts.alpha !== undefined;
  const sentence = (d: Disparity): string => `  - ${d.text} Adjusted p = ${formatP(d.pAdjusted ?? f.pAdjusted)}.`;

  if (!custom) {
    if (f.verdict === 'pass') return;
    if (f.verdict === 'fail') {
      fail([`${head} fails the run's policy: ${f.reason}`, ...disparitiesThatMatter(f, result).map(sentence), ...reportLine(result)]);
    }
    if (opts.allowInconclusive) return;
    fail([`${head} could not be judged (${f.verdict}): ${[f.reason, samplesNeeded(f)].filter((x) => x !== '').join(' ')}`, ...reportLine(result)]);
  }

  const maxGap = opts.maxGap ?? (f.metric === 'rate' ? policy.maxRateGap : policy.maxRelativeMeanGap);
  const minImpactRatio = opts.minImpactRatio ?? policy.minImpactRatio;
  const alpha = opts.alpha ?? policy.alpha;
  const limits = `${f.metric === 'rate' ? `gap at most ${formatNumber(maxGap * 100)} points` : `mean at most ${formatNumber(maxGap * 100)}% below the most favoured group's`}, impact ratio at least ${formatRatio(minImpactRatio)}`;
  const all = disparities(f, result.outcome, result.probeSet);
  const beyond = all.filter((d) => d.impactRatio < minImpactRatio || d.relativeGap > maxGap);
  const significant = (p: number | undefined): boolean => f.pAdjusted < alpha && (p ?? f.pAdjusted) < alpha;
  const failing = beyond.filter((d) => significant(d.pAdjusted));
  if (failing.length > 0) {
    fail([
      `${head}: beyond the limits (${limits}), and significantly different from the most favoured group (adjusted p < ${formatNumber(alpha)}):`,
      ...failing.map(sentence),
      ...reportLine(result),
    ]);
  }
  const open = beyond.filter((d) => !significant(d.pAdjusted));
  if (open.length > 0 && !opts.allowInconclusive) {
    fail([
      `${head}: a gap beyond the limits (${limits}) was observed but is not statistically significant, so it cannot be ruled out; more samples would settle it (or pass allowInconclusive: true):`,
      ...open.map(sentence),
      ...reportLine(result),
    ]);
  }
}

function samplesNeeded(f: Finding): string {
  return (f as Partial<Finding>).samplesNeeded?.text ?? '';
}

function findAxis(result: AuditResults, axis: string): Finding {
  const key = axis.trim().toLowerCase();
  const f = result.findings.find((x) => x.axis.toLowerCase() === key) ?? result.findings.find((x) => x.axisTitle.toLowerCase() === key);
  if (f) return f;
  // A typo in a test is a usage error, not a disparity: say what exists.
  throw new UsageError(`assertNoDisparity: axis "${axis}" was not audited; audited axes: ${result.findings.map((x) => x.axis).join(', ') || 'none'}`);
}

function fail(lines: string[]): never {
  throw new AssertionError({ message: lines.join('\n'), stackStartFn: assertNoDisparity });
}
