/**
 * One review size for the whole run: `bias-audit review DIR --plan` says how many replies the
 * correction allocation needs (sample.ts), `--sample auto` (or `--sample` alone) draws exactly that,
 * `--sample N` below it says what it leaves short; and a judged run's summary says "judge".
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { labelQuality, labelQualityRecord, loadScoredRun, parseCsv, planReview, summariseReview, type ReviewResults } from '../../lib/review/index.js';
import { labelQualityMarkdown, labelQualityView } from '../../lib/report/label-quality-view.js';
import type { AuditResults } from '../../lib/types.js';
import { runCli } from '../helpers/cli.js';

describe('review: --plan and --sample auto', function () {
  this.timeout(120000);
  let tmp: string;
  let run: string;

  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'bias-audit-plan-'));
    run = join(tmp, 'run');
    const r = await runCli(['run', 'hiring-screen', '--model', 'sim:biased', '--seed', '3', '--max-probes', '400', '--samples', '3', '--out', run]);
    assert.ok(r.code === 0 || r.code === 1 || r.code === 4, r.stderr);
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  const rowsOf = (file: string) => parseCsv(readFileSync(file, 'utf8'), file).length - 1;

  it('--plan prints the size the correction needs; --sample auto and --sample alone draw exactly that many', async () => {
    const plan = await planReview(run);
    const replies = (await loadScoredRun(run)).items.length;
    assert.equal(plan.replies, replies);
    assert.ok(plan.size > 0 && plan.size < replies, `plan ${plan.size} of ${replies}`);
    assert.ok(plan.axes.includes('race x gender') && plan.axes.includes('age'), plan.axes.join(', '));
    const r = await runCli(['review', run, '--plan']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^A review of ${plan.size} of the run's ${replies} replies gives every group of axes ${plan.axes.join(', ')} the reviewed replies the correction needs`, 'm'));
    assert.match(r.stdout, /To draw it: bias-audit review .* --sample auto/);
    assert.match(r.stdout, new RegExp(`^Each axis alone \\(--axes\\): ${plan.perAxis.map((a) => `${a.axis} ${a.size}`).join(', ')}; .* together they need ${plan.size}, not \\d+\\.$`, 'm'));
    // The overlap: race x gender alone costs about what race, gender and race x gender cost together.
    const alone = new Map(plan.perAxis.map((a) => [a.axis, a.size]));
    assert.ok((alone.get('race x gender') as number) >= (alone.get('race') as number) && plan.size < plan.perAxis.reduce((n, a) => n + a.size, 0));
    // Groups too small for the rule whatever is reviewed: one note per axis, naming them.
    const unreachable = [...new Set(plan.unreachable.map((u) => u.axis))];
    assert.equal((r.stdout.match(/^Note: .* is unlikely to be estimable with any review of this run/gm) ?? []).length, unreachable.length);
    for (const u of plan.unreachable) assert.ok(r.stdout.includes(`${u.group} has ${u.replies} the scorer read ${u.reading}`), JSON.stringify(u));
    const auto = await runCli(['review', run, '--sample', 'auto', '--out', join(tmp, 'auto.csv')]);
    assert.equal(auto.code, 0, auto.stderr);
    assert.match(auto.stdout, new RegExp(`Drew ${plan.size} replies .* for the correction, seed 3`));
    assert.doesNotMatch(auto.stdout, /too few for the correction/);
    assert.equal(rowsOf(join(tmp, 'auto.csv')), plan.size);
    const bare = await runCli(['review', run, '--out', join(tmp, 'bare.csv'), '--sample']);
    assert.equal(bare.code, 0, bare.stderr);
    assert.equal(readFileSync(join(tmp, 'bare.csv'), 'utf8'), readFileSync(join(tmp, 'auto.csv'), 'utf8'));
  });

  it('--axes narrows the plan; --sample N below the plan says what it leaves short', async () => {
    const all = await planReview(run);
    const race = await runCli(['review', run, '--plan', '--axes', 'race,age']);
    assert.equal(race.code, 0, race.stderr);
    const size = Number(/^A review of (\d+) /m.exec(race.stdout)?.[1]);
    assert.ok(size > 0 && size < all.size, `race,age ${size} vs all ${all.size}`);
    assert.match(race.stdout, /every group of axes age, race the reviewed/);
    const small = await runCli(['review', run, '--sample', '40', '--out', join(tmp, 'small.csv')]);
    assert.equal(small.code, 0, small.stderr);
    assert.match(small.stdout, new RegExp(`Note: 40 replies are too few for the correction to be estimable on every axis \\(short on [a-z, ]+.*\\); the plan needs ${all.size}`));
    const acc = await runCli(['review', run, '--sample', '40', '--for', 'accuracy', '--out', join(tmp, 'acc.csv')]);
    assert.equal(acc.code, 0, acc.stderr);
    assert.match(acc.stdout, /for the accuracy/);
    assert.doesNotMatch(acc.stdout, /too few for the correction/);
  });

  it('usage errors exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['review', run], /either --sample N or auto .*, --plan .* or --import FILE .*, one of them/],
      [['review', run, '--plan', '--sample', '5'], /one of them/],
      [['review', run, '--plan', '--axes', 'race,shoe size'], /--axes: unknown axis "shoe size"; this run's axes: race, gender, race x gender/],
      [['review', run, '--plan', '--seed', '4'], /go with --sample, not --plan/],
      [['review', run, '--sample', 'auto', '--for', 'accuracy'], /--sample auto sizes the review for the correction/],
      [['review', run, '--sample', '10', '--for', 'precision'], /expected correction or accuracy/],
      [['review', run, '--sample', 'lots'], /expected a whole number of at least 1/],
      [['review', run, '--import', 'x.csv', '--axes', 'race'], /go with --sample, not --import/],
      [['review', join(tmp, 'nowhere'), '--plan'], /./],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.code} ${r.stdout} ${r.stderr}`);
      assert.match(r.stderr, message, args.join(' '));
    }
  });
});

describe('review: a judged run says "judge"', () => {
  const pairs = [
    ...Array.from({ length: 14 }, (_, i) => ({ id: `a${i}`, scorer: 'refused', human: i < 12 ? 'refused' : 'answered', weight: 1, groups: { religion: 'Muslim' } })),
    ...Array.from({ length: 16 }, (_, i) => ({ id: `b${i}`, scorer: 'answered', human: i < 15 ? 'answered' : 'refused', weight: 1, groups: { religion: 'Christian' } })),
  ];
  const q = labelQuality(pairs);
  const files = [{ file: 'alice.csv', labelled: 30, unlabelled: 0 }];
  const record = labelQualityRecord({ source: 'review-results.json', files, replies: 300, scorerVsPeople: q, interRater: [], fleiss: null, krippendorff: null, corrected: [] });
  const review = (scoredBy?: 'judge' | 'scorer'): ReviewResults => ({ probeSet: 'over-refusal', model: 'sim:unsafe', ...(scoredBy ? { scoredBy } : {}), files, humanLabelRule: '', scorerVsPeople: q, interRater: [], fleiss: null, krippendorff: null, corrected: [], labelQuality: record, humanLabels: {} });
  const results = (judge: boolean) => ({ outcome: { type: 'refusal' }, labelQuality: record, ...(judge ? { judge: {} } : {}) }) as unknown as AuditResults;

  it('in the CLI summary', () => {
    const judged = summariseReview(review('judge'));
    assert.match(judged, /^ {2}judge accuracy 90\.0% /m);
    assert.match(judged, /Cohen's kappa judge vs people/);
    assert.doesNotMatch(judged, /scorer/);
    // A record written before the field existed, or a run the pattern scorer read: "scorer".
    assert.match(summariseReview(review()), /^ {2}scorer accuracy 90\.0% /m);
  });

  it('in the report\'s label quality section', () => {
    const v = labelQualityView(results(true));
    assert.match(v.headline, /the judge agreed with them on 90\.0%; Cohen's kappa, judge vs people/);
    assert.deepEqual(v.stats.slice(1, 4).map((s) => s.label), ['Judge accuracy (95% CI)', 'Judge accuracy weighted to the whole run', "Cohen's kappa, judge vs people (95% CI)"]);
    assert.doesNotMatch(labelQualityMarkdown(results(true), (s) => s).join('\n'), /scorer/);
    assert.match(labelQualityView(results(false)).stats[1]?.label ?? '', /^Scorer accuracy/);
  });
});
