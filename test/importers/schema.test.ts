/** Every importer's output is a probe set the shipped JSON Schema accepts, so editors help with imported files too. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AjvModule from 'ajv';
import { parse as parseYaml } from 'yaml';
import { importBenchmark, toYaml } from '../../lib/importers/index.js';
import { ROOT } from '../helpers/cli.js';

// ajv is CommonJS: under NodeNext its default import is the module object, whose .default is the class.
const Ajv = AjvModule.default;
const validate = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(join(ROOT, 'schema', 'probe-set.schema.json'), 'utf8')) as object);
const DATA = join(ROOT, 'test', 'fixtures', 'datasets');

describe('imported probe sets and the JSON Schema', () => {
  const cases: [string, string][] = [
    ['bbq', join(DATA, 'bbq', 'Age.jsonl')],
    ['winobias', join(DATA, 'winobias', 'anti_stereotyped_type1.txt.dev')],
    ['bold', join(DATA, 'bold', 'race_prompt.json')],
    ['crows-pairs', join(DATA, 'crows-pairs', 'crows_pairs_anonymized.csv')],
    ['holistic-bias', join(DATA, 'holistic-bias', 'descriptors.json')],
  ];
  for (const [name, file] of cases) {
    it(`${name} validates`, async () => {
      const doc = parseYaml(toYaml(await importBenchmark(name, [file]), 'test')) as unknown;
      assert.ok(validate(doc), JSON.stringify(validate.errors));
    });
  }
});
