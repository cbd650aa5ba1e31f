import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScoredRun, parseCsv, toCsv, type ReviewResults } from '../../lib/review/index.js';
import { runCli } from '../helpers/cli.js';

describe('review: bias-audit review (sim run)', function () {
  this.timeout(120000);
  let tmp: string;
  let run: string;

  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'bias-audit-review-'));
    run = join(tmp, 'run');
    const r = await runCli(['run', 'hiring-screen', '--model', 'sim:biased', '--seed', '3', '--max-probes', '300', '--out', run]);
    assert.ok(r.code === 0 || r.code === 1 || r.code === 4, r.stderr);
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  /** The sample CSV as header + rows of cells. */
  function readSample(file: string): { header: string[]; rows: { line: number; cells: string[] }[] } {
    const [head, ...rows] = parseCsv(readFileSync(file, 'utf8'), file);
    return { header: head?.cells ?? [], rows };
  }

  it('writes a blind, seeded sample CSV and a labelling page', async () => {
    const r = await runCli(['review', run, '--sample', '120']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Drew 120 replies .* groups hidden \(blind review\)/);
    const { header, rows } = readSample(join(run, 'review-sample.csv'));
    assert.deepEqual(header, ['review_id', 'prompt', 'reply', 'scorer_label', 'human_label', 'weight']);
    assert.equal(rows.length, 120);
    assert.ok(rows.every((row) => /^r-[0-9a-f]{12}$/.test(row.cells[0] as string) && row.cells[4] === '' && Number(row.cells[5]) >= 1));
    const html = readFileSync(join(run, 'review-sample.html'), 'utf8');
    assert.ok(html.includes(rows[0]?.cells[0] as string));
    // The same seed gives the same file; groups only on request.
    const again = await runCli(['review', run, '--sample', '120', '--out', join(tmp, 'again.csv')]);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(readFileSync(join(tmp, 'again.csv'), 'utf8'), readFileSync(join(run, 'review-sample.csv'), 'utf8'));
    const shown = await runCli(['review', run, '--sample', '120', '--show-groups', '--out', join(tmp, 'groups.csv')]);
    assert.equal(shown.code, 0, shown.stderr);
    assert.ok(readSample(join(tmp, 'groups.csv')).header.includes('group:race'));
    assert.ok(readFileSync(join(tmp, 'groups.html'), 'utf8').includes('"groups":{'));
    assert.ok(!html.includes('"groups":{'));
  });

  it("imports labels and finds a scorer that errs for one group only", async () => {
    const scored = await loadScoredRun(run);
    const byId = new Map(scored.items.map((it) => [it.id, it]));
    const { header, rows } = readSample(join(run, 'review-sample.csv'));
    const raceGroups = [...new Set(rows.map((row) => byId.get(row.cells[0] as string)?.groups['race']).filter((g): g is string => g !== undefined))].sort();
    assert.ok(raceGroups.length >= 2, `race groups in the sample: ${raceGroups.join(', ')}`);
    const wrongFor = raceGroups[0] as string;
    // Reviewer 1 agrees with the scorer except on every reply of one race group, where the scorer
    // (we pretend) misread the reply; reviewer 2 agrees with reviewer 1 except on three replies.
    const flip = (l: string) => (l === 'yes' ? 'no' : l === 'no' ? 'yes' : l === 'unparsed' ? 'yes' : 'unparsed');
    const label1 = rows.map((row) => {
      const it = byId.get(row.cells[0] as string);
      return it?.groups['race'] === wrongFor ? flip(it.scorerLabel) : (it?.scorerLabel as string);
    });
    const label2 = label1.map((l, i) => (i < 3 ? flip(l) : l));
    const write = (name: string, labels: string[]) => {
      const f = join(tmp, name);
      writeFileSync(f, toCsv(header, rows.map((row, i) => row.cells.map((c, j) => (j === 4 ? (labels[i] as string) : c)))));
      return f;
    };
    const f1 = write('alice.csv', label1);
    const f2 = write('bob.csv', label2);
    const r = await runCli(['review', run, '--import', f1, '--import', f2]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /120 replies labelled by people \(2 files\)/);
    assert.match(r.stdout, /inter-rater kappa alice\.csv vs bob\.csv/);
    const res = JSON.parse(readFileSync(join(run, 'review-results.json'), 'utf8')) as ReviewResults;
    const wrong = label1.filter((_, i) => byId.get(rows[i]?.cells[0] as string)?.groups['race'] === wrongFor).length;
    // On a tie (the three replies the two disagree on) people's label is the first file's.
    assert.equal(res.scorerVsPeople.accuracy.successes, 120 - wrong);
    const race = res.scorerVsPeople.perAxis.find((a) => a.axis === 'race');
    assert.ok(race);
    for (const g of race.groups) assert.equal(g.errorRate.estimate, g.group === wrongFor ? 1 : 0);
    assert.ok((race.test?.pValue as number) < 0.001, `p = ${race.test?.pValue}`);
    // Axes of other attributes (names carry race and gender; ages do not) show no error.
    const sampled = rows.map((row) => byId.get(row.cells[0] as string)?.groups ?? {});
    const apart = res.scorerVsPeople.perAxis.filter((a) => sampled.every((g) => g[a.axis] === undefined || g['race'] === undefined));
    assert.ok(apart.length > 0);
    for (const a of apart) assert.ok(a.groups.every((g) => g.errorRate.estimate === 0), a.axis);
    assert.equal(res.interRater.length, 1);
    assert.ok((res.interRater[0]?.agreement?.kappa as number) > 0.8 && (res.interRater[0]?.agreement?.kappa as number) < 1);
    assert.equal(res.interRater[0]?.agreement?.n, 120);
    assert.equal(res.fleiss, null);

    // A third reviewer: Fleiss' kappa over all three; people's label is still the majority (alice's).
    const f3 = write('carol.csv', label1.map((l, i) => (i >= 3 && i < 6 ? flip(l) : l)));
    const three = await runCli(['review', run, '--import', f1, '--import', f2, '--import', f3]);
    assert.equal(three.code, 0, three.stderr);
    assert.match(three.stdout, /Fleiss' kappa over 3 files: 0\.\d+ over 120 replies/);
    const res3 = JSON.parse(readFileSync(join(run, 'review-results.json'), 'utf8')) as ReviewResults;
    assert.equal(res3.interRater.length, 3);
    assert.equal(res3.scorerVsPeople.accuracy.successes, 120 - wrong);
    assert.ok((res3.fleiss?.kappa as number) > 0.8 && (res3.fleiss?.kappa as number) < 1);
  });

  it('rejects a bad label file with file:line and exit 2', async () => {
    const { header, rows } = readSample(join(run, 'review-sample.csv'));
    const bad = join(tmp, 'bad.csv');
    const cells = rows.slice(0, 3).map((row, i) => row.cells.map((c, j) => (j === 4 ? (i === 2 ? 'maybe' : 'yes') : c)));
    writeFileSync(bad, toCsv(header, cells));
    const line = parseCsv(readFileSync(bad, 'utf8'), bad)[3]?.line;
    let r = await runCli(['review', run, '--import', bad]);
    assert.equal(r.code, 2);
    assert.ok(r.stderr.includes(`${bad}:${line}: human_label: expected one of yes, no, refused, unparsed`), r.stderr);
    writeFileSync(bad, 'review_id,human_label\nr-000000000000,yes\n');
    r = await runCli(['review', run, '--import', bad]);
    assert.equal(r.code, 2);
    assert.ok(r.stderr.includes(`${bad}:2: review_id: expected a review id of this run (from its review sample)`), r.stderr);
    writeFileSync(bad, 'id,label\n');
    r = await runCli(['review', run, '--import', bad]);
    assert.equal(r.code, 2);
    assert.ok(r.stderr.includes(`${bad}:1: expected columns review_id and human_label`), r.stderr);
    r = await runCli(['review', run]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /either --sample N .* or --import FILE/);
    r = await runCli(['review', join(tmp, 'nowhere'), '--sample', '5']);
    assert.equal(r.code, 2);
  });
});
