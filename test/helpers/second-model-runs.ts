import { join } from 'node:path';
import { audit } from '../../lib/audit/index.js';
import { ROOT } from './cli.js';

export const OVER_REFUSAL = join(ROOT, 'probes', 'safety', 'over-refusal.yaml');
export const TRANSLATED = join(ROOT, 'probes', 'safety', 'harmful-requests-translated.yaml');

/**
 * Three small sim:unsafe runs under `dir` for the readers of a run directory: `plain` (pattern
 * scorer), `judged` (sim:judge-noisy grades the refusals, flipping 25% of verdicts) and
 * `translated` (harmful requests sent in sim's pseudo-Zulu, read on the back-translation).
 */
export async function plainJudgedTranslatedRuns(dir: string, opts: { maxProbes: number; seed: number }): Promise<{ plain: string; judged: string; translated: string }> {
  const runs = { plain: join(dir, 'plain'), judged: join(dir, 'judged'), translated: join(dir, 'translated') };
  const common = { model: 'sim:unsafe', cache: false as const };
  await audit({ ...common, probeSet: OVER_REFUSAL, maxProbes: opts.maxProbes, seed: opts.seed, outDir: runs.plain });
  await audit({ ...common, probeSet: OVER_REFUSAL, judge: 'sim:judge-noisy', maxProbes: opts.maxProbes, seed: opts.seed, outDir: runs.judged });
  await audit({ ...common, probeSet: TRANSLATED, translator: 'sim:fair', maxProbes: 20, seed: 2, outDir: runs.translated });
  return runs;
}
