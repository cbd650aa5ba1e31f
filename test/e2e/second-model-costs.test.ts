/**
 * The second models of a run (an LLM judge, a translator) under the run's cost controls (issue 7):
 * the dry run counts and prices their calls at their own prices, and `maxCost` is one limit over the
 * model's, the translator's and the judge's calls together (exit 3, resumable, nothing paid twice).
 */
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { audit, createProvider, estimateAudit, mergeRuns, RunIncompleteError, type ModelPrice } from '../../lib/index.js';
import { JUDGE_JOURNAL } from '../../lib/judge/index.js';
import { expand, loadProbeSet, sampleProbes } from '../../lib/probes/index.js';
import { estimatePromptTokens, readJournal, scanJournal } from '../../lib/runner/index.js';
import { TRANSLATION_FILE } from '../../lib/transforms/index.js';
import type { CompletionRequest, Provider, ResponseRecord } from '../../lib/types.js';
import { ROOT, runCli } from '../helpers/cli.js';
import { startOpenAIServer } from '../helpers/fake-openai-server.js';

const OVER_REFUSAL = join(ROOT, 'probes', 'safety', 'over-refusal.yaml');
const TRANSLATED = join(ROOT, 'probes', 'safety', 'harmful-requests-translated.yaml');

/** USD per million tokens: the judge and translator dearer than the model, so their share matters. */
const PRICES: Record<string, ModelPrice> = {
  'test:model': { input: 1, output: 1 },
  'test:judge': { input: 3, output: 3 },
  'test:translator': { input: 2, output: 2 },
};
const usd = (r: ResponseRecord, model: string): number => {
  const p = PRICES[model]!;
  return r.usage ? (r.usage.inputTokens * p.input + r.usage.outputTokens * p.output) / 1e6 : 0;
};
/** What a journal's successful records cost at one model's price. */
function spent(file: string, model: string): number {
  let total = 0;
  scanJournal(file, (r) => {
    if (typeof r.text === 'string') total += usd(r, model);
  });
  return total;
}

/** What a journal's successful records cost at a price given here. */
function spent4(file: string, price: ModelPrice): number {
  let total = 0;
  scanJournal(file, (r) => {
    if (typeof r.text === 'string' && r.usage) total += (r.usage.inputTokens * price.input + r.usage.outputTokens * price.output) / 1e6;
  });
  return total;
}

/** A sim provider under a priced id, reporting usage (prompt estimated as the runner does, reply at 4 characters a token) and counting its calls. */
async function priced(spec: string, id: string): Promise<Provider & { calls: number }> {
  const inner = await createProvider(spec, { seed: 1 });
  const p = {
    id,
    calls: 0,
    async complete(req: CompletionRequest) {
      p.calls++;
      const res = await inner.complete(req);
      return { ...res, usage: { inputTokens: estimatePromptTokens(req.messages), outputTokens: Math.ceil(res.text.length / 4) } };
    },
  };
  return p;
}

