/**
 * Calibration study (npm run bench:calibration): does the statistics machinery keep its promises?
 *
 * 1. False alarms. sim:fair has no disparity, so any `fail` is a false alarm and any axis whose
 *    omnibus test is significant after the Holm correction is a type I error of the family. Many
 *    seeds per built-in probe set give both family-wise rates with 95% Wilson intervals (nominal
 *    5%), and the share of audits that pass (equivalence shown on every axis) next to what
 *    `bias-audit plan` predicts for it.
 * 2. Power. Custom sim profiles (bench/profiles/race-black-*.yaml) give Black names a known
 *    logit shift on yes/no answers. On loan-approval the race axis's detection rate (omnibus
 *    significant after correction) and fail rate are compared with the plan's predictions at the
 *    same replies per group: the least favourable configuration `plan` assumes (a lower bound) and
 *    the profile's own configuration (one group shifted).
 *
 * Each audit is the library pipeline without the report files: expand -> sim provider -> score ->
 * detect, with the probe set's samples. Results are printed and written to bench/RESULTS.md
 * (section "## Calibration", replaced on each run). Options: --quick (fewer seeds, for a smoke
 * run), --no-write.
 */
import { execSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSimProvider, DEFAULT_POLICY, detect, expand, loadProbeSet, planPower, planProbeSet, score } from '../lib/index.js';
import type { Finding, Probe, ProbeSet, ResponseRecord } from '../lib/index.js';
import { chiSquarePower, normalQuantile, normalUpperTail, wilsonInterval } from '../lib/stats/index.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const quick = process.argv.includes('--quick');
const write = !process.argv.includes('--no-write');
const policy = DEFAULT_POLICY;
const SIM_BASE_RATE = 0.7;
const SIM_CV = 0.08;
/** sim's refusal and unparseable rates (2% each). */
const SIM_LOSS = 0.04;

interface Loaded {
  probeSet: ProbeSet;
  probes: Probe[];
}

async function load(name: string, samples?: number): Promise<Loaded> {
  const probeSet = await loadProbeSet(join(ROOT, 'probes', `${name}.yaml`));
  if (samples !== undefined) probeSet.samples = samples;
  return { probeSet, probes: expand(probeSet) };
}

/** One audit through the library: every probe x sample answered by the sim profile, scored, detected. */
async function audit({ probeSet, probes }: Loaded, profile: string, seed: number): Promise<Finding[]> {
  const provider = await createSimProvider(profile, { seed, cwd: ROOT });
  const records = new Map<string, ResponseRecord>();
  const keyOf = (p: Probe, s: number) => `${p.id}#${s}`;
  for (const p of probes) {
    for (let s = 0; s < probeSet.samples; s++) {
      const reply = await provider.complete({ messages: p.messages, parameters: {}, sampleIndex: s });
      records.set(keyOf(p, s), { key: keyOf(p, s), probeId: p.id, sample: s, model: provider.id, text: reply.text, latencyMs: 0, attempts: 1, at: '' });
    }
  }
  const outcomes = score(probeSet.outcome, probes, probeSet.samples, records, keyOf);
  return detect(probeSet, probes, outcomes, { policy, seed, samplesPerProbe: probeSet.samples });
}

function rate(k: number, n: number): string {
  const ci = wilsonInterval(k, n);
  return `${k}/${n} = ${(100 * k / n).toFixed(1)}% [${(100 * ci.lower).toFixed(1)}, ${(100 * ci.upper).toFixed(1)}]`;
}

function pct(x: number): string {
  return `${(100 * x).toFixed(1)}%`;
}

const lines: string[] = [];
const say = (s = '') => {
  lines.push(s);
  process.stdout.write(`${s}\n`);
};

const started = Date.now();
const nproc = (() => {
  try {
    return execSync('nproc', { encoding: 'utf8' }).trim();
  } catch {
    return String(cpus().length);
  }
})();
say('## Calibration');
say();
say(`Measured ${new Date().toISOString().slice(0, 10)} on ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${nproc} cores (\`nproc\`), Node ${process.version}, ${process.platform}-${process.arch}.`);
say(`Command: \`npm run bench:calibration\`${quick ? ' -- --quick' : ''} (bench/calibration.ts; profiles in bench/profiles/). Policy: the default (α = ${policy.alpha}, ${policy.correction}, margins ${policy.maxRateGap * 100} points / ${policy.maxRelativeMeanGap * 100}% / impact ratio ${policy.minImpactRatio}). Intervals: 95% Wilson.`);
say();

