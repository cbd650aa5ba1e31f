/**
 * Statistical sanity of the sim profiles. Every check compares an observed rate with its expected
 * value within 4 binomial (or sampling) standard deviations. The draws are seeded, so each check is
 * deterministic. For a fresh seed a single 4-SD check fails by chance with probability 6e-5.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { loadSimProfile, type SimProfile } from '../../lib/providers/sim/index.js';
import { loadNameTable } from '../../lib/providers/sim/name-table.js';
import { respond, type SimReply } from '../../lib/providers/sim/respond.js';
import { NO_STYLES, YES_STYLES } from '../../lib/providers/sim/replies.js';
import { ROLES, namePrompt, salaryPrompt } from './fixtures.js';

interface Row {
  name: string;
  race: string;
  gender: string;
  subject: string;
  object: string;
}
const rows = parse(readFileSync(join(process.cwd(), 'probes', 'attributes', 'first-names.csv'), 'utf8'), { columns: true }) as Row[];
const names = loadNameTable();
const RACES = ['White', 'Black', 'Hispanic', 'Asian'];
/** Samples per (name, role): 12 names x 4 roles x 84 = 4,032 draws per race group. */
const SAMPLES = 84;
const logistic = (x: number): number => 1 / (1 + Math.exp(-x));

interface Tally {
  draws: number;
  answers: number;
  yes: number;
  refused: number;
  unparseable: number;
}

/** Tallies by race and by gender, keyed 'race:Black', 'gender:female' ... */
function tallyYesNo(profile: SimProfile, seed: number): Map<string, Tally> {
  const out = new Map<string, Tally>();
  for (const r of rows) {
    const tallies = [`race:${r.race}`, `gender:${r.gender}`].map((key) => {
      const t = out.get(key) ?? { draws: 0, answers: 0, yes: 0, refused: 0, unparseable: 0 };
      out.set(key, t);
      return t;
    });
    for (const role of ROLES) {
      const messages = namePrompt(r.name, r, role);
      for (let i = 0; i < SAMPLES; i++) {
        const reply = respond(profile, names, { messages, seed, sampleIndex: i });
        for (const t of tallies) {
          t.draws++;
          if (reply.kind === 'refusal') t.refused++;
          else if (reply.kind === 'unparseable') t.unparseable++;
          else if (reply.kind === 'answer') {
            t.answers++;
            if (reply.answer === 'yes') t.yes++;
          }
        }
      }
    }
  }
  return out;
}

const rate = (t: Tally | undefined): number => (t ? t.yes / t.answers : NaN);
const sdOf = (p: number, n: number): number => Math.sqrt((p * (1 - p)) / n);

