import assert from 'node:assert/strict';
import { InputFileError } from '../../lib/errors.js';
import { BUILTIN_PRICES, costOf, parsePrices, priceFor } from '../../lib/pricing/index.js';

describe('pricing', () => {
  it('matches a spec exactly, or the longest family it starts with at a separator', () => {
    assert.deepEqual(priceFor('openai:gpt-4o-mini')?.price, { input: 0.15, output: 0.6 });
    assert.equal(priceFor('openai:gpt-4o-mini-2024-07-18')?.entry, 'openai:gpt-4o-mini');
    assert.equal(priceFor('openai:gpt-4o-2024-08-06')?.entry, 'openai:gpt-4o');
    assert.equal(priceFor('anthropic:claude-3-5-haiku-latest')?.entry, 'anthropic:claude-3-5-haiku');
    assert.equal(priceFor('anthropic:claude-opus-4-20250514')?.entry, 'anthropic:claude-opus-4');
    assert.equal(priceFor('anthropic:claude-opus-4-5-20251101')?.entry, 'anthropic:claude-opus-4-5');
    // No separator, no match: gpt-4o is not a price for gpt-4omega, nor gpt-5 for gpt-5.2.
    assert.equal(priceFor('openai:gpt-4omega'), undefined);
    assert.equal(priceFor('openai:gpt-5.2'), undefined);
    assert.equal(priceFor('openai-compatible:llama3.1'), undefined);
    assert.deepEqual(priceFor('sim:biased')?.price, { input: 0, output: 0 });
  });

  it('costs usage per million tokens, at half price in a batch', () => {
    // 1000 x 0.15 / 1e6 + 10 x 0.6 / 1e6
    assert.equal(costOf({ inputTokens: 1000, outputTokens: 10 }, { input: 0.15, output: 0.6 }), 0.000156);
    assert.equal(costOf({ inputTokens: 1000, outputTokens: 10 }, { input: 0.15, output: 0.6 }, { batch: true }), 0.000078);
    assert.equal(costOf({ inputTokens: 1e6, outputTokens: 0 }, { input: 3, output: 15, batchFactor: 0.4 }, { batch: true }), 1.2000000000000002);
  });

  it('every built-in price is a pair of non-negative numbers with output >= input', () => {
    for (const [spec, p] of Object.entries(BUILTIN_PRICES)) {
      assert.match(spec, /^(openai|anthropic):/);
      assert.ok(p.input >= 0 && p.output >= p.input, spec);
    }
  });

  it('reads a user\'s YAML or JSON price file over the built-in table', () => {
    const yaml = parsePrices('prices.yaml', '# USD per 1M tokens\nopenai-compatible:llama3.1: { input: 0, output: 0 }\nopenai:gpt-4o-mini: { input: 0.2, output: 0.8, batchFactor: 0.5 }\n');
    assert.deepEqual(yaml, { 'openai-compatible:llama3.1': { input: 0, output: 0 }, 'openai:gpt-4o-mini': { input: 0.2, output: 0.8, batchFactor: 0.5 } });
    const json = parsePrices('prices.json', '{"anthropic:claude-haiku-4-5": {"input": 1, "output": 5}}');
    assert.deepEqual(json, { 'anthropic:claude-haiku-4-5': { input: 1, output: 5 } });
  });

  it('names the file and line of every problem at once (exit 2)', () => {
    const text = ['openai:gpt-4o-mini: { input: 0.15, output: 0.6 }', 'openai:gpt-4o: { input: -1, output: 10 }', 'nonsense: 3', 'anthropic:x: { input: 1, output: 2, price: 3 }'].join('\n');
    const err = (() => {
      try {
        parsePrices('my-prices.yaml', text);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    assert.ok(err instanceof InputFileError && err.exitCode === 2);
    assert.equal(err.line, 2);
    assert.match(err.message, /^my-prices\.yaml:2: openai:gpt-4o: input: expected a price >= 0/);
    assert.match(err.message, /my-prices\.yaml:3: "nonsense": expected a model spec/);
    assert.match(err.message, /my-prices\.yaml:4: anthropic:x: unknown field price/);
    assert.throws(() => parsePrices('p.json', '{"a": '), (e: unknown) => e instanceof InputFileError && /expected valid JSON or YAML/.test(e.message));
  });
});
