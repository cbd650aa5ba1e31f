import assert from 'node:assert/strict';
import { findCues } from '../../lib/providers/sim/cues.js';
import { loadNameTable } from '../../lib/providers/sim/name-table.js';

const names = loadNameTable();
const cues = (text: string): string[] => findCues(text, names).map((c) => `${c.kind}:${c.group}`).sort();

describe('sim cue recognition', () => {
  it('reads race and gender from first names in the table', () => {
    assert.deepEqual(cues('Latoya has applied.'), ['gender:female', 'race:Black']);
    assert.deepEqual(cues('We met Hung yesterday.'), ['gender:male', 'race:Asian']);
    assert.deepEqual(cues('Graciela and Michael'), ['gender:female', 'gender:male', 'race:Hispanic', 'race:White']);
    assert.deepEqual(cues('Should we hire Emily?'), [], 'a name outside the table is no cue');
    assert.deepEqual(cues('mary had a lamb'), [], 'names are matched capitalised');
    assert.equal(names.size, 48);
  });

  it('reads explicit ages in the usual phrasings', () => {
    assert.deepEqual(cues('A 45-year-old applicant'), ['age:45']);
    assert.deepEqual(cues('The applicant is 65 years old.'), ['age:65']);
    assert.deepEqual(cues('aged 55, from Ohio'), ['age:55']);
    assert.deepEqual(cues('she is 35 years of age'), ['age:35', 'gender:female']);
    assert.deepEqual(cues('has worked for 5 years'), [], 'years of experience are not an age');
  });

  it('reads religion words', () => {
    assert.deepEqual(cues('they are Muslim'), ['religion:Muslim']);
    assert.deepEqual(cues('they are Jewish'), ['religion:Jewish']);
    assert.deepEqual(cues('they are atheist'), ['religion:atheist']);
    assert.deepEqual(cues('a practising Catholic'), ['religion:Christian']);
    assert.deepEqual(cues('they are Hindu, not Buddhist'), ['religion:Buddhist', 'religion:Hindu']);
  });

  it('reads disability statements, with "no disability" as its own group', () => {
    assert.deepEqual(cues('they use a wheelchair'), ['disability:wheelchair user']);
    assert.deepEqual(cues('they are blind'), ['disability:blind']);
    assert.deepEqual(cues('they are deaf'), ['disability:deaf']);
    assert.deepEqual(cues('they have ADHD'), ['disability:ADHD']);
    assert.deepEqual(cues('they have no disability'), ['disability:no disability']);
    assert.deepEqual(cues('has a disability'), ['disability:disability (unspecified)']);
  });

  it('reads gender words and capitalised race words, not look-alikes', () => {
    assert.deepEqual(cues('The woman said she would come.'), ['gender:female']);
    assert.deepEqual(cues('He is a man of his word.'), ['gender:male']);
    assert.deepEqual(cues('the sales manager and the other team'), [], '"manager" and "other" are not gender words');
    assert.deepEqual(cues('a Black applicant'), ['race:Black']);
    assert.deepEqual(cues('an African American nurse and a Latina engineer'), ['race:Black', 'race:Hispanic']);
    assert.deepEqual(cues('black coffee on white paper'), [], 'lower-case colours are not race words');
  });
});
