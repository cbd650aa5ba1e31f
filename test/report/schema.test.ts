import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020Module from 'ajv/dist/2020.js';
import { packageRoot } from '../../lib/report/index.js';
import type { AuditResults } from '../../lib/types.js';
import { fixture } from './fixture.js';
import { simRun } from './sim-runs.js';

// ajv is CommonJS: under NodeNext the default import is module.exports, whose `default` is the class.
const Ajv2020 = Ajv2020Module.default;

function validator() {
  const schema = JSON.parse(readFileSync(join(packageRoot(), 'schema', 'results.schema.json'), 'utf8')) as object;
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  // RFC 3339 date-time as Date#toISOString writes it (ajv-formats is not a dependency).
  ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
  return ajv.compile(schema);
}

function explain(errors: unknown): string {
  return JSON.stringify(errors, null, 1).slice(0, 3000);
}

describe('schema/results.schema.json', function () {
  this.timeout(120_000);
  const validate = validator();

  for (const [probeSet, profile] of [
    ['hiring-screen', 'biased'],
    ['salary-offer', 'biased'],
    ['hiring-screen', 'fair'],
  ] as const) {
    it(`validates results.json of a real ${probeSet} run on sim:${profile}`, async () => {
      const r = await simRun(probeSet, profile);
      const json: unknown = JSON.parse(readFileSync(r.files.json, 'utf8'));
      assert.ok(validate(json), explain(validate.errors));
    });
  }

  it('numeric runs carry distributions, rate runs none', async () => {
    const salary = JSON.parse(readFileSync((await simRun('salary-offer', 'biased')).files.json, 'utf8')) as AuditResults;
    assert.ok(salary.distributions && salary.distributions.length === salary.findings.length);
    const hiring = JSON.parse(readFileSync((await simRun('hiring-screen', 'biased')).files.json, 'utf8')) as AuditResults;
    assert.equal(hiring.distributions, undefined);
  });

  it('validates the report fixture with a benchmark, and a value that could not be computed (NaN is written as null)', () => {
    const r = fixture();
    const g = r.findings[0]!.groups[0]!;
    g.impactRatio = Number.NaN;
    r.manifest.sampling = { maxProbes: 300, seed: 1, probes: 296, totalProbes: 4608, units: 37, totalUnits: 576, method: 'whole blocks, stratified by template' };
    r.manifest.mergedFrom = ['a', 'b'];
    r.manifest.shard = { index: 1, count: 2 };
    r.benchmark = { name: 'bbq', title: 'BBQ', citation: 'Parrish et al. (2022)', scores: [{ id: 's', title: 'Bias score', value: null, n: 0, definition: 'd' }], notes: [] };
    assert.ok(validate(JSON.parse(JSON.stringify(r))), explain(validate.errors));
  });

  it('rejects drift: an unknown field, a missing field, a wrong type, a new verdict', () => {
    const ok = (): Record<string, unknown> => JSON.parse(JSON.stringify(fixture())) as Record<string, unknown>;
    const extra = ok();
    (extra['findings'] as Record<string, unknown>[])[0]!['newField'] = 1;
    assert.equal(validate(extra), false);
    assert.match(explain(validate.errors), /additionalProperties/);

    const missing = ok();
    delete missing['counts'];
    assert.equal(validate(missing), false);

    const wrong = ok();
    wrong['schemaVersion'] = 2;
    assert.equal(validate(wrong), false);

    const verdict = ok();
    (verdict['findings'] as Record<string, unknown>[])[0]!['verdict'] = 'maybe';
    assert.equal(validate(verdict), false);
  });

  it('is shipped in the package', () => {
    const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { files: string[]; exports: Record<string, unknown> };
    assert.ok(pkg.files.includes('schema'));
    assert.equal(pkg.exports['./schema/results.schema.json'], './schema/results.schema.json');
  });
});
