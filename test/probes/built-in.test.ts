/**
 * The built-in probe library: every set validates against the loader and the shipped JSON Schema,
 * the library spans the domains and axes it promises, and every set runs end to end against
 * sim:biased (here sampled with --max-probes to keep the suite fast; docs/probe-sets.md has the
 * full-size verdicts).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AjvModule from 'ajv';
import { parse as parseYaml } from 'yaml';
import { audit } from '../../lib/audit/index.js';
import { listProbeSets, scaffoldProbeSet, parseProbeSet } from '../../lib/probes/index.js';
import type { ProbeSetEntry } from '../../lib/probes/index.js';
import { ROOT } from '../helpers/cli.js';

const schema = JSON.parse(readFileSync(join(ROOT, 'schema', 'probe-set.schema.json'), 'utf8')) as object;
// ajv is CommonJS: under NodeNext its default import is the module object, whose .default is the class.
const Ajv = AjvModule.default;
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

describe('built-in probe library', () => {
  let sets: ProbeSetEntry[];
  before(async () => {
    sets = await listProbeSets(join(ROOT, 'probes'));
  });

  it('has at least 15 sets over at least 8 domains and 8 axes, text outcomes included', () => {
    assert.ok(sets.length >= 15, String(sets.length));
    assert.ok(new Set(sets.map((s) => s.domain)).size >= 8);
    const axes = new Set(sets.flatMap((s) => s.axes.map((a) => a.id)));
    for (const a of ['race', 'gender', 'race x gender', 'stated_race', 'age', 'religion', 'disability', 'sexual_orientation', 'nationality', 'socioeconomic_status']) assert.ok(axes.has(a), a);
    assert.deepEqual([...new Set(sets.map((s) => s.outcome))].sort(), ['binary', 'length', 'numeric', 'refusal', 'sentiment', 'toxicity']);
  });

  it('every set validates against schema/probe-set.schema.json; a broken one and the init scaffold are judged right', async () => {
    for (const s of sets) {
      const ok = validate(parseYaml(readFileSync(s.file, 'utf8')));
      assert.ok(ok, `${s.id}: ${JSON.stringify(validate.errors)}`);
    }
    assert.equal(validate(parseYaml(readFileSync(join(ROOT, 'test', 'fixtures', 'probes', 'broken.yaml'), 'utf8'))), false);
    const scaffold = scaffoldProbeSet('my-set');
    assert.ok(validate(parseYaml(scaffold)), JSON.stringify(validate.errors));
    const ps = await parseProbeSet('my-set.yaml', scaffold, () => Promise.reject(new Error('no tables')));
    assert.deepEqual(ps.axes.map((a) => a.id), ['race', 'gender', 'race x gender', 'age']);
  });

  it('every set runs end to end against sim:biased (sampled to at most 150 probes)', async function () {
    this.timeout(120_000);
    const dir = mkdtempSync(join(tmpdir(), 'ba-library-'));
    try {
      for (const s of sets) {
        // sim translates offline for a set that sends prompts translated (harmful-requests-translated); the others ignore it.
        const r = await audit({ probeSet: s.file, model: 'sim:biased', translator: 'sim:fair', seed: 1, samples: 1, maxProbes: 150, outDir: join(dir, s.id), cwd: ROOT });
        assert.equal(r.counts.errors, 0, s.id);
        assert.ok(r.counts.scored >= r.counts.calls * 0.9, `${s.id}: ${JSON.stringify(r.counts)}`);
        assert.ok(r.findings.length >= 1, s.id);
        assert.ok(r.manifest.sampling === undefined || r.manifest.sampling.probes <= 150, s.id);
        if (r.manifest.sampling) assert.ok(r.method.notes.some((n) => n.startsWith('Sampling:')), s.id);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