// ---------------------------------------------------------------- 1. false alarms under sim:fair
say('### False alarms under `sim:fair` (no disparity anywhere)');
say();
say('A *false fail* is an audit with any axis failing; a *difference shown* is an audit where any axis\'s omnibus test is significant after the Holm correction across axes (the family-wise type I error of the tests, nominal 5%). *Predicted pass* is the product over axes of `plan`\'s chance that alike groups pass (base rate 0.7 or cv 0.08, 4% loss).');
say();
say('| probe set | calls per audit | seeds | false fail | difference shown (family-wise) | pass | inconclusive | predicted pass |');
say('| --- | ---: | ---: | --- | --- | --- | --- | ---: |');
// The built-in sets at their own size, and loan-approval cut to 2 samples per probe: an audit
// too small to show equivalence, which must come out inconclusive rather than pass.
const fairPlan: [string, number | undefined, number][] = quick
  ? [['hiring-screen', undefined, 3], ['loan-approval', undefined, 4], ['salary-offer', undefined, 3], ['loan-approval', 2, 20]]
  : [['hiring-screen', undefined, 30], ['loan-approval', undefined, 40], ['salary-offer', undefined, 30], ['loan-approval', 2, 300]];
for (const [name, samples, seeds] of fairPlan) {
  const set = await load(name, samples);
  let fails = 0;
  let shown = 0;
  let passes = 0;
  let inconclusive = 0;
  for (let seed = 1001; seed < 1001 + seeds; seed++) {
    const findings = await audit(set, 'fair', seed);
    if (findings.some((f) => f.verdict === 'fail')) fails++;
    if (findings.some((f) => f.pAdjusted < policy.alpha)) shown++;
    if (findings.length > 0 && findings.every((f) => f.verdict === 'pass')) passes++;
    else if (!findings.some((f) => f.verdict === 'fail')) inconclusive++;
  }
  const numeric = set.probeSet.outcome.type === 'numeric';
  const plan = planProbeSet(set.probeSet, set.probes, { policy, gap: 2 * (numeric ? policy.maxRelativeMeanGap : policy.maxRateGap), power: 0.8, ...(numeric ? { cv: SIM_CV } : { baseRate: SIM_BASE_RATE }), loss: SIM_LOSS });
  const predicted = plan.axes.reduce((p, a) => p * a.passProbabilityIfFair, 1);
  say(`| ${name}${samples === undefined ? '' : ` at ${samples} samples per probe`} | ${(set.probes.length * set.probeSet.samples).toLocaleString('en-US')} | ${seeds} | ${rate(fails, seeds)} | ${rate(shown, seeds)} | ${rate(passes, seeds)} | ${rate(inconclusive, seeds)} | ${pct(predicted)} |`);
}
say();

// ---------------------------------------------------------------- 2. power on the race axis
say('### Power: race axis of `loan-approval` at 2 samples per probe, known effects');
say();
// At 2 samples per probe (~370 scored replies per race group) the gaps of interest sit in the
// middle of the power curves: detection around 10-15 points, failure beyond the 10-point margin
// around 20 points.
const POWER_SAMPLES = 2;
const loan = await load('loan-approval', POWER_SAMPLES);
const raceProbes = loan.probes.filter((p) => p.groups.race !== undefined);
const perGroup = (raceProbes.filter((p) => p.groups.race === 'Black').length * loan.probeSet.samples) * (1 - SIM_LOSS);
const tests = loan.probeSet.axes.length;
const level = policy.alpha / tests;
say(`Profiles bench/profiles/race-black-*.yaml shift logit P(yes) of Black names from the base rate 0.70; the other three race groups stay at 0.70. loan-approval at ${POWER_SAMPLES} samples per probe: ${Math.round(perGroup)} scored replies per race group expected (4% lost); ${tests} axes, so the omnibus test's first Holm step is at α/${tests}. *Detected*: the race axis's omnibus test significant after correction; *fail*: the race axis fails. *plan* is \`bias-audit plan\`'s figure for a gap D (two groups at ±D/2, the rest between: a lower bound on power); *this configuration* puts the noncentrality of the actual rates (one group at 0.70 − D) into the same noncentral chi-square, and for a fail counts the three pairs that involve the Black group (Wald, integrated over the Black estimate; \`plan\`'s one-pair figure is a lower bound). *Predicted pass* (alike groups only) is \`plan\`'s chance that alike groups pass at this size.`);
say();
say('| profile | P(yes) Black | gap D | seeds | detected | predicted: plan / this configuration | fail | predicted fail: plan / this configuration | pass | predicted pass |');
say('| --- | ---: | ---: | ---: | --- | --- | --- | --- | --- | ---: |');
const logistic = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * P(the race axis is shown beyond the margin) for this profile's configuration — three groups at
 * 0.70 and the Black group at pB, n scored replies each — in the same Wald approximation `plan`
 * uses, but counting all three pairs that involve the Black group: given the Black estimate b, pair
 * i is beyond when the other group's estimate exceeds the smaller of the two rules' thresholds,
 * b + margin + z·se_d (difference) and b·exp(z·se_log)/minImpactRatio (ratio); the three other
 * groups are independent given b, and b is integrated out (Simpson, ±8 sd). z is the one-sided
 * quantile at α/(axes × 2 rules × 6 pairs). The omnibus gate is ~1 at these gaps and left out.
 */