describe('second models (judge, translator) under the cost controls', function () {
  this.timeout(120_000);
  let tmp: string;
  before(() => (tmp = mkdtempSync(join(tmpdir(), 'ba-second-'))));
  after(() => rmSync(tmp, { recursive: true, force: true }));

  describe('dry run', () => {
    it('counts and prices the judge apart: one call per reply (at the max tokens) and per labelled row, 5 tokens a verdict', async () => {
      const e = await estimateAudit({ probeSet: OVER_REFUSAL, model: 'openai:gpt-4o-mini', judge: 'openai:gpt-4o-mini', judgeSample: 40, maxProbes: 20, samples: 1, cache: false, env: {} });
      const j = e.judge!;
      assert.equal(e.calls, 20);
      assert.equal(j.calls, 20 + 40);
      assert.equal(j.toMake, 60);
      assert.equal(j.maxOutputTokens, 60 * 5);
      // A not-yet-made reply is counted at the set's maxTokens: more prompt than the 20 requests' model calls by far.
      assert.ok(j.inputTokens > 20 * 300, `${j.inputTokens} prompt tokens`);
      assert.equal(j.cost!.upToUsd, (j.inputTokens * 0.15 + j.maxOutputTokens * 0.6) / 1e6);
      assert.equal(e.total.toMake, 80);
      assert.equal(e.total.upToUsd, e.cost!.upToUsd + j.cost!.upToUsd);
      assert.deepEqual(e.total.unpriced, []);
    });

    it('says "price unknown" for a second model without a price, and keeps it out of the total', async () => {
      const e = await estimateAudit({ probeSet: TRANSLATED, model: 'openai:gpt-4o-mini', translator: 'openai-compatible:my-translator', translatorBaseUrl: 'http://127.0.0.1:9/v1', maxProbes: 10, cache: false, env: {} });
      const t = e.translator!;
      // Each translated probe is its own call (its English words are the plain probe's): 10 probes x 4 samples.
      assert.equal(e.calls, 40);
      assert.equal(t.model, 'openai-compatible:my-translator');
      assert.equal(t.cost, undefined);
      assert.ok(t.toMake > 0);
      assert.deepEqual(e.total.unpriced, ['openai-compatible:my-translator']);
      assert.equal(e.total.upToUsd, e.cost!.upToUsd);
      const cli = await runCli(['run', TRANSLATED, '--model', 'openai:gpt-4o-mini', '--translator', 'openai-compatible:my-translator', '--translator-base-url', 'http://127.0.0.1:9/v1', '--max-probes', '10', '--dry-run', '--no-cache']);
      assert.equal(cli.code, 0, cli.stderr);
      assert.match(cli.stdout, /translator openai-compatible:my-translator: \d+ calls .* not batched/);
      assert.match(cli.stdout, /cost: price unknown for openai-compatible:my-translator/);
      assert.match(cli.stdout, /total: .* plus the unknown cost of openai-compatible:my-translator \(no price\)/);
    });

    it('after a finished run, finds every translation and every judge verdict it can know in their journals', async () => {
      const out = join(tmp, 'dry-after');
      const opts = { probeSet: TRANSLATED, model: 'sim:unsafe', translator: 'sim:fair', judge: 'sim:fair', judgeSample: 20, maxProbes: 10, samples: 1, cache: false as const };
      await audit({ ...opts, outDir: out });
      const e = await estimateAudit({ ...opts, outDir: out });
      assert.equal(e.toMake, 0, 'the translated probes are found under their translations');
      assert.equal(e.calls, 10);
      assert.equal(e.translator!.toMake, 0, 'requests and replies: every translation is in translations.jsonl');
      assert.equal(e.translator!.fromJournal, readJournal(join(out, TRANSLATION_FILE)).records.size);
      // The judge read translated replies in their back-translation: the dry run reads them there too.
      assert.equal(e.judge!.toMake, 0);
      assert.equal(e.judge!.fromJournal, e.judge!.calls);
      // Identical (request, reply) pairs are one verdict, as in the run: the plain and translated asks of one request share the English request.
      assert.equal(e.judge!.calls, readJournal(join(out, JUDGE_JOURNAL)).records.size);
      // Before the run, the translated probes' replies were unknown: each counted at its worst case.
      const before = await estimateAudit({ ...opts, outDir: join(tmp, 'dry-before') });
      const translated = sampleProbes(expand(await loadProbeSet(TRANSLATED)), { maxProbes: 10, seed: 0 }).probes.filter((p) => p.translate).length;
      assert.ok(translated > 0 && translated < 10);
      assert.equal(before.toMake, 10);
      assert.equal(before.translator!.toMake, 2 * translated, 'one request and one reply per translated probe (distinct requests here)');
      assert.equal(before.judge!.toMake, 10 + 20);
    });
  });

  describe('one cost limit over all the calls', () => {
    it('the judge stops the audit before the total passes the limit (exit 3), and a resume finishes without paying twice', async () => {
      const out = join(tmp, 'judge-budget');
      const opts = { probeSet: OVER_REFUSAL, judgeSample: 20, maxProbes: 10, samples: 1, parameters: { maxTokens: 64 }, outDir: out, cache: false as const, prices: PRICES, concurrency: 2 };
      const model = await priced('sim:unsafe', 'test:model');
      const judge = await priced('sim:fair', 'test:judge');
      // Measured: the model's 10 calls cost about $0.0014, the judge's 30 about $0.031 (10,383 prompt tokens): a limit of $0.015 stops in the judge.
      const limit = 0.015;
      const err = await audit({ ...opts, model, judge, maxCost: limit }).catch((e: unknown) => e);
      assert.ok(err instanceof RunIncompleteError, String(err));
      assert.equal(err.exitCode, 3);
      assert.equal(err.runDir, out);
      assert.match(err.message, /^judge test:judge: run stopped: stopped before exceeding the cost limit/);
      assert.match(err.message, /the limit of \$0\.0\d is for all the audit's calls, the model's, the translator's and the judge's: \$0\.0014 of it went to the other models' calls, which left \$0\.01\d* for these/);
      assert.equal(model.calls, 10);
      const modelUsd = spent(join(out, 'responses.jsonl'), 'test:model');
      const judgeUsd = spent(join(out, JUDGE_JOURNAL), 'test:judge');
      assert.ok(judge.calls > 0 && judge.calls < 30, `${judge.calls} judge calls`);
      assert.ok(modelUsd + judgeUsd <= limit, `spent ${modelUsd} + ${judgeUsd}`);

      const model2 = await priced('sim:unsafe', 'test:model');
      const judge2 = await priced('sim:fair', 'test:judge');
      const done = await audit({ ...opts, model: model2, judge: judge2, maxCost: 1 });
      assert.equal(model2.calls, 0, 'no model call made again');
      assert.equal(judge.calls + judge2.calls, 30, 'each verdict asked for once');
      assert.equal(done.judge?.replies.missing, 0);
    });

    it('through the CLI and the OpenAI wire format: exit 3 in the judge\'s calls, and `run --resume` finishes without asking anything twice', async () => {
      const server = await startOpenAIServer({
        reply: (body: { model: string; messages: { content: string }[] }) =>
          body.model === 'gpt-4o-judge' ? (/can't|cannot/i.test(body.messages.at(-1)?.content ?? '') ? 'REFUSED' : 'ANSWERED') : 'Sure, here is how to do that.',
      });
      try {
        const env = { OPENAI_API_KEY: 'sk-test-second-DO-NOT-LEAK', OPENAI_BASE_URL: server.url };
        const prices = join(tmp, 'prices.yaml');
        writeFileSync(prices, 'openai:gpt-4o-judge: { input: 10, output: 10 }\n');
        const out = join(tmp, 'cli-budget');
        const flags = ['--no-cache', '--prices', prices, '--concurrency', '1'];
        // The model's 10 calls cost about $0.00005; each judge call about $0.002 (the fake counts words as tokens): $0.02 stops in the judge.
        const r = await runCli(['run', OVER_REFUSAL, '--model', 'openai:gpt-4o-mini', '--judge', 'openai:gpt-4o-judge', '--judge-sample', '20', '--max-probes', '10', '--samples', '1', '--max-tokens', '20', '--max-cost', '0.02', '--out', out, ...flags], { env });
        assert.equal(r.code, 3, r.stderr);
        assert.match(r.stderr, /judge openai:gpt-4o-judge: run stopped: stopped before exceeding the cost limit/);
        assert.match(r.stderr, /To finish the run later: bias-audit run --resume /);
        const judged = readJournal(join(out, JUDGE_JOURNAL)).records.size;
        assert.ok(judged > 0 && judged < 30, `${judged} verdicts`);
        const spentUsd = spent4(join(out, 'responses.jsonl'), { input: 0.15, output: 0.6 }) + spent4(join(out, JUDGE_JOURNAL), { input: 10, output: 10 });
        assert.ok(spentUsd <= 0.02, `spent ${spentUsd}`);
        const done = await runCli(['run', '--resume', out, '--max-cost', '1', ...flags], { env });
        assert.ok([0, 1, 4].includes(done.code), done.stderr);
        const bodies = server.requests as { model: string; messages: unknown }[];
        assert.equal(bodies.filter((b) => b.model === 'gpt-4o-mini').length, 10, 'no model call made twice');
        const verdicts = bodies.filter((b) => b.model === 'gpt-4o-judge');
        assert.equal(verdicts.length, new Set(verdicts.map((b) => JSON.stringify(b.messages))).size, 'no verdict asked twice');
        assert.equal(verdicts.length, readJournal(join(out, JUDGE_JOURNAL)).records.size);
      } finally {
        await server.close();
      }
    });

    it('the translator\'s calls count against the same limit, and a limit without its price is exit 2 before any call', async () => {
      const out = join(tmp, 'translator-budget');
      const opts = { probeSet: TRANSLATED, maxProbes: 10, samples: 1, parameters: { maxTokens: 64 }, outDir: out, cache: false as const, prices: PRICES, concurrency: 1 };
      const noPrice = await priced('sim:fair', 'test:unpriced-translator');
      const model0 = await priced('sim:unsafe', 'test:model');
      await assert.rejects(audit({ ...opts, outDir: join(tmp, 'no-price'), model: model0, translator: noPrice, maxCost: 1 }), /no price is known for test:unpriced-translator/);
      assert.equal(noPrice.calls + model0.calls, 0);

      const model = await priced('sim:unsafe', 'test:model');
      const translator = await priced('sim:fair', 'test:translator');
      // The translator reserves up to 2048 reply tokens a call (about $0.0044 at its price) and spends about $0.0003: a limit of $0.005 lets two through.
      const err = await audit({ ...opts, model, translator, maxCost: 0.005 }).catch((e: unknown) => e);
      assert.ok(err instanceof RunIncompleteError, String(err));
      assert.match(err.message, /stopped before exceeding the cost limit/);
      assert.equal(model.calls, 0, 'the model is not called before its prompts are translated');
      assert.ok(spent(join(out, TRANSLATION_FILE), 'test:translator') <= 0.005);
      assert.ok(translator.calls > 0 && translator.calls < 5, `${translator.calls} translator calls`);
      const model2 = await priced('sim:unsafe', 'test:model');
      const translator2 = await priced('sim:fair', 'test:translator');
      const done = await audit({ ...opts, model: model2, translator: translator2, maxCost: 100 });
      const total = spent(join(out, TRANSLATION_FILE), 'test:translator') + spent(join(out, 'responses.jsonl'), 'test:model');
      assert.ok(total <= 100);
      assert.ok(done.counts.calls > 0);
      const distinct = readJournal(join(out, TRANSLATION_FILE)).records.size;
      assert.equal(translator.calls + translator2.calls, distinct, 'each translation made once');
    });
  });

  describe('--shard with a translated set', () => {
    const base = { probeSet: TRANSLATED, model: 'sim:unsafe', translator: 'sim:fair', judge: 'sim:fair', judgeSample: 20, maxProbes: 24, samples: 2, seed: 3, cache: false as const };

    it('two shards, each translating its own requests and replies, merge into the findings of the whole run', async () => {
      const shards = [1, 2].map((i) => join(tmp, `tr-shard-${i}`));
      for (const [i, dir] of shards.entries()) await audit({ ...base, shard: { index: i + 1, count: 2 }, outDir: dir });
      // Each shard translated only its own texts.
      const own = shards.map((d) => readJournal(join(d, TRANSLATION_FILE)).records.size);
      const whole = await audit({ ...base, outDir: join(tmp, 'tr-whole') });
      const wholeTranslations = readJournal(join(tmp, 'tr-whole', TRANSLATION_FILE)).records.size;
      assert.ok(own.every((n) => n > 0 && n < wholeTranslations), `${own.join(' + ')} of ${wholeTranslations}`);
      const merged = await mergeRuns(shards, { outDir: join(tmp, 'tr-merged') });
      assert.deepEqual(merged.counts, whole.counts);
      assert.deepEqual(merged.findings, whole.findings);
      assert.deepEqual(merged.judge?.replies, whole.judge?.replies);
      assert.deepEqual(merged.examples, whole.examples, 'the examples show the replies as sent and their back-translations alike');
      assert.equal(merged.method.notes.filter((n) => n.startsWith('Translation:')).length, 1);
      // The merged directory is a run of its own: `report` reads it again without a translator.
      const cli = await runCli(['report', join(tmp, 'tr-merged')]);
      assert.ok([0, 1, 4].includes(cli.code), cli.stderr);
    });

    it('refuses to merge shards that sent one request in two different translations (a translator that is not deterministic)', async () => {
      const shards = [1, 2].map((i) => join(tmp, `tr-conflict-${i}`));
      for (const [i, dir] of shards.entries()) await audit({ ...base, judge: undefined, shard: { index: i + 1, count: 2 }, outDir: dir });
      // Shard 2 translated one of shard 1's requests too, in other words.
      const first = readFileSync(join(shards[0]!, TRANSLATION_FILE), 'utf8').split('\n')[0]!;
      const rec = JSON.parse(first) as ResponseRecord;
      appendFileSync(join(shards[1]!, TRANSLATION_FILE), `${JSON.stringify({ ...rec, text: `${rec.text} (another wording)` })}\n`);
      await assert.rejects(mergeRuns(shards, { outDir: join(tmp, 'tr-conflict-merged') }), /translated the request translate\|en>\w+\|\w+ differently/);
    });
  });

  describe('--batch with a judge', () => {
    it('says that only the audited model\'s calls go through the batch API', async () => {
      const server = await startOpenAIServer({ reply: () => 'Sure, here is how.' });
      try {
        const notes: string[] = [];
        const err = await audit({
          probeSet: OVER_REFUSAL,
          model: 'openai:gpt-4o-mini',
          judge: 'sim:fair',
          judgeSample: 20,
          maxProbes: 4,
          samples: 1,
          env: { OPENAI_API_KEY: 'sk-test-second-DO-NOT-LEAK', OPENAI_BASE_URL: server.url },
          outDir: join(tmp, 'batch-note'),
          cache: false,
          batch: { wait: false },
          onNote: (m) => notes.push(m),
        }).catch((e: unknown) => e);
        assert.ok(err instanceof RunIncompleteError, String(err));
        assert.ok(
          notes.includes("--batch sends only the audited model's calls (openai:gpt-4o-mini) through the batch API; the judge sim:fair is called one by one, at the standard price"),
          notes.join('\n'),
        );
      } finally {
        await server.close();
      }
    });
  });
});