describe('sim statistics', function () {
  this.timeout(10_000);
  let fair: SimProfile;
  let biased: SimProfile;
  before(async () => {
    fair = await loadSimProfile('fair', process.cwd());
    biased = await loadSimProfile('biased', process.cwd());
  });

  it('sim:fair: P(yes) is the same for every race group', () => {
    const tally = tallyYesNo(fair, 11);
    for (const race of RACES) {
      const t = tally.get(`race:${race}`);
      assert.ok(t && t.answers > 3700, race);
      const tol = 4 * sdOf(0.7, t.answers); // about 0.030
      assert.ok(Math.abs(rate(t) - 0.7) < tol, `${race}: P(yes) ${rate(t)} vs 0.70 ± ${tol}`);
    }
    const rates = RACES.map((r) => rate(tally.get(`race:${r}`)));
    const tol = 4 * Math.SQRT2 * sdOf(0.7, 3800); // SD of a difference of two rates, about 0.042
    assert.ok(Math.max(...rates) - Math.min(...rates) < tol, `spread ${rates.join(', ')} vs ${tol}`);
  });

  let biasedTally: Map<string, Tally>;
  it('sim:biased: the Black-White gap is the profile\'s, and the gender marginal stays balanced', () => {
    biasedTally = tallyYesNo(biased, 12);
    const [white, black, hispanic, asian] = RACES.map((r) => biasedTally.get(`race:${r}`));
    assert.ok(white && black && hispanic && asian);
    const expectedBlack = logistic(Math.log(0.7 / 0.3) - 1.0); // 0.4618
    const gapTol = 4 * Math.sqrt(sdOf(0.7, white.answers) ** 2 + sdOf(expectedBlack, black.answers) ** 2); // about 0.044
    assert.ok(Math.abs(rate(white) - rate(black) - (0.7 - expectedBlack)) < gapTol, `gap ${rate(white) - rate(black)} vs ${0.7 - expectedBlack} ± ${gapTol}`);
    const expectedHispanic = logistic(Math.log(0.7 / 0.3) - 0.7);
    assert.ok(Math.abs(rate(hispanic) - expectedHispanic) < 4 * sdOf(expectedHispanic, hispanic.answers));
    assert.ok(Math.abs(rate(asian) - 0.7) < 4 * sdOf(0.7, asian.answers), 'no Asian effect');

    const f = biasedTally.get('gender:female');
    const m = biasedTally.get('gender:male');
    assert.ok(f && m);
    const p = (rate(f) + rate(m)) / 2;
    const tol = 4 * Math.sqrt(sdOf(p, f.answers) ** 2 + sdOf(p, m.answers) ** 2); // about 0.03
    assert.ok(Math.abs(rate(f) - rate(m)) < tol, `gender gap ${rate(f) - rate(m)} vs ± ${tol}`);
  });

  it('noise rates are the profile\'s and the same for every group', () => {
    const tally = tallyYesNo(biased, 13);
    let draws = 0;
    let refused = 0;
    let unparseable = 0;
    for (const t of RACES.map((r) => tally.get(`race:${r}`))) {
      assert.ok(t);
      draws += t.draws;
      refused += t.refused;
      unparseable += t.unparseable;
      // Per group (4,032 draws) the SD of a 2% rate is 0.0022; tolerance 4 SD = 0.0088.
      assert.ok(Math.abs(t.refused / t.draws - 0.02) < 4 * sdOf(0.02, t.draws), `refusals ${t.refused / t.draws}`);
      assert.ok(Math.abs(t.unparseable / t.draws - 0.02) < 4 * sdOf(0.02, t.draws), `unparseable ${t.unparseable / t.draws}`);
    }
    assert.ok(Math.abs(refused / draws - biased.refusalRate) < 4 * sdOf(0.02, draws));
    assert.ok(Math.abs(unparseable / draws - biased.unparseableRate) < 4 * sdOf(0.02, draws));
  });

  it('sim:biased numeric: women are offered about 6% less, and every answer is in range', () => {
    const sums = { female: { n: 0, sum: 0 }, male: { n: 0, sum: 0 } };
    for (const r of rows) {
      for (const role of ROLES) {
        for (let i = 0; i < 30; i++) {
          const reply = respond(biased, names, { messages: salaryPrompt(r.name, role), seed: 14, sampleIndex: i });
          if (reply.kind !== 'answer') continue;
          const v = Number(reply.answer);
          assert.ok(v >= 30000 && v <= 300000, `${v}`);
          const s = sums[r.gender as 'female' | 'male'];
          s.n++;
          s.sum += v;
        }
      }
    }
    // Race shifts average the same over both genders, so E[female]/E[male] = (1 - 0.06 - 0.0225)/(1 - 0.0225).
    const expected = (1 - 0.06 - 0.0225) / (1 - 0.0225);
    const ratio = sums.female.sum / sums.female.n / (sums.male.sum / sums.male.n);
    // About 2,760 answers per gender: each mean has a relative SD of about 0.08 / sqrt(2,760) = 0.0015
    // (the spread of race shifts adds little), so the ratio's SD is about 0.0022; tolerance 0.01 is 4.5 SD.
    assert.ok(Math.abs(ratio - expected) < 0.01, `ratio ${ratio} vs ${expected}`);
  });

  it('sim:fair numeric: the centre is 40% into the range', () => {
    let n = 0;
    let sum = 0;
    for (const r of rows) {
      for (let i = 0; i < 60; i++) {
        const reply = respond(fair, names, { messages: salaryPrompt(r.name, 'nurse'), seed: 15, sampleIndex: i });
        if (reply.kind === 'answer') {
          n++;
          sum += Number(reply.answer);
        }
      }
    }
    // E[value] = 138,000 x exp(0.08^2 / 2) = 138,442; SD of the mean about 11,000 / sqrt(2,760) = 210.
    assert.ok(Math.abs(sum / n - 138442) < 1000, `mean ${sum / n}`);
  });

  it('every yes reply reads as yes and every no reply as no', () => {
    for (const t of YES_STYLES) assert.ok(/\byes\b/i.test(t) && !/\bno\b/i.test(t), t);
    for (const t of NO_STYLES) assert.ok(/\bno\b/i.test(t) && !/\byes\b/i.test(t), t);
    const seen = new Set<SimReply['kind']>();
    for (let i = 0; i < 300; i++) seen.add(respond(fair, names, { messages: namePrompt('Mary', { subject: 'she', object: 'her' }, 'nurse'), seed: 1, sampleIndex: i }).kind);
    assert.deepEqual([...seen].sort(), ['answer', 'refusal', 'unparseable']);
  });
});
