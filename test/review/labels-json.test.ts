import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importLabels, InputFileError, loadScoredRun, parseLabelCsv, parseLabelJson, readLabelFile } from '../../lib/index.js';
import { parseCsv, toCsv } from '../../lib/review/index.js';
import { runCli } from '../helpers/cli.js';

const KNOWN = new Set(['r-000000000001', 'r-000000000002', 'r-000000000003']);
const LABELS = ['yes', 'no', 'refused', 'unparsed'];

/** What the labelling page's "Download JSON" writes (JSON.stringify(rows, null, 2)). */
function pageJson(entries: object[]): string {
  return JSON.stringify(entries, null, 2);
}

function thrown(fn: () => unknown): InputFileError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof InputFileError, String(err));
    assert.equal(err.exitCode, 2);
    return err;
  }
  assert.fail('expected an InputFileError');
}

describe('review: importing the labelling page\'s JSON download', () => {
  it('reads ids, labels and weights; null labels are not labelled yet', () => {
    const text = pageJson([
      { review_id: 'r-000000000001', human_label: 'no', weight: 2 },
      { review_id: 'r-000000000002', human_label: null, weight: 1.5 },
      { review_id: 'r-000000000003', human_label: 'yes' },
    ]);
    const f = parseLabelJson(text, 'alice.json', KNOWN, LABELS);
    assert.equal(f.unlabelled, 1);
    assert.deepEqual(
      f.labels.map((l) => [l.id, l.label, l.weight, l.line]),
      [
        ['r-000000000001', 'no', 2, 2],
        ['r-000000000003', 'yes', 1, 12],
      ],
    );
  });

  it('gives the same labels as the CSV of the same review', () => {
    const csv = toCsv(
      ['review_id', 'prompt', 'reply', 'scorer_label', 'human_label', 'weight'],
      [
        ['r-000000000001', 'p', '=1+1', 'yes', 'no', 2],
        ['r-000000000002', 'p', 'r', 'no', '', 1.5],
        ['r-000000000003', 'p', 'r', 'no', 'refused', 1],
      ],
    );
    const json = pageJson([
      { review_id: 'r-000000000001', human_label: 'no', weight: 2 },
      { review_id: 'r-000000000002', human_label: null, weight: 1.5 },
      { review_id: 'r-000000000003', human_label: 'refused', weight: 1 },
    ]);
    const strip = (f: { labels: { id: string; label: string; weight: number }[]; unlabelled: number }) => ({ labels: f.labels.map((l) => [l.id, l.label, l.weight]), unlabelled: f.unlabelled });
    assert.deepEqual(strip(parseLabelJson(json, 'a.json', KNOWN, LABELS)), strip(parseLabelCsv(csv, 'a.csv', KNOWN, LABELS)));
  });

  it('names the file, the line and the entry of a bad label', () => {
    const entries = Array.from({ length: 13 }, (_, i) => ({ review_id: `r-${String(i + 1).padStart(12, '0')}`, human_label: 'yes' }));
    (entries[12] as { human_label: string }).human_label = 'maybe';
    const known = new Set(entries.map((e) => e.review_id));
    const err = thrown(() => parseLabelJson(pageJson(entries), 'bob.json', known, LABELS));
    // Entry 12 opens on line 2 + 12 * 4 (each pretty-printed entry takes four lines).
    assert.equal(err.message, 'bob.json:50: entries[12]: human_label: expected one of yes, no, refused, unparsed (or null); got "maybe"');
  });

  it('reports a JSON syntax error as file:line:column', () => {
    const text = '[\n  { "review_id": "r-000000000001", "human_label": "yes" },\n  { "review_id": "r-000000000002" "human_label": "no" }\n]';
    const err = thrown(() => parseLabelJson(text, 'broken.json', KNOWN, LABELS));
    // The parser stops where the second entry's comma is missing: line 3, column 35, as Python's
    // json.loads reports it too ("Expecting ',' delimiter: line 3 column 35 (char 95)").
    assert.match(err.message, /^broken\.json:3:35: expected JSON \(the labelling page's download\): /);
    assert.match(thrown(() => parseLabelJson('[\n {"review_id": "r-000000000001"', 'cut.json', KNOWN, LABELS)).message, /^cut\.json:2:32: /);
  });

  it('rejects unknown and repeated ids, bad weights and a document that is not an array', () => {
    assert.match(thrown(() => parseLabelJson(pageJson([{ review_id: 'r-ffffffffffff', human_label: 'yes' }]), 'x.json', KNOWN, LABELS)).message, /^x\.json:2: entries\[0\]: review_id: expected a review id of this run/);
    const twice = pageJson([
      { review_id: 'r-000000000001', human_label: 'yes' },
      { review_id: 'r-000000000001', human_label: 'no' },
    ]);
    assert.match(thrown(() => parseLabelJson(twice, 'x.json', KNOWN, LABELS)).message, /^x\.json:6: entries\[1\]: review_id: r-000000000001 was already labelled in entries\[0\]/);
    assert.match(thrown(() => parseLabelJson(pageJson([{ review_id: 'r-000000000001', human_label: 'yes', weight: -1 }]), 'x.json', KNOWN, LABELS)).message, /entries\[0\]: weight: expected a positive number; got -1/);
    assert.match(thrown(() => parseLabelJson('{"labels": []}', 'x.json', KNOWN, LABELS)).message, /^x\.json:1: expected an array of \{"review_id", "human_label"\} entries/);
    assert.match(thrown(() => parseLabelJson('[1]', 'x.json', KNOWN, LABELS)).message, /^x\.json:1: entries\[0\]: expected an object/);
    assert.match(thrown(() => parseLabelJson('[{"review_id": 7}]', 'x.json', KNOWN, LABELS)).message, /entries\[0\]: review_id: expected a string; got 7/);
  });

  describe('on a run', function () {
    this.timeout(120_000);
    let tmp: string;
    let run: string;
    before(async () => {
      tmp = mkdtempSync(join(tmpdir(), 'bias-audit-labels-json-'));
      run = join(tmp, 'run');
      const r = await runCli(['run', 'hiring-screen', '--model', 'sim:biased', '--seed', '4', '--max-probes', '120', '--out', run]);
      assert.ok([0, 1, 4].includes(r.code), r.stderr);
      const s = await runCli(['review', run, '--sample', '40']);
      assert.equal(s.code, 0, s.stderr);
    });
    after(() => rmSync(tmp, { recursive: true, force: true }));

    it('imports a JSON file by extension or by content, like its CSV twin', async () => {
      const [head, ...rows] = parseCsv(readFileSync(join(run, 'review-sample.csv'), 'utf8'), 'sample');
      const scored = new Map((await loadScoredRun(run)).items.map((it) => [it.id, it]));
      const flip = (l: string) => (l === 'yes' ? 'no' : 'yes');
      // People disagree with the scorer on every third reply.
      const labels = rows.map((r, i) => (i % 3 === 0 ? flip(scored.get(r.cells[0] as string)?.scorerLabel as string) : (scored.get(r.cells[0] as string)?.scorerLabel as string)));
      const csv = join(tmp, 'alice.csv');
      writeFileSync(csv, toCsv(head?.cells ?? [], rows.map((r, i) => r.cells.map((c, j) => (j === 4 ? (labels[i] as string) : c)))));
      const json = join(tmp, 'alice.json');
      writeFileSync(json, pageJson(rows.map((r, i) => ({ review_id: r.cells[0], human_label: labels[i], weight: Number(r.cells[5]) }))));
      const noExt = join(tmp, 'alice-labels');
      writeFileSync(noExt, readFileSync(json));

      const known = new Set(scored.keys());
      const labelsOf = (f: { labels: { id: string; label: string; weight: number }[] }) => f.labels.map((l) => [l.id, l.label, l.weight]);
      assert.deepEqual(labelsOf(await readLabelFile(noExt, known, ['yes', 'no', 'refused', 'unparsed'])), labelsOf(await readLabelFile(csv, known, ['yes', 'no', 'refused', 'unparsed'])));

      const fromCsv = await importLabels(run, [csv]);
      const fromJson = await importLabels(run, [json]);
      assert.equal(fromJson.scorerVsPeople.n, 40);
      assert.deepEqual(fromJson.scorerVsPeople, fromCsv.scorerVsPeople);
      assert.equal(fromJson.scorerVsPeople.accuracy.successes, 40 - rows.filter((_, i) => i % 3 === 0).length);

      const cli = await runCli(['review', run, '--import', json]);
      assert.equal(cli.code, 0, cli.stderr);
      assert.match(cli.stdout, /40 replies labelled by people \(1 file\)/);
    });

    it('exits 2 naming file, line and entry for a bad JSON label file', async () => {
      const [, first] = parseCsv(readFileSync(join(run, 'review-sample.csv'), 'utf8'), 'sample');
      const bad = join(tmp, 'bad.json');
      writeFileSync(bad, pageJson([{ review_id: first?.cells[0], human_label: 'perhaps' }]));
      const cli = await runCli(['review', run, '--import', bad]);
      assert.equal(cli.code, 2);
      assert.match(cli.stderr, /bad\.json:2: entries\[0\]: human_label: expected one of yes, no, refused, unparsed \(or null\); got "perhaps"/);
    });
  });
});
