import { basename } from 'node:path';
import type { CorrectedFinding, LabelQualityRecord } from '../types.js';
import type { FleissKappa } from './fleiss.js';
import type { KrippendorffAlpha } from './krippendorff.js';
import type { KappaInterval, LabelQuality } from './quality.js';

export interface LabelQualityParts {
  source: string;
  files: { file: string; labelled: number; unlabelled: number }[];
  /** Replies of the run (with a reply). */
  replies: number;
  scorerVsPeople: LabelQuality;
  interRater: { a: string; b: string; agreement: KappaInterval | null }[];
  fleiss: FleissKappa | null;
  krippendorff: KrippendorffAlpha | null;
  corrected: CorrectedFinding[];
}

/**
 * The part of a review that results.json and the report carry: what was checked, how well scorer
 * and people agree, per-group error, and the corrected findings. File names only (no directories),
 * so the record does not leak a reviewer's paths into a shared report.
 */
export function labelQualityRecord(p: LabelQualityParts): LabelQualityRecord {
  const q = p.scorerVsPeople;
  return {
    source: p.source,
    files: p.files.map((f) => ({ ...f, file: basename(f.file) })),
    reviewed: q.n,
    replies: p.replies,
    confidence: q.confidence,
    accuracy: q.accuracy,
    weightedAccuracy: q.weightedAccuracy,
    kappa: q.kappa ? { kappa: q.kappa.kappa, lower: q.kappa.lower, upper: q.kappa.upper, n: q.kappa.n } : null,
    interRater: {
      pairs: p.interRater.map((r) => ({ a: basename(r.a), b: basename(r.b), kappa: r.agreement?.kappa ?? null, n: r.agreement?.n ?? 0 })),
      fleiss: p.fleiss ? { kappa: p.fleiss.kappa, items: p.fleiss.items, raters: p.fleiss.raters } : null,
      krippendorff: p.krippendorff ? { alpha: p.krippendorff.alpha, units: p.krippendorff.units, coders: p.krippendorff.coders } : null,
    },
    perAxis: q.perAxis.map((a) => ({ axis: a.axis, groups: a.groups, test: a.test ? { name: a.test.name, pValue: a.test.pValue } : null })),
    corrected: p.corrected,
  };
}
