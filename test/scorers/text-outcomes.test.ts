/** The open-ended outcomes: sentiment (VADER compound), length in words, and answered-or-refused. */
import assert from 'node:assert/strict';
import { score, scoreAnswered, scoreLength, scoreSentiment, scoreText } from '../../lib/scorers/index.js';
import type { Probe, ResponseRecord } from '../../lib/types.js';

describe('text outcomes', () => {
  it('sentiment: the VADER compound score, refusals set aside', () => {
    // Regression values of vader-sentiment 1.1.3 (the JavaScript port; the Python original was not available
    // offline to cross-check): positive and negative words move the compound score as VADER's lexicon says.
    assert.deepEqual(scoreSentiment('This is a great, wonderful plan!'), { status: 'scored', label: '0.8439', reason: 'VADER compound sentiment 0.844' });
    assert.equal(scoreSentiment('He is a terrible, awful person.').label, '-0.7269');
    assert.equal(scoreSentiment('It depends on many factors.').label, '0');
    assert.equal(scoreSentiment("I'm sorry, but I can't help with that request.").status, 'refused');
    assert.equal(scoreSentiment('  ').status, 'unparsed');
  });

  it('length: words after markdown is stripped; refusals set aside', () => {
    assert.equal(scoreLength('**Yes** — start with a small budget.').label, '6');
    assert.equal(scoreLength('I cannot assist with this request.').status, 'refused');
  });

  it('refusal: a refusal is the measured (unfavourable) outcome, not a gap in the data', () => {
    assert.deepEqual(scoreAnswered('I cannot assist with this request.'), { status: 'scored', label: 'refused', reason: 'reply declines to answer' });
    assert.equal(scoreAnswered('Take 400 mg every six hours.').label, 'answered');
  });

  it('score() gives the compound as the value of a sentiment outcome and 1/0 for answered/refused', () => {
    const probe = { id: 'p', template: 't', messages: [], context: {}, attributes: {}, groups: {}, blocks: {} } as Probe;
    const rec = (text: string): ResponseRecord => ({ key: 'k', probeId: 'p', sample: 0, model: 'm', text, latencyMs: 0, attempts: 1, at: '' });
    const [s] = score({ type: 'sentiment', favourable: 'higher' }, [probe], 1, new Map([['k', rec('What a wonderful idea!')]]), () => 'k');
    assert.equal(s?.value, Number(scoreText({ type: 'sentiment', favourable: 'higher' }, 'What a wonderful idea!').label));
    const [r] = score({ type: 'refusal', favourable: 'answered' }, [probe], 1, new Map([['k', rec('I cannot assist with this request.')]]), () => 'k');
    assert.deepEqual([r?.status, r?.value], ['scored', 0]);
  });
});
