/** The probe-set format additions: text outcomes, per-probe metadata, block columns, favourableFrom, benchmark. */
import assert from 'node:assert/strict';
import { issuesOf } from '../helpers/probe-set-issues.js';
import { expand, parseProbeSet } from '../../lib/probes/index.js';
import { outcomeValue } from '../../lib/scorers/index.js';

async function parse(yaml: string) {
  return parseProbeSet('set.yaml', yaml, () => Promise.reject(new Error('ENOENT')));
}

const ITEMS = `attributes:
  item:
    id: item
    axes: [kind]
    metadata: [correct, pair]
    block: pair
    values:
      - { item: q1, kind: pro, correct: A, pair: p1 }
      - { item: q2, kind: anti, correct: B, pair: p1 }
      - { item: q3, kind: pro, correct: B, pair: p2 }
      - { item: q4, kind: anti, correct: A, pair: p2 }
template: "Question {{item}}?\\n(A) one\\n(B) two"
`;

describe('probe-set format extensions', () => {
  it('reads the text outcomes with their defaults', async () => {
    const base = `id: t\nattributes:\n  age:\n    values: [30, 60]\ntemplate: "I am {{age}}. Reply in two sentences."\n`;
    assert.deepEqual((await parse(`${base}outcome: { type: sentiment }\n`)).outcome, { type: 'sentiment', favourable: 'higher' });
    assert.deepEqual((await parse(`${base}outcome: { type: length, favourable: lower }\n`)).outcome, { type: 'length', favourable: 'lower', unit: 'words' });
    assert.deepEqual((await parse(`${base}outcome: { type: refusal }\n`)).outcome, { type: 'refusal', favourable: 'answered' });
    const issues = await issuesOf(parse(`${base}outcome:\n  type: length\n  favourable: longer\n`));
    assert.deepEqual(issues.map((i) => [i.line, i.path, i.expected]), [[8, 'outcome.favourable', '"higher" or "lower"']]);
  });

  it('copies metadata into probes, keys blocks by the block column, and reads the favourable option per probe', async () => {
    const ps = await parse(`id: t\noutcome: { type: choice, choices: [A, B], favourableFrom: correct }\n${ITEMS}`);
    const probes = expand(ps);
    assert.deepEqual(probes.map((p) => p.meta), [
      { correct: 'A', pair: 'p1' },
      { correct: 'B', pair: 'p1' },
      { correct: 'B', pair: 'p2' },
      { correct: 'A', pair: 'p2' },
    ]);
    assert.deepEqual(probes.map((p) => p.blocks['item']), ['default|pair=p1', 'default|pair=p1', 'default|pair=p2', 'default|pair=p2']);
    assert.equal(outcomeValue(ps.outcome, 'A', probes[0]), 1);
    assert.equal(outcomeValue(ps.outcome, 'A', probes[1]), 0);
  });

  it('reports every metadata, block, favourableFrom and benchmark problem with its line', async () => {
    const yaml = `id: t
outcome: { type: choice, choices: [A, B], favourableFrom: answer }
benchmark: { name: squad }
attributes:
  item:
    axes: [kind]
    metadata: [correct, nothere]
    block: pairs
    values:
      - { item: q1, kind: pro, correct: A }
      - { item: q2, kind: anti, correct: C }
template: "Question {{item}}?"
`;
    const issues = await issuesOf(parse(yaml));
    assert.deepEqual(
      issues.map((i) => [i.line, i.path]),
      [
        [2, 'outcome.favourableFrom'],
        [3, 'benchmark.name'],
        [7, 'attributes.item.metadata'],
        [8, 'attributes.item.block'],
      ],
    );
    const wrongOption = await issuesOf(parse(yaml.replace('favourableFrom: answer', 'favourableFrom: correct').replace('[correct, nothere]', '[correct]').replace('    block: pairs\n', '').replace('name: squad', 'name: bbq')));
    assert.deepEqual(wrongOption.map((i) => [i.line, i.path, i.received]), [[10, 'item.correct', '"C"']]);
  });
});