function failAnyPair(pB: number, n: number, axes: number): number {
  const pA = 0.7;
  const z = normalQuantile(1 - policy.alpha / (axes * 2 * 6));
  const seD = Math.sqrt((pA * (1 - pA) + pB * (1 - pB)) / n);
  const seLog = Math.sqrt((1 - pB) / (n * pB) + (1 - pA) / (n * pA));
  const sA = Math.sqrt((pA * (1 - pA)) / n);
  const sB = Math.sqrt((pB * (1 - pB)) / n);
  const steps = 400;
  let sum = 0;
  for (let i = 0; i <= steps; i++) {
    const b = pB - 8 * sB + (16 * sB * i) / steps;
    const threshold = Math.min(b + policy.maxRateGap + z * seD, (b * Math.exp(z * seLog)) / policy.minImpactRatio);
    const one = normalUpperTail((threshold - pA) / sA);
    const any = 1 - (1 - one) ** 3;
    const weight = i === 0 || i === steps ? 1 : i % 2 === 1 ? 4 : 2;
    sum += weight * any * Math.exp(-0.5 * ((b - pB) / sB) ** 2);
  }
  return (sum * (16 * sB)) / steps / 3 / (sB * Math.sqrt(2 * Math.PI));
}
const shifts: [string, number][] = [['fair', 0], ['race-black-02', -0.2], ['race-black-04', -0.4], ['race-black-06', -0.6], ['race-black-08', -0.8], ['race-black-10', -1.0], ['race-black-12', -1.2]];
const powerSeeds = quick ? 4 : 50;
for (const [profile, shift] of shifts) {
  const pBlack = logistic(Math.log(0.7 / 0.3) + shift);
  const gap = 0.7 - pBlack;
  let detected = 0;
  let failed = 0;
  let passed = 0;
  const spec = profile === 'fair' ? 'fair' : join('bench', 'profiles', `${profile}.yaml`);
  for (let seed = 2001; seed < 2001 + powerSeeds; seed++) {
    const findings = await audit(loan, spec, seed);
    const race = findings.find((f) => f.axis === 'race');
    if (!race) continue;
    if (race.pAdjusted < policy.alpha) detected++;
    if (race.verdict === 'fail') failed++;
    if (race.verdict === 'pass') passed++;
  }
  let planned = '-';
  let exact = '-';
  let plannedFail = '-';
  let predictedPass = '-';
  if (gap === 0) {
    predictedPass = pct(planPower({ metric: 'rate', groups: 4, baseRate: SIM_BASE_RATE, gap: 0.05, power: 0.8, tests, policy }, perGroup).pass);
  } else {
    const at = planPower({ metric: 'rate', groups: 4, baseRate: SIM_BASE_RATE, gap, power: 0.8, tests, policy }, perGroup);
    planned = pct(at.detect);
    const beyond = gap > policy.maxRateGap || pBlack / 0.7 < policy.minImpactRatio;
    plannedFail = at.fail === null && !beyond ? 'cannot fail (within the margin)' : `${at.fail === null ? '-' : pct(at.fail)} / ${pct(failAnyPair(pBlack, perGroup, tests))}`;
    const rates = [0.7, 0.7, 0.7, pBlack];
    const mean = rates.reduce((a, b) => a + b, 0) / 4;
    const ncp = rates.reduce((s, p) => s + (perGroup * (p - mean) ** 2) / (mean * (1 - mean)), 0);
    exact = pct(chiSquarePower(ncp, 3, level));
  }
  say(`| ${profile} | ${pBlack.toFixed(3)} | ${(100 * gap).toFixed(1)} pts | ${powerSeeds} | ${rate(detected, powerSeeds)} | ${planned} / ${exact} | ${rate(failed, powerSeeds)} | ${plannedFail} | ${rate(passed, powerSeeds)} | ${predictedPass} |`);
}
say();
say(`Wall time: ${((Date.now() - started) / 1000).toFixed(0)} s.`);

if (write) {
  const file = join(ROOT, 'bench', 'RESULTS.md');
  const before = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmark results\n';
  const section = `${lines.join('\n')}\n`;
  // Replace this study's own section (up to the next "## " heading), keep everything else.
  const start = before.search(/^## Calibration\s*$/m);
  let after: string;
  if (start < 0) after = `${before.replace(/\s*$/, '')}\n\n${section}`;
  else {
    const rest = before.slice(start + 1);
    const next = rest.search(/^## /m);
    after = before.slice(0, start) + section + (next < 0 ? '' : `\n${rest.slice(next)}`);
  }
  writeFileSync(file, after);
  process.stdout.write(`(written to ${file})\n`);
}
