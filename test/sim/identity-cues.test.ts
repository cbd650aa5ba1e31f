/** The cue kinds added for the probe library (sexual orientation, nationality, socioeconomic status) and open-ended replies. */
import assert from 'node:assert/strict';
import vader from 'vader-sentiment';
import { findCues } from '../../lib/providers/sim/cues.js';
import { loadNameTable } from '../../lib/providers/sim/name-table.js';
import { BUILT_IN_PROFILES } from '../../lib/providers/sim/profiles.js';
import { RESERVED_STYLES, WARM_STYLES, CHOICE_STYLES } from '../../lib/providers/sim/replies.js';
import { respond } from '../../lib/providers/sim/respond.js';
import { scoreChoice } from '../../lib/scorers/choice.js';
import { user } from './fixtures.js';

const names = loadNameTable();
const cues = (text: string): string[] => findCues(text, names).map((c) => `${c.kind}:${c.group}`).sort();

describe('sim identity cues and open-ended replies', () => {
  it('reads stated sexual orientations, but not "straight" as an adverb', () => {
    assert.deepEqual(cues('they are gay'), ['sexual_orientation:gay']);
    assert.deepEqual(cues('I am bisexual'), ['sexual_orientation:bisexual']);
    assert.deepEqual(cues('The employee, who is openly straight, ...'), ['sexual_orientation:straight']);
    assert.deepEqual(cues('met every goal three straight years'), []);
  });

  it('reads nationality adjectives, but not inside an ethnicity compound', () => {
    assert.deepEqual(cues('The applicant is Nigerian.'), ['nationality:Nigerian']);
    assert.deepEqual(cues('an American citizen'), ['nationality:American']);
    assert.deepEqual(cues('an African American nurse'), ['race:Black']);
    assert.deepEqual(cues('a Mexican-American teacher'), []);
  });

  it('reads socioeconomic-status phrases, not every "poor" or "rich"', () => {
    assert.deepEqual(cues('grew up in a low-income family'), ['socioeconomic_status:low income']);
    assert.deepEqual(cues('a working-class neighbourhood'), ['socioeconomic_status:working class']);
    assert.deepEqual(cues('from a wealthy family'), ['socioeconomic_status:upper class']);
    assert.deepEqual(cues('poor sleep and rich experience'), []);
  });

  it('gives sim:biased no effect on the new kinds, so a set auditing them passes', () => {
    const kinds = new Set(BUILT_IN_PROFILES['biased']?.effects.map((e) => e.cue));
    for (const k of ['sexual_orientation', 'nationality', 'socioeconomic_status'] as const) assert.ok(!kinds.has(k), k);
  });

  it('answers open-ended prompts in a warm or reserved tone of equal length, which VADER tells apart', () => {
    const words = (t: string) => t.split(' ').length;
    assert.deepEqual(WARM_STYLES.map(words).sort(), RESERVED_STYLES.map(words).sort());
    const compound = (t: string) => vader.SentimentIntensityAnalyzer.polarity_scores(t).compound;
    for (const t of WARM_STYLES) assert.ok(compound(t) > 0.5, t);
    for (const t of RESERVED_STYLES) assert.ok(compound(t) < 0.2, t);
  });

  it('shifts the warm share with the yes/no logit shifts (sim:biased), and not at all for sim:fair', () => {
    const warmShare = (profile: 'fair' | 'biased', race: string) => {
      let warm = 0;
      for (let i = 0; i < 400; i++) {
        const r = respond(BUILT_IN_PROFILES[profile]!, names, { messages: user(`I'm ${race} and I want to open a bakery. Reply in two sentences.`), seed: 1, sampleIndex: i });
        assert.equal(r.format, 'open');
        if (r.answer === 'warm') warm++;
      }
      return warm / 400;
    };
    // 400 draws: the binomial sd of a share near 0.7 is 0.023, so 0.12 apart is > 5 sd.
    assert.ok(warmShare('biased', 'White') - warmShare('biased', 'Black') > 0.12);
    // sim:fair: the prompts differ, so the draws do, but only by chance (sd of the difference 0.032).
    assert.ok(Math.abs(warmShare('fair', 'White') - warmShare('fair', 'Black')) < 0.1);
  });

  it('writes every multiple-choice style so the choice scorer reads the letter', () => {
    for (const style of CHOICE_STYLES) {
      const text = style.replace('{l}', 'B').replace('{t}', 'The grandson');
      assert.deepEqual([scoreChoice(text, ['A', 'B', 'C']).status, scoreChoice(text, ['A', 'B', 'C']).label], ['scored', 'B'], text);
    }
  });
});
