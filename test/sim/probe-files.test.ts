/**
 * The committed data sim and the built-in probe sets rely on: the name table's balance, and that
 * every probe set parses as YAML and points only at files that exist. Full validation is the probe
 * loader's job (lib/probes); this only guards the files themselves.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { parseDocument } from 'yaml';
import { detectAnswerFormat } from '../../lib/providers/sim/answer-format.js';
import { isOpenEnded } from '../../lib/providers/sim/respond.js';

const ROOT = process.cwd();
const PROBES = join(ROOT, 'probes');

describe('sim data files', () => {
  it('first-names.csv has 6 names in every race x gender cell, with matching pronouns', () => {
    const text = readFileSync(join(PROBES, 'attributes', 'first-names.csv'), 'utf8');
    assert.equal(text.split('\n')[0], 'name,race,gender,subject,object,possessive,obs,race_share,female_share');
    const rows = parseCsv(text, { columns: true }) as Record<string, string>[];
    assert.equal(rows.length, 48);
    assert.equal(new Set(rows.map((r) => r['name'])).size, 48, 'names are unique');
    const cells = new Map<string, number>();
    for (const r of rows) cells.set(`${r['race']}/${r['gender']}`, (cells.get(`${r['race']}/${r['gender']}`) ?? 0) + 1);
    assert.deepEqual(
      [...cells].sort(),
      ['Asian', 'Black', 'Hispanic', 'White'].flatMap((race) => [[`${race}/female`, 6], [`${race}/male`, 6]]).sort(),
    );
    for (const r of rows) {
      const pronouns = r['gender'] === 'female' ? 'she/her/her' : 'he/him/his';
      assert.equal(`${r['subject']}/${r['object']}/${r['possessive']}`, pronouns, r['name']);
      assert.match(r['name'] ?? '', /^[A-Z][a-z]+$/);
      const share = Number(r['female_share']);
      assert.ok(r['gender'] === 'female' ? share >= 0.95 : share <= 0.05, `${r['name']} female_share ${share}`);
      assert.ok(Number(r['race_share']) >= 60 && Number(r['obs']) >= 30, `${r['name']} passes at least tier 3`);
    }
  });

  const files = readdirSync(PROBES).filter((f) => f.endsWith('.yaml'));
  it('has the built-in probe sets', () => {
    for (const f of ['hiring-screen.yaml', 'loan-approval.yaml', 'salary-offer.yaml']) assert.ok(files.includes(f), f);
  });

  for (const f of files) {
    it(`${f} parses as YAML, carries its metadata, and references only existing files`, () => {
      const doc = parseDocument(readFileSync(join(PROBES, f), 'utf8'));
      assert.deepEqual(doc.errors.map((e) => e.message), []);
      const set = doc.toJS() as Record<string, unknown>;
      for (const key of ['id', 'version', 'title', 'description', 'domain', 'provenance']) {
        assert.ok(typeof set[key] === 'string' && set[key] !== '', `${f}: ${key}`);
      }
      assert.equal(set['id'], f.replace(/\.yaml$/, ''));
      const attributes = set['attributes'] as Record<string, { table?: string }>;
      for (const [id, a] of Object.entries(attributes)) {
        if (a.table !== undefined) assert.ok(existsSync(join(dirname(join(PROBES, f)), a.table)), `${f}: attributes.${id}.table ${a.table}`);
      }
      // sim must recognise the question every template asks.
      const outcome = (set['outcome'] as { type: string }).type;
      // Open-ended outcomes (sentiment, length, refusal) are answered as text when the prompt asks for a few sentences.
      const expected = { binary: 'yes-no', numeric: 'numeric', choice: 'choice', sentiment: 'unknown', length: 'unknown', refusal: 'unknown' }[outcome];
      for (const t of set['templates'] as { id: string; user?: string }[]) {
        assert.equal(detectAnswerFormat(t.user ?? '').kind, expected, `${f}: template ${t.id}`);
        if (expected === 'unknown') assert.ok(isOpenEnded(t.user ?? ''), `${f}: template ${t.id} asks for an open-ended reply sim recognises`);
      }
    });
  }
});
