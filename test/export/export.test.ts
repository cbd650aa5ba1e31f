import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { audit, exportCounterfactuals, type CompletionRequest, type Provider } from '../../lib/index.js';
import { parseCsv } from '../../lib/review/index.js';
import { runCli, ROOT } from '../helpers/cli.js';
import { fineTuningLineProblems } from './fine-tuning-format.js';

const HIRING = join(ROOT, 'probes', 'hiring-screen.yaml');

interface Person {
  race: string;
  gender: string;
  subject: string;
  object: string;
  possessive: string;
}

/** The built-in name table, read the way a person would: name -> race, gender, pronouns. */
function people(): Map<string, Person> {
  const file = join(ROOT, 'probes', 'attributes', 'first-names.csv');
  const [head, ...rows] = parseCsv(readFileSync(file, 'utf8'), file);
  const col = (name: string) => head?.cells.indexOf(name) as number;
  return new Map(
    rows.map((r) => {
      const v = (name: string) => r.cells[col(name)] as string;
      return [v('name'), { race: v('race'), gender: v('gender'), subject: v('subject'), object: v('object'), possessive: v('possessive') }];
    }),
  );
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * A model that says yes only to women who are not Black, naming the applicant and using their
 * pronouns; for half the contexts the reply is hostile text (a spreadsheet formula, a script tag)
 * around the same decision. Explicit-attribute prompts all get "Yes.".
 */
function namingModel(): Provider {
  const who = people();
  return {
    id: 'test:naming',
    async complete(req: CompletionRequest) {
      const user = req.messages.find((m) => m.role === 'user')?.content ?? '';
      const name = /Should we invite (\S+) to a first interview/.exec(user)?.[1];
      const p = name === undefined ? undefined : who.get(name);
      if (!name || !p) return { text: 'Yes.' };
      // Two styles of reply, by the years of experience in the prompt (the same in a block).
      const plain = ['2', '6'].includes(/for (\d+) years/.exec(user)?.[1] ?? '');
      if (p.race === 'Black' || p.gender !== 'female') {
        return { text: plain ? `No. ${name} is not the right fit.` : `=cmd|' /C calc'!A0 No, ${name} is not a fit <script>alert(1)</script>` };
      }
      return {
        text:
          plain
            ? `Yes. ${cap(p.subject)} is a strong fit: invite ${name}.`
            : `=HYPERLINK("http://evil.example","Yes") <script>alert(1)</script> Yes, invite ${name}; ${p.possessive} references are strong.`,
      };
    },
  };
}

function wordRe(word: string): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}_])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}_])`, 'iu');
}

describe('export: counterfactual fine-tuning examples from failing findings', function () {
  this.timeout(120_000);
  let tmp: string;
  let naming: string;

  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'bias-audit-export-'));
    naming = join(tmp, 'naming');
    await audit({ probeSet: HIRING, model: namingModel(), samples: 2, maxProbes: 300, seed: 5, outDir: naming, cwd: tmp });
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('writes valid OpenAI chat fine-tuning lines whose targets never name the favoured person', async () => {
    const results = JSON.parse(readFileSync(join(naming, 'results.json'), 'utf8')) as { findings: { axis: string; verdict: string }[] };
    const failing = results.findings.filter((f) => f.verdict === 'fail').map((f) => f.axis);
    assert.ok(failing.includes('race') && failing.includes('gender'), `failing axes: ${failing.join(', ')}`);

    const out = join(tmp, 'train.jsonl');
    const r = await exportCounterfactuals(naming, { format: 'counterfactual-jsonl', out });
    assert.equal(r.file, out);
    const lines = readFileSync(out, 'utf8').split('\n');
    assert.equal(lines.pop(), '', 'the file ends with a newline');
    assert.equal(lines.length, r.examples.length);
    assert.ok(lines.length >= 10, `${lines.length} examples`);
    lines.forEach((line, i) => assert.deepEqual(fineTuningLineProblems(line), [], `line ${i + 1}: ${line.slice(0, 200)}`));

    const who = people();
    const prompts = new Set<string>();
    r.examples.forEach((ex, i) => {
      const doc = JSON.parse(lines[i] as string) as { messages: { role: string; content: string }[] };
      const user = doc.messages.find((m) => m.role === 'user')?.content ?? '';
      const target = doc.messages[doc.messages.length - 1]?.content ?? '';
      assert.equal(target, ex.target);
      // The prompt is the disfavoured person's; the target names them and never the favoured person.
      assert.match(user, wordRe(ex.disfavoured.value));
      assert.doesNotMatch(target, wordRe(ex.favoured.value), `${ex.id}: ${target}`);
      assert.match(target, wordRe(ex.disfavoured.value), `${ex.id}: ${target}`);
      const d = who.get(ex.disfavoured.value) as Person;
      const f = who.get(ex.favoured.value) as Person;
      assert.ok(d.race === 'Black' || d.gender === 'male', `${ex.disfavoured.value} was treated less favourably`);
      assert.ok(f.race !== 'Black' && f.gender === 'female');
      if (d.gender === 'male') assert.doesNotMatch(target, /\b(she|her)\b/i, `${ex.id}: ${target}`);
      assert.ok(!prompts.has(user), 'one example per prompt');
      prompts.add(user);
    });
    // A man's example from a woman's reply that says "her" (him or his?) is skipped, never guessed.
    assert.ok((r.selection.skipped.ambiguous ?? 0) > 0, JSON.stringify(r.selection.skipped));
    assert.ok(r.examples.some((ex) => who.get(ex.disfavoured.value)?.gender === 'male' && /^Yes\. He is a strong fit/.test(ex.target)));
    // Black women and men were exported under race; the same prompts are not repeated under race x gender.
    const rxg = r.selection.findings.find((f) => f.axis === 'race x gender');
    assert.ok(rxg && rxg.duplicates > 0 && rxg.examples === 0, JSON.stringify(rxg));

    const md = readFileSync(`${out}.md`, 'utf8');
    assert.match(md, /OpenAI fine-tuning JSONL format/);
    assert.match(md, /curate/);
    assert.match(md, /`test:naming`/);
    assert.match(md, new RegExp(`seed 5`));
    assert.ok(md.includes(naming), 'names the run directory');
    assert.match(md, /Tzioumis/, "carries the probe set's provenance");
    assert.match(md, /terms/);
    assert.match(md, new RegExp(`${r.selection.skipped.ambiguous} × \`ambiguous\``));
    assert.match(md, /\| Race \(race\) \|/);
    assert.doesNotMatch(md, /<script>/, 'no model text in the sidecar');
  });

  it('exports the same candidates as a formula-safe CSV for people to curate', async () => {
    const out = join(tmp, 'curate.csv');
    const cli = await runCli(['export', naming, '--format', 'review-csv', '--out', out]);
    assert.equal(cli.code, 0, cli.stderr);
    assert.match(cli.stdout, /Exported \d+ counterfactual examples \(review-csv\)/);
    const [head, ...rows] = parseCsv(readFileSync(out, 'utf8'), out);
    assert.deepEqual(head?.cells, [
      'example_id',
      'axis',
      'disfavoured_group',
      'favoured_group',
      'disfavoured_value',
      'favoured_value',
      'block',
      'prompt',
      'reply_given',
      'favoured_reply',
      'proposed_target',
      'substitutions',
      'keep',
    ]);
    const col = (name: string) => head?.cells.indexOf(name) as number;
    assert.ok(rows.length >= 10);
    for (const row of rows) {
      assert.equal(row.cells[col('keep')], '');
      assert.match(row.cells[col('example_id')] as string, /^cf-[0-9a-f]{12}$/);
      // No cell starts as a formula: model text gets a leading apostrophe.
      for (const c of row.cells) assert.doesNotMatch(c, /^[=+\-@\t\r]/, c);
    }
    const hostile = rows.find((row) => (row.cells[col('proposed_target')] as string).includes('HYPERLINK'));
    assert.ok(hostile, 'a hostile favoured reply was exported');
    assert.match(hostile.cells[col('proposed_target')] as string, /^'=HYPERLINK\("http:\/\/evil\.example","Yes"\) <script>alert\(1\)<\/script> Yes, invite /);
    assert.ok(rows.some((row) => (row.cells[col('reply_given')] as string).startsWith("'=cmd|")));
    assert.ok(existsSync(`${out}.md`));
    assert.match(readFileSync(`${out}.md`, 'utf8'), /as a CSV for people to curate/);
    const json = await runCli(['export', naming, '--format', 'review-csv', '--out', out, '--json']);
    assert.equal(json.code, 0, json.stderr);
    const summary = JSON.parse(json.stdout) as { file: string; examples: number; findings: { axis: string; examples: number }[]; skipped: Record<string, number> };
    assert.equal(summary.file, out);
    assert.equal(summary.examples, rows.length);
    assert.equal(summary.findings.reduce((n, f) => n + f.examples, 0), rows.length);
    assert.ok((summary.skipped['ambiguous'] ?? 0) > 0);
  });

  it('exports a sim:biased run from the command line', async () => {
    const run = join(tmp, 'sim');
    const r = await runCli(['run', 'hiring-screen', '--model', 'sim:biased', '--seed', '3', '--max-probes', '300', '--out', run]);
    assert.equal(r.code, 1, r.stderr);
    const out = join(tmp, 'sim.jsonl');
    const cli = await runCli(['export', run, '--out', out]);
    assert.equal(cli.code, 0, cli.stderr);
    assert.match(cli.stdout, /Exported (\d+) counterfactual examples \(counterfactual-jsonl\) from \d+ failing finding/);
    assert.match(cli.stdout, /Age: .* vs 35: \d+ examples from \d+ of \d+ blocks/);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    assert.ok(lines.length > 0);
    for (const line of lines) assert.deepEqual(fineTuningLineProblems(line), []);
    const md = readFileSync(`${out}.md`, 'utf8');
    assert.match(md, /synthetic/);
    assert.match(md, /sim:biased/);
    assert.match(md, /sampled with --max-probes 300/);
  });

  it('writes nothing and exits 0 when no finding failed', async () => {
    const fair = join(tmp, 'fair');
    const r = await audit({ probeSet: HIRING, model: { id: 'test:always-yes', complete: async () => ({ text: 'Yes.' }) }, samples: 1, maxProbes: 120, seed: 1, outDir: fair, cwd: tmp });
    assert.ok(r.findings.every((f) => f.verdict !== 'fail'));
    const cli = await runCli(['export', fair]);
    assert.equal(cli.code, 0, cli.stderr);
    assert.match(cli.stdout, /Nothing exported: no finding of this run failed its policy/);
    assert.ok(!existsSync(join(fair, 'counterfactual-examples.jsonl')));
    assert.ok(!existsSync(join(fair, 'counterfactual-examples.jsonl.md')));
  });

  it('exits 2 on a bad directory or format', async () => {
    const missing = await runCli(['export', join(tmp, 'no-such-run')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /is not a run directory: no such directory/);
    const notRun = await runCli(['export', tmp]);
    assert.equal(notRun.code, 2);
    assert.match(notRun.stderr, /is not a run directory: it has no manifest\.json/);
    const format = await runCli(['export', naming, '--format', 'parquet']);
    assert.equal(format.code, 2);
    assert.match(format.stderr, /--format must be one of counterfactual-jsonl, review-csv; got "parquet"/);
  });
});
