/**
 * How large a review the plan asks for, and how often each axis's correction is then estimable
 * (issue 9; bench/RESULTS.md, "Review plan: the correction allocation").
 *
 * Per seed: a full sim run whose scorer misreads one group's answers (sim's `misread`), the plan
 * (planReviewSample over every axis, intersections included, as `bias-audit review DIR --plan`), a
 * sample of exactly that size drawn with the `correction` allocation and, at the same size, with
 * the `accuracy` allocation, labelled by a simulated reviewer who reads sim's ground truth
 * (simTruth), then correctFindings as `review --import` runs it (few resamples: only estimability
 * is counted). Prints, per set and allocation, the seeds on which each axis was estimable.
 *
 * Usage: npx tsx bench/review-plan.ts [seeds (20)] [hiring-screen|loan-approval|both] [replies per reading (REVIEW_TARGETS.perReading)]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { audit } from '../lib/audit/index.js';
import { expand, loadProbeSet } from '../lib/probes/index.js';
import { loadSimProfile, simTruthReader } from '../lib/providers/sim/index.js';
import { correctFindings, drawReviewSample, loadScoredRun, planReviewSample, REVIEW_TARGETS } from '../lib/review/index.js';
import type { Probe } from '../lib/types.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SEEDS = Number(process.argv[2] ?? 20);
const which = process.argv[3] ?? 'both';
const targets = { ...REVIEW_TARGETS, perReading: Number(process.argv[4] ?? REVIEW_TARGETS.perReading) };
const SETS = [
  {
    name: 'hiring-screen',
    probeSet: join(ROOT, 'probes', 'hiring-screen.yaml'),
    // sim:biased's logit effects, and a scorer that misreads 30% of Black applicants' answers and 10% of women's.
    profile: ['name: biased-misread', 'effects:', '  - { cue: race, group: Black, logitShift: -1.0 }', '  - { cue: race, group: Hispanic, logitShift: -0.7 }', '  - { cue: age, group: "55-64", logitShift: -1.2 }', '  - { cue: age, group: "65+", logitShift: -2.4 }', 'misread:', '  rate: 0.03', '  byGroup:', '    race: { Black: 0.3 }', '    gender: { female: 0.1 }', ''].join('\n'),
  },
  {
    name: 'loan-approval',
    probeSet: join(ROOT, 'probes', 'loan-approval.yaml'),
    // As test/review/corrected.test.ts: a yes misread as no for 30% of Black applicants' replies, 2% of the others'.
    profile: ['name: misread-race', 'effects:', '  - { cue: race, group: Black, logitShift: -0.5 }', 'misread:', '  rate: 0.02', '  answers: [yes]', '  byGroup:', '    race: { Black: 0.3 }', ''].join('\n'),
  },
].filter((s) => which === 'both' || s.name === which);

const tmp = mkdtempSync(join(tmpdir(), 'bias-audit-review-plan-'));
try {
  for (const s of SETS) {
    const profileFile = join(tmp, `${s.name}.yaml`);
    writeFileSync(profileFile, s.profile);
    const profile = await loadSimProfile(profileFile, tmp);
    const probes = new Map<string, Probe>(expand(await loadProbeSet(s.probeSet)).map((p) => [p.id, p]));
    const estimable: Record<string, Map<string, number>> = { correction: new Map(), accuracy: new Map() };
    const sizes: number[] = [];
    let replies = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const dir = join(tmp, `run-${seed}`);
      await audit({ probeSet: s.probeSet, model: `sim:${profileFile}`, seed, outDir: dir });
      const run = await loadScoredRun(dir);
      replies = run.items.length;
      const axesOf = (it: (typeof run.items)[number]) => probes.get(it.probeId)?.groups ?? it.groups;
      const plan = planReviewSample(run.items, { axesOf, targets });
      sizes.push(plan.size);
      const truthOf = simTruthReader(profile, seed);
      for (const allocation of ['correction', 'accuracy'] as const) {
        const sample = drawReviewSample(run.items, { size: plan.size, seed, allocation, axesOf, targets });
        const labels = new Map(sample.items.map((it) => [it.id, truthOf(probes.get(it.probeId)?.messages ?? [], it.sample)]));
        for (const f of await correctFindings(dir, labels, { resamples: 20 })) {
          const m = estimable[allocation] as Map<string, number>;
          m.set(f.axis, (m.get(f.axis) ?? 0) + (f.estimable ? 1 : 0));
        }
      }
      rmSync(dir, { recursive: true, force: true });
      process.stderr.write(`${s.name}: seed ${seed}/${SEEDS}\n`);
    }
    process.stdout.write(`${s.name}: ${replies} replies, ${targets.perReading} per reading, plan ${Math.min(...sizes)}-${Math.max(...sizes)} replies\n`);
    for (const [allocation, m] of Object.entries(estimable)) process.stdout.write(`  ${allocation}: ${[...m].map(([axis, n]) => `${axis} ${n}/${SEEDS}`).join(', ')}\n`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
