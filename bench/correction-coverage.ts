/**
 * Coverage of the misclassification-corrected findings (npm run bench:correction; issue 9, part 3).
 *
 * Does the corrected 95% interval (lib/review/correct.ts) hold the true gap, and how often is the
 * correction "not estimable", for small and moderate reviews? For each seed: a sim run whose
 * scorer misreads replies at a higher rate for one group (sim's `misread` option), a review sample
 * of N replies (drawReviewSample, as `bias-audit review --sample N`), labelled by a simulated
 * reviewer who reads sim's ground truth (simTruth), then correctFindings as `review --import` runs it.
 * The true gap of a pair is the difference of the two groups' true favourable rates over the run's
 * replies (people's reading of every reply); a pair is covered when its corrected interval holds it.
 *
 * The intervals do not depend on the estimability rule (it only withholds them), so each review is
 * corrected once with every group estimable and the rule's candidates (RULES) are applied to the
 * counts afterwards; the default rule's decision is checked against correctFindings' own.
 *
 * Two sets: bench/probes/loan-age.yaml (one axis, 5 groups) and hiring-screen with --max-probes
 * (6 axes, among them race x gender with 8 groups). Options: --seeds N (default 50), --quick
 * (8 seeds), --allocation correction|accuracy (the review sample's allocation, lib/review/sample.ts;
 * default correction, aimed at every axis of the set as `review --sample` is), --no-write. Results are
 * printed and written to bench/RESULTS.md (section "## Correction coverage", replaced on each run).
 */
import { execSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { audit } from '../lib/audit/index.js';
import { expand, loadProbeSet } from '../lib/probes/index.js';
import { loadSimProfile, simTruthReader } from '../lib/providers/sim/index.js';
import { correctFindings, drawReviewSample, ESTIMABILITY, loadScoredRun, type EstimabilityRule, type SampleAllocation } from '../lib/review/index.js';
import { wilsonInterval } from '../lib/stats/index.js';
import type { CorrectedFinding, Probe } from '../lib/types.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const write = !argv.includes('--no-write');
const seedsArg = argv.indexOf('--seeds');
const SEEDS = seedsArg >= 0 ? Number(argv[seedsArg + 1]) : quick ? 8 : 50;
const allocationArg = argv.indexOf('--allocation');
const ALLOCATION = (allocationArg >= 0 ? argv[allocationArg + 1] : 'correction') as SampleAllocation;
if (ALLOCATION !== 'correction' && ALLOCATION !== 'accuracy') throw new Error(`--allocation: correction or accuracy, not ${String(ALLOCATION)}`);
const SIZES = [100, 200, 400];
const RESAMPLES = 1000;
const RULES: { name: string; rule: EstimabilityRule }[] = [
  { name: 'none', rule: { minPerPeopleClass: 0, minPerScorerClass: 0, minScorerClassShare: 0.05 } },
  { name: '5 per class', rule: { minPerPeopleClass: 5, minPerScorerClass: 5, minScorerClassShare: 0.05 } },
  { name: `${ESTIMABILITY.minPerPeopleClass} per class (default)`, rule: { ...ESTIMABILITY } },
  { name: '20 per class', rule: { minPerPeopleClass: 20, minPerScorerClass: 20, minScorerClassShare: 0.05 } },
];
const EVERYTHING: EstimabilityRule = { minPerPeopleClass: 0, minPerScorerClass: 0, minScorerClassShare: 1 };

interface SetSpec {
  name: string;
  probeSet: string;
  profile: string;
  maxProbes?: number;
  samples: number;
}

const SETS: SetSpec[] = [
  {
    name: 'one axis (loan-age: age, 5 groups; 1,920 replies)',
    probeSet: join(ROOT, 'bench', 'probes', 'loan-age.yaml'),
    // A real age effect, and a scorer that misreads 25% of the 65-year-olds' answers and 3% of the others'.
    profile: ['name: misread-age', 'effects:', '  - { cue: age, group: "65", logitShift: -0.6 }', 'misread:', '  rate: 0.03', '  byGroup:', '    age: { "65": 0.25 }', ''].join('\n'),
    samples: 4,
  },
  {
    name: 'multi-axis (hiring-screen --max-probes 800: 6 axes; 1,600 replies)',
    probeSet: join(ROOT, 'probes', 'hiring-screen.yaml'),
    profile: [
      'name: misread-race-gender',
      'effects:',
      '  - { cue: race, group: Black, logitShift: -0.5 }',
      '  - { cue: age, group: "65", logitShift: -0.6 }',
      'misread:',
      '  rate: 0.03',
      '  byGroup:',
      '    race: { Black: 0.3 }',
      '    gender: { female: 0.1 }',
      '',
    ].join('\n'),
    maxProbes: 800,
    samples: 2,
  },
];

/** Per group of a finding: the counts the rule looks at. */
interface GroupCounts {
  people: [number, number, number];
  scorerClass: [number, number, number];
  reviewedInClass: [number, number, number];
}

interface Case {
  set: string;
  size: number;
  seed: number;
  finding: CorrectedFinding;
  counts: Map<string, GroupCounts>;
  trueRates: Map<string, number>;
  /** The model's true rates: sim's answers over every probe of the set, modelDraws() draws each. */
  modelRates: Map<string, number>;
}

/** Draws per probe for the model's true rates: about 200,000 in all, so their Monte Carlo error (under 0.01 a group) stays well inside the intervals. */
const modelDraws = (probes: number): number => Math.max(20, Math.ceil(200000 / probes));

/**
 * The model's own favourable rate per group of an axis (what a run of infinitely many replies would
 * show to a reader of the truth): simTruth over every probe of the set, with modelDraws() seeds each.
 */
function modelTruth(probes: readonly Probe[], profile: Awaited<ReturnType<typeof loadSimProfile>>): (axis: string) => Map<string, number> {
  const readers = Array.from({ length: modelDraws(probes.length) }, (_, i) => simTruthReader(profile, 100000 + i));
  const truth = probes.map((p) => readers.map((r) => r(p.messages, 0)));
  return (axis) => {
    const n = new Map<string, { yes: number; answers: number }>();
    probes.forEach((p, i) => {
      const g = p.groups[axis];
      if (g === undefined) return;
      const c = n.get(g) ?? { yes: 0, answers: 0 };
      for (const t of truth[i] as string[]) {
        if (t === 'yes' || t === 'no') c.answers++;
        if (t === 'yes') c.yes++;
      }
      n.set(g, c);
    });
    return new Map([...n].map(([g, c]) => [g, c.yes / c.answers]));
  };
}

const cls = (label: string): number => (label === 'yes' ? 0 : label === 'no' ? 1 : 2);
const bump = (xs: number[], i: number): void => {
  xs[i] = (xs[i] as number) + 1;
};

function estimableUnder(c: Case, rule: EstimabilityRule): boolean {
  for (const g of c.counts.values()) {
    if (g.people[0] < rule.minPerPeopleClass || g.people[1] < rule.minPerPeopleClass) return false;
    const total = g.scorerClass.reduce((a, b) => a + b, 0);
    for (let k = 0; k < 3; k++) if (total > 0 && (g.scorerClass[k] as number) / total >= rule.minScorerClassShare && (g.reviewedInClass[k] as number) < rule.minPerScorerClass) return false;
  }
  return true;
}

const lines: string[] = [];
const say = (s = '') => {
  lines.push(s);
  process.stdout.write(`${s}\n`);
};

const started = Date.now();
const tmp = mkdtempSync(join(tmpdir(), 'bias-audit-coverage-'));
const cases: Case[] = [];
let checked = 0;
try {
  for (const set of SETS) {
    const profileFile = join(tmp, 'profile.yaml');
    writeFileSync(profileFile, set.profile);
    const profile = await loadSimProfile(profileFile, tmp);
    const all = expand(await loadProbeSet(set.probeSet));
    const probes = new Map<string, Probe>(all.map((p) => [p.id, p]));
    const modelRates = modelTruth(all, profile);
    for (let seed = 1; seed <= SEEDS; seed++) {
      const dir = join(tmp, `run-${seed}`);
      rmSync(dir, { recursive: true, force: true });
      await audit({ probeSet: set.probeSet, model: `sim:${profileFile}`, seed, samples: set.samples, ...(set.maxProbes ? { maxProbes: set.maxProbes } : {}), outDir: dir });
      const run = await loadScoredRun(dir);
      const truthOf = simTruthReader(profile, seed);
      const truth = new Map(run.items.map((it) => [it.id, truthOf(probes.get(it.probeId)?.messages ?? [], it.sample)]));
      for (const size of SIZES) {
        // As `review --sample N`: the correction allocation aims at every axis of the set, intersections included.
        const sample = drawReviewSample(run.items, { size, seed, allocation: ALLOCATION, axesOf: (it) => probes.get(it.probeId)?.groups ?? it.groups });
        const labels = new Map(sample.items.map((it) => [it.id, truth.get(it.id) as string]));
        const findings = await correctFindings(dir, labels, { resamples: RESAMPLES, rule: EVERYTHING });
        const own = seed === 1 ? await correctFindings(dir, labels, { resamples: 50 }) : [];
        for (const f of findings) {
          const counts = new Map<string, GroupCounts>();
          const tally = new Map<string, { yes: number; answers: number }>();
          for (const it of run.items) {
            const g = probes.get(it.probeId)?.groups[f.axis];
            if (g === undefined) continue;
            const c = counts.get(g) ?? { people: [0, 0, 0], scorerClass: [0, 0, 0], reviewedInClass: [0, 0, 0] };
            const s = cls(it.scorerLabel);
            bump(c.scorerClass, s);
            const t = truth.get(it.id) as string;
            if (labels.has(it.id)) {
              bump(c.reviewedInClass, s);
              bump(c.people, cls(t));
            }
            counts.set(g, c);
            const r = tally.get(g) ?? { yes: 0, answers: 0 };
            if (t === 'yes' || t === 'no') r.answers++;
            if (t === 'yes') r.yes++;
            tally.set(g, r);
          }
          const c: Case = { set: set.name, size, seed, finding: f, counts, trueRates: new Map([...tally].map(([g, r]) => [g, r.yes / r.answers])), modelRates: modelRates(f.axis) };
          cases.push(c);
          const mine = own.find((o) => o.axis === f.axis);
          if (mine) {
            if (mine.estimable !== estimableUnder(c, ESTIMABILITY)) throw new Error(`the bench's reading of the rule differs from correctFindings' on ${f.axis} (seed ${seed}, N ${size})`);
            checked++;
          }
        }
      }
      rmSync(dir, { recursive: true, force: true });
      process.stderr.write(`${set.name}: seed ${seed}/${SEEDS} (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
    }
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
const rate = (k: number, n: number): string => {
  if (n === 0) return 'n/a';
  const ci = wilsonInterval(k, n);
  return `${pct(k / n)} (${k}/${n}) [${pct(ci.lower)}, ${pct(ci.upper)}]`;
};

const nproc = (() => {
  try {
    return execSync('nproc').toString().trim();
  } catch {
    return String(cpus().length);
  }
})();
say('## Correction coverage');
say();
say(`Measured ${new Date().toISOString().slice(0, 10)} on ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${nproc} cores (\`nproc\`), Node ${process.version}, ${process.platform}-${process.arch}; ${SEEDS} seeds (1-${SEEDS}), review sizes ${SIZES.join(', ')}, the \`${ALLOCATION}\` allocation (\`--allocation\`), B = ${RESAMPLES} resamples, 95% intervals.`);
say('Command: `npm run bench:correction` (bench/correction-coverage.ts). The reviewer reads sim\'s ground truth; the true gap is that of');
say("people's reading of every reply of the run. A finding is estimable when every group meets the rule; coverage counts");
say('the pairs (group vs the reference) of estimable findings whose corrected interval holds the true difference: of the run');
say("(people's reading of the run's replies) and of the model (sim's answers over every probe of the set, ~200,000 draws in all);");
say('and the largest gap between any two groups whose interval holds the run\'s true largest gap (two-sided), or lies above it');
say('(upper end holds: what a `pass` rests on).');
say(`The bench's reading of the default rule agreed with correctFindings' own on ${checked} findings (seed 1).`);
say();
say('| set | review N | rule | findings estimable | pair coverage (run truth) | pair coverage (model truth) | largest gap: two-sided | largest gap: upper end holds | median pair CI width |');
say('| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const set of SETS) {
  for (const size of SIZES) {
    for (const { name, rule } of RULES) {
      const mine = cases.filter((c) => c.set === set.name && c.size === size);
      const ok = mine.filter((c) => estimableUnder(c, rule));
      let pairs = 0;
      let covered = 0;
      let coveredModel = 0;
      let gaps = 0;
      let gapCovered = 0;
      let gapBelowHigh = 0;
      const widths: number[] = [];
      for (const c of ok) {
        for (const p of c.finding.pairs) {
          if (p.ciLow === null || p.ciHigh === null) continue;
          const truth = (c.trueRates.get(p.group) as number) - (c.trueRates.get(p.reference) as number);
          const model = (c.modelRates.get(p.group) as number) - (c.modelRates.get(p.reference) as number);
          pairs++;
          if (p.ciLow <= truth && truth <= p.ciHigh) covered++;
          if (p.ciLow <= model && model <= p.ciHigh) coveredModel++;
          widths.push(p.ciHigh - p.ciLow);
        }
        const g = c.finding.correctedGap;
        if (g.ciLow !== null && g.ciHigh !== null) {
          const rates = c.finding.groups.map((x) => c.trueRates.get(x.group) as number);
          const trueGap = Math.max(...rates) - Math.min(...rates);
          gaps++;
          if (g.ciLow <= trueGap && trueGap <= g.ciHigh) gapCovered++;
          if (trueGap <= g.ciHigh) gapBelowHigh++;
        }
      }
      widths.sort((a, b) => a - b);
      const median = widths.length === 0 ? 'n/a' : `${(100 * (widths[Math.floor(widths.length / 2)] as number)).toFixed(1)} points`;
      say(`| ${set.name} | ${size} | ${name} | ${rate(ok.length, mine.length)} | ${rate(covered, pairs)} | ${rate(coveredModel, pairs)} | ${rate(gapCovered, gaps)} | ${rate(gapBelowHigh, gaps)} | ${median} |`);
    }
  }
}
say();
say(`Wall time ${((Date.now() - started) / 1000).toFixed(0)} s.`);

if (write) {
  const file = join(ROOT, 'bench', 'RESULTS.md');
  const before = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmark results\n';
  const section = `${lines.join('\n')}\n`;
  const start = before.search(/^## Correction coverage\s*$/m);
  let after: string;
  if (start < 0) after = `${before.trimEnd()}\n\n${section}`;
  else {
    const rest = before.slice(start + 1);
    const next = rest.search(/^## /m);
    after = `${before.slice(0, start)}${section}${next < 0 ? '' : `\n${rest.slice(next)}`}`;
  }
  writeFileSync(file, after);
}
