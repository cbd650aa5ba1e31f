import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputFileError, UsageError } from '../../lib/errors.js';
import { builtInSimProfileNames, createSimProvider, describeSimProfile, loadSimProfile } from '../../lib/providers/sim/index.js';
import { ROOT } from '../helpers/cli.js';

describe('sim profiles', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sim-profile-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string): string => {
    writeFileSync(join(dir, name), text);
    return name;
  };

  it('has the built-in profiles fair, biased, unsafe and judge-noisy; fair has no effects', async () => {
    assert.deepEqual([...builtInSimProfileNames], ['fair', 'biased', 'unsafe', 'judge-noisy']);
    assert.deepEqual((await loadSimProfile('fair', dir)).effects, []);
    const b = await loadSimProfile('sim:biased', dir);
    b.effects.length = 0;
    assert.ok((await loadSimProfile('biased', dir)).effects.length > 0, 'callers get a copy, not the built-in');
  });

  it('keeps the noise rates of fair and biased identical', async () => {
    const { effects: _f, name: _fn, description: _fd, ...fair } = await loadSimProfile('fair', dir);
    const { effects: _b, name: _bn, description: _bd, ...biased } = await loadSimProfile('biased', dir);
    assert.deepEqual(fair, biased);
  });

  it('sim:judge-noisy is the profile of probes/sim-profiles/judge-noisy.yaml: a judge flipping 25% of verdicts, otherwise fair', async () => {
    const builtIn = await loadSimProfile('sim:judge-noisy', dir);
    assert.deepEqual(builtIn, await loadSimProfile(join(ROOT, 'probes', 'sim-profiles', 'judge-noisy.yaml'), dir));
    assert.deepEqual(builtIn.judge, { errorRate: 0.25 });
    const { judge: _j, name: _n, description: _d, ...rest } = builtIn;
    const { name: _fn, description: _fd, ...fair } = await loadSimProfile('fair', dir);
    assert.deepEqual(rest, fair);
    assert.match(describeSimProfile(builtIn), /flipped with probability 25\.0% \(judge\.errorRate\)/);
    assert.equal((await createSimProvider('judge-noisy', { seed: 1, cwd: dir })).id, 'sim:judge-noisy');
  });

  it('loads a custom YAML profile, filling omitted keys from fair', async () => {
    const file = write(
      'custom.yaml',
      'name: wheelchair\nbinary:\n  baseRate: 0.6\neffects:\n  - cue: disability\n    group: Wheelchair User\n    logitShift: -1\n  - cue: age\n    group: 60+\n    relativeShift: -0.1\n',
    );
    const p = await loadSimProfile(file, dir);
    assert.equal(p.name, 'wheelchair');
    assert.equal(p.binary.baseRate, 0.6);
    assert.equal(p.refusalRate, 0.02);
    assert.deepEqual(p.effects[0], { cue: 'disability', group: 'wheelchair user', logitShift: -1 });
    const provider = await createSimProvider(file, { seed: 1, cwd: dir });
    assert.equal(provider.id, 'sim:custom.yaml');
    assert.equal(provider.synthetic, true);
  });

  it('loads a JSON profile and the shipped example', async () => {
    const file = write('p.json', JSON.stringify({ refusalRate: 0.1, effects: [{ cue: 'race', group: 'Asian', logitShift: 0.5 }] }));
    const p = await loadSimProfile(join(dir, file), '/');
    assert.equal(p.name, 'p');
    assert.equal(p.refusalRate, 0.1);
    const example = await loadSimProfile('probes/sim-profiles/example.yaml', process.cwd());
    assert.equal(example.name, 'example');
    assert.ok(example.effects.length >= 3);
  });

  it('rejects a bad profile file with every issue, naming file, line and what was expected', async () => {
    const file = write(
      'bad.yaml',
      ['name: bad', 'binary:', '  baseRate: 1.5', 'colour: blue', 'effects:', '  - cue: caste', '    group: x', '    logitShift: 1', '  - cue: race', '    group: Martian', '  - cue: age', '    group: old', '    logitShift: -1', ''].join('\n'),
    );
    const err = await loadSimProfile(file, dir).then(
      () => assert.fail('expected an error'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof InputFileError, String(err));
    assert.equal(err.exitCode, 2);
    assert.equal(err.file, join(dir, 'bad.yaml'));
    assert.equal(err.line, 3);
    const m = err.message;
    assert.match(m, /bad\.yaml:3: binary\.baseRate: expected a probability strictly between 0 and 1, got 1\.5/);
    assert.match(m, /bad\.yaml:4: colour: expected one of the keys .*, got unknown key "colour"/);
    assert.match(m, /bad\.yaml:6: effects\[0\]\.cue: expected one of race, gender, age, religion, disability, sexual_orientation, nationality, socioeconomic_status, got "caste"/);
    assert.match(m, /bad\.yaml:10: effects\[1\]\.group: expected one of White, Black, Hispanic, Asian, got "Martian"/);
    assert.match(m, /bad\.yaml:9: effects\[1\]: expected at least one of logitShift/);
    assert.match(m, /bad\.yaml:12: effects\[2\]\.group: expected an age/);
  });

  it('rejects YAML syntax errors, non-mappings and missing files as InputFileError', async () => {
    const syntax = write('syntax.yaml', 'name: x\nbinary: [1,\n');
    await assert.rejects(loadSimProfile(syntax, dir), (e: unknown) => e instanceof InputFileError && /syntax\.yaml:\d+: expected a YAML or JSON sim profile/.test(e.message));
    const list = write('list.json', '[1, 2]');
    await assert.rejects(loadSimProfile(list, dir), (e: unknown) => e instanceof InputFileError && /list\.json:1: \(document\): expected a mapping/.test(e.message));
    await assert.rejects(loadSimProfile('missing.yaml', dir), (e: unknown) => e instanceof InputFileError && /missing\.yaml: cannot read the sim profile \(ENOENT\)/.test(e.message));
  });

  it('rejects an unknown profile name as a UsageError listing the built-ins', async () => {
    await assert.rejects(createSimProvider('unfair', { seed: 1, cwd: dir }), (e: unknown) => e instanceof UsageError && /unknown sim profile "unfair": expected one of fair, biased/.test(e.message));
  });

  it('describes every effect, the noise and that it is synthetic', async () => {
    const text = describeSimProfile(await loadSimProfile('biased', dir));
    for (const s of ['sim:biased', 'race = Black', 'race = Hispanic', 'age 55-64', 'age 65+', 'gender = female', '-1.00', '-2.40', '-6.0%', 'refusals 2.0%', 'unparseable replies 2.0%', 'sd 0.08']) {
      assert.ok(text.includes(s), `describe output lacks ${s}`);
    }
    assert.match(text, /no effect on yes\/no answers: +gender, religion, disability/);
    assert.match(text, /not a language model/);
    assert.match(text, /Synthetic/);
    assert.match(describeSimProfile(await loadSimProfile('fair', dir)), /Effects: none/);
  });
});
