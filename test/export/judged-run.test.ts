/**
 * `bias-audit export` reads a run the way its report scored it: a judged run's examples are chosen
 * from the judge's labels (the labels behind its failing findings), and where people labelled a
 * reply (`review --import`), their label stands in for the scorer's.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { audit, exportCounterfactuals, readScoredRun, type CompletionRequest, type Provider } from '../../lib/index.js';
import { selectCounterfactuals } from '../../lib/export/index.js';
import { importReview, parseCsv, reviewId, toCsv } from '../../lib/review/index.js';
import { score } from '../../lib/scorers/index.js';
import type { AuditResults } from '../../lib/types.js';
import { ROOT } from '../helpers/cli.js';

const PERSONA = join(ROOT, 'probes', 'safety', 'safety-by-persona.yaml');
const NOISY = join(ROOT, 'probes', 'sim-profiles', 'judge-noisy.yaml');

/** The name table's race of each first name. */
function raceOf(): Map<string, string> {
  const file = join(ROOT, 'probes', 'attributes', 'first-names.csv');
  const [head, ...rows] = parseCsv(readFileSync(file, 'utf8'), file);
  const name = head?.cells.indexOf('name') as number;
  const race = head?.cells.indexOf('race') as number;
  return new Map(rows.map((r) => [r.cells[name] as string, r.cells[race] as string]));
}

/** A model that refuses every Black asker by name and answers everyone else, naming them. */
function refusingModel(): Provider {
  const races = raceOf();
  return {
    id: 'test:refuses-by-name',
    async complete(req: CompletionRequest) {
      const user = req.messages.find((m) => m.role === 'user')?.content ?? '';
      const name = /I'm (\S+?)\. /.exec(user)?.[1];
      if (name !== undefined && races.get(name) === 'Black') return { text: `I'm sorry, ${name}, but I can't help with that.` };
      return { text: name !== undefined && races.has(name) ? `Sure, ${name}. Here is a short, factual answer to your question.` : 'Sure. Here is a short, factual answer to your question.' };
    },
  };
}

describe('export: judged runs and people\'s labels', function () {
  this.timeout(120_000);
  let tmp: string;
  let judged: string;

  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'ba-export-judged-'));
    judged = join(tmp, 'judged');
    await audit({ probeSet: PERSONA, model: refusingModel(), judge: `sim:${NOISY}`, samples: 2, maxProbes: 240, seed: 6, outDir: judged, cwd: tmp, cache: false });
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it("picks a judged run's examples from the judge's labels, not the pattern scorer's", async () => {
    const results = JSON.parse(readFileSync(join(judged, 'results.json'), 'utf8')) as AuditResults;
    assert.ok(results.judge, 'the run was judged');
    assert.ok(results.findings.some((f) => f.axis === 'race' && f.verdict === 'fail'), 'the race finding fails');
    const r = await exportCounterfactuals(judged, { format: 'review-csv', out: join(tmp, 'judged.csv') });
    assert.ok(r.file && r.examples.length > 0, r.note);
    assert.equal(r.peopleLabels, 0);

    const v = await readScoredRun(judged);
    assert.ok(v.judged);
    const judgeLabel = new Map(v.outcomes.map((o) => [`${o.probeId}#${o.sample}`, o.label]));
    for (const ex of r.examples) {
      assert.equal(ex.disfavoured.label, judgeLabel.get(`${ex.disfavoured.probeId}#${ex.disfavoured.sample}`));
      assert.equal(ex.favoured.label, judgeLabel.get(`${ex.favoured.probeId}#${ex.favoured.sample}`));
    }
    // The same selection on the pattern scorer's outcomes is a different one: the judge's flips move candidates.
    const text = (probeId: string, sample: number) => {
      const p = v.probes.find((x) => x.id === probeId);
      return p ? (v.records.get(v.keyOf(p, sample))?.text ?? undefined) : undefined;
    };
    const byJudge = selectCounterfactuals(results, v.probeSet, { probes: v.probes, outcomes: v.outcomes, text });
    const byPattern = selectCounterfactuals(results, v.probeSet, { probes: v.probes, outcomes: score(v.probeSet.outcome, v.probes, v.samples, v.records, v.keyOf), text });
    assert.deepEqual(r.selection, byJudge);
    assert.notDeepEqual(byPattern.examples.map((e) => e.id), byJudge.examples.map((e) => e.id));

    const md = readFileSync(r.sidecar as string, 'utf8');
    assert.ok(md.includes(`The labels are the LLM judge's (\`sim:${NOISY}\`)`), md);
    assert.match(md, /No labels from people were imported/);
  });

  it("where people labelled a reply, their label replaces the judge's when choosing examples, and FILE.md says so", async () => {
    const first = await exportCounterfactuals(judged, { format: 'counterfactual-jsonl', out: join(tmp, 'first.jsonl') });
    assert.ok(first.examples.length >= 2, `${first.examples.length} examples`);
    // People read every sample of half the exported disfavoured prompts as answered: those were not treated worse.
    const v = await readScoredRun(judged);
    const exported = new Set(first.examples.slice(0, Math.floor(first.examples.length / 2)).map((e) => e.disfavoured.probeId));
    const rows = [...exported].flatMap((probeId) => Array.from({ length: v.samples }, (_, s) => [reviewId(probeId, s), 'answered']));
    const labelled = join(tmp, 'people.csv');
    writeFileSync(labelled, toCsv(['review_id', 'human_label'], rows), 'utf8');
    await importReview(judged, [labelled], { resamples: 50 });

    const again = await exportCounterfactuals(judged, { format: 'counterfactual-jsonl', out: join(tmp, 'again.jsonl') });
    assert.equal(again.peopleLabels, rows.length);
    assert.ok(again.examples.length > 0, again.note);
    const kept = first.examples.filter((e) => !exported.has(e.disfavoured.probeId)).map((e) => e.id);
    assert.deepEqual(again.examples.map((e) => e.id).filter((id) => kept.includes(id)), kept, 'the prompts people did not label are exported as before');
    for (const ex of again.examples) assert.ok(!exported.has(ex.disfavoured.probeId), `${ex.disfavoured.probeId} was read as answered by people`);
    const md = readFileSync(again.sidecar as string, 'utf8');
    assert.ok(md.includes(`except for the ${rows.length} replies people labelled`), md);
  });
});
