import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputFileError } from '../../lib/errors.js';
import { createSimProvider, describeSimProfile, loadSimProfile, simTruth, simTruthReader } from '../../lib/providers/sim/index.js';
import { MISREAD_NO_STYLES, MISREAD_YES_STYLES } from '../../lib/providers/sim/misread.js';
import { scoreYesNo } from '../../lib/scorers/index.js';

describe('sim: misread replies', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sim-misread-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const ask = (name: string) => [{ role: 'user' as const, content: `Should we approve ${name}'s loan application? Answer yes or no.` }];

  it('words a true yes so the yes/no scorer reads no, and a true no so it reads yes', () => {
    for (const t of MISREAD_YES_STYLES) assert.equal(scoreYesNo(t).label, 'no', t);
    for (const t of MISREAD_NO_STYLES) assert.equal(scoreYesNo(t).label, 'yes', t);
  });

  it('misreads at the rate of the cued group, keeps the answer, and leaves other profiles unchanged', async () => {
    writeFileSync(join(dir, 'm.yaml'), 'name: m\nmisread:\n  rate: 0.05\n  byGroup:\n    race: { black: 0.5 }\n');
    writeFileSync(join(dir, 'plain.yaml'), 'name: m\n');
    const profile = await loadSimProfile('m.yaml', dir);
    assert.deepEqual(profile.misread, { rate: 0.05, byGroup: [{ cue: 'race', group: 'Black', rate: 0.5 }], answers: ['yes', 'no'] });
    const misread = await createSimProvider('m.yaml', { seed: 4, cwd: dir });
    const plain = await createSimProvider('plain.yaml', { seed: 4, cwd: dir });
    const truthOf = simTruthReader(profile, 4);
    const count = async (name: string) => {
      let wrong = 0;
      for (let i = 0; i < 400; i++) {
        const messages = ask(name);
        const a = await misread.complete({ messages, parameters: {}, sampleIndex: i });
        const b = await plain.complete({ messages, parameters: {}, sampleIndex: i });
        const truth = truthOf(messages, i);
        // The decision is the plain profile's; only the wording may differ.
        assert.equal(truth, scoreYesNo(b.text).label ?? (scoreYesNo(b.text).status === 'refused' ? 'refused' : 'unparsed'));
        assert.equal(simTruth(profile, 4, messages, i), truth);
        if (a.text !== b.text) {
          assert.notEqual(scoreYesNo(a.text).label, truth);
          wrong++;
        }
      }
      return wrong / 400;
    };
    // 400 answers (about 96% of them yes/no) at rate r: binomial sd at most 0.025; tolerance 4 sd.
    const black = await count('Latoya');
    const white = await count('Mary');
    assert.ok(Math.abs(black - 0.5 * 0.96) < 0.1, `Black misread share ${black}`);
    assert.ok(Math.abs(white - 0.05 * 0.96) < 0.045, `White misread share ${white}`);
    assert.match(describeSimProfile(profile), /race = Black\s+50\.0%/);
  });

  it('reports every problem of a misread section with file:line', async () => {
    writeFileSync(join(dir, 'bad.yaml'), 'name: bad\nmisread:\n  rate: 2\n  byGroup:\n    race: { Blak: 0.25 }\n    colour: {}\n  answers: [maybe]\n  extra: 1\n');
    await assert.rejects(loadSimProfile('bad.yaml', dir), (err: unknown) => {
      assert.ok(err instanceof InputFileError);
      const m = err.message;
      assert.match(m, /bad\.yaml:3: misread\.rate: expected a probability from 0 to 1, got 2/);
      assert.match(m, /bad\.yaml:5: misread\.byGroup\.race\.Blak: expected one of White, Black, Hispanic, Asian/);
      assert.match(m, /bad\.yaml:6: misread\.byGroup\.colour: expected one of the cues/);
      assert.match(m, /bad\.yaml:7: misread\.answers\[0\]: expected yes or no, got "maybe"/);
      assert.match(m, /bad\.yaml:8: misread\.extra: expected one of the keys rate, byGroup, answers/);
      return true;
    });
  });
});
