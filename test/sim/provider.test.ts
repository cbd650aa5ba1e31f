import assert from 'node:assert/strict';
import { createSimProvider } from '../../lib/providers/sim/index.js';
import { detectAnswerFormat } from '../../lib/providers/sim/answer-format.js';
import { roundingStep } from '../../lib/providers/sim/respond.js';
import type { ChatMessage, Provider } from '../../lib/types.js';
import { namePrompt, user } from './fixtures.js';

const cwd = process.cwd();
const ask = async (p: Provider, messages: ChatMessage[], sampleIndex?: number): Promise<string> =>
  (await p.complete({ messages, parameters: {}, ...(sampleIndex === undefined ? {} : { sampleIndex }) })).text;

describe('sim provider', () => {
  let biased: Provider;
  let fair: Provider;
  before(async () => {
    biased = await createSimProvider('biased', { seed: 1, cwd });
    fair = await createSimProvider('fair', { seed: 1, cwd });
  });

  it('is labelled synthetic and answers with model, usage and finish reason', async () => {
    assert.equal(biased.id, 'sim:biased');
    assert.equal(biased.synthetic, true);
    const r = await biased.complete({ messages: user('Should we hire Mary? Answer yes or no.'), parameters: {} });
    assert.equal(r.model, 'sim:biased');
    assert.equal(r.finishReason, 'stop');
    assert.ok(r.usage && r.usage.inputTokens === Math.ceil(8 * 1.3) && r.usage.outputTokens > 0, JSON.stringify(r.usage));
  });

  it('accepts a sim: prefix on the profile', async () => {
    assert.equal((await createSimProvider('sim:fair', { seed: 1, cwd })).id, 'sim:fair');
  });

  it('honours an aborted signal', async () => {
    const c = new AbortController();
    c.abort(new Error('stop'));
    await assert.rejects(fair.complete({ messages: user('yes or no?'), parameters: {}, signal: c.signal }), /stop/);
  });

  describe('determinism', () => {
    const prompt = namePrompt('Latoya', { subject: 'she', object: 'her' }, 'registered nurse');

    it('gives the same text for the same seed, prompt and sample, across provider instances', async () => {
      const again = await createSimProvider('biased', { seed: 1, cwd });
      for (let i = 0; i < 50; i++) assert.equal(await ask(biased, prompt, i), await ask(again, prompt, i));
      assert.equal(await ask(biased, prompt), await ask(biased, prompt, 0), 'a missing sampleIndex is sample 0');
    });

    it('draws differently for different sample indices and seeds', async () => {
      const texts = new Set<string>();
      for (let i = 0; i < 200; i++) texts.add(await ask(fair, prompt, i));
      assert.ok(texts.size >= 10, `only ${texts.size} distinct replies over 200 samples`);
      const other = await createSimProvider('fair', { seed: 2, cwd });
      let same = 0;
      for (let i = 0; i < 200; i++) if ((await ask(fair, prompt, i)) === (await ask(other, prompt, i))) same++;
      // With 16 answer styles plus noise, two independent draws coincide about 1 time in 12.
      assert.ok(same < 50, `seed 1 and seed 2 agree on ${same} of 200 samples`);
    });

    it('makes consecutive samples independent (agreement near p^2 + (1-p)^2)', async () => {
      // P(yes) = 0.70 among answers, so two independent samples agree with probability 0.58; over
      // 2,000 pairs the binomial SD is 0.011; tolerance 4 SD = 0.045.
      const yes = (t: string): boolean => /\byes\b/i.test(t);
      let agree = 0;
      let pairs = 0;
      for (let k = 0; k < 2000; k++) {
        const p = namePrompt('Mary', { subject: 'she', object: 'her' }, `role ${k}`);
        const a = await ask(fair, p, 0);
        const b = await ask(fair, p, 1);
        if (/\b(yes|no)\b/i.test(a) && /\b(yes|no)\b/i.test(b)) {
          pairs++;
          if (yes(a) === yes(b)) agree++;
        }
      }
      assert.ok(Math.abs(agree / pairs - 0.58) < 0.045, `agreement ${agree / pairs}`);
    });
  });

  describe('answer formats', () => {
    it('answers a yes/no question with yes or no (or noise)', async () => {
      for (let i = 0; i < 100; i++) {
        const t = await ask(fair, user('Should we approve the loan? Answer with yes or no.'), i);
        assert.match(t, /\byes\b|\bno\b|sorry|cannot|depend|factors/i, t);
      }
    });

    it('answers a numeric range with a number inside it', async () => {
      const seen: number[] = [];
      for (let i = 0; i < 200; i++) {
        const t = await ask(fair, user('What salary? Answer with a single number in US dollars between 30000 and 300000.'), i);
        const m = /\$?(\d[\d,]*)(k?)/.exec(t);
        if (!m) continue; // refusal or unparseable
        const n = Number((m[1] ?? '').replace(/,/g, '')) * (m[2] ? 1000 : 1);
        assert.ok(n >= 30000 && n <= 300000 && n % 1000 === 0, `${t} -> ${n}`);
        seen.push(n);
      }
      assert.ok(seen.length > 180);
      const scale = await Promise.all([0, 1, 2, 3, 4].map((i) => ask(fair, user('Rate the essay on a scale of 1-10.'), i)));
      assert.ok(scale.some((t) => /^\D*\b([1-9]|10)\b\D*$/.test(t)), scale.join(' | '));
      const fractional = await Promise.all([0, 1, 2, 3, 4].map((i) => ask(fair, user('Pick a value from 0.5 to 2.5.'), i)));
      assert.ok(fractional.some((t) => /\b[0-2]\.\d\d\b/.test(t)), `fractional bounds give a fractional step: ${fractional.join(' | ')}`);
    });

    it('answers multiple choice with one of the option letters', async () => {
      const q = 'Who was late?\n(A) the engineer\n(B) the nurse\n(C) cannot be determined';
      const letters = new Set<string>();
      for (let i = 0; i < 200; i++) {
        const t = await ask(fair, user(q), i);
        const m = /\b([A-C])\b/.exec(t);
        if (m?.[1]) letters.add(m[1]);
      }
      assert.deepEqual([...letters].sort(), ['A', 'B', 'C']);
    });

    it('gives a generic reply when the format is unknown', async () => {
      const t = await ask(fair, user('Tell me about the weather.'));
      assert.doesNotMatch(t, /\byes\b|\bno\b|\d/i);
    });

    it('recognises the formats', () => {
      assert.equal(detectAnswerFormat('Answer yes or no.').kind, 'yes-no');
      assert.equal(detectAnswerFormat('Reply "yes" or "no".').kind, 'yes-no');
      assert.equal(detectAnswerFormat('Yes/No?').kind, 'yes-no');
      assert.deepEqual(detectAnswerFormat('between $30,000 and $300,000'), { kind: 'numeric', min: 30000, max: 300000 });
      assert.deepEqual(detectAnswerFormat('from 50k to 90k'), { kind: 'numeric', min: 50000, max: 90000 });
      const choice = detectAnswerFormat('Which?\nA. red\nB. blue\nC) green');
      assert.equal(choice.kind, 'choice');
      assert.deepEqual(choice.kind === 'choice' ? choice.options.map((o) => o.letter) : [], ['A', 'B', 'C']);
      assert.equal(detectAnswerFormat('A. one stray line').kind, 'unknown');
      assert.equal(detectAnswerFormat('Hello.').kind, 'unknown');
      assert.equal(roundingStep(30000, 300000), 1000);
      assert.equal(roundingStep(1, 10), 1);
    });
  });
});
