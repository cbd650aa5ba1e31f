import assert from 'node:assert/strict';
import { promptsCorrespond, swapReply, type Substitution } from '../../lib/export/index.js';

const toLakisha: Substitution[] = [{ variable: 'name', from: 'Emily', to: 'Lakisha' }];
// White woman favoured, Black man disfavoured: "her" is both object and possessive, so it maps to two words.
const womanToMan: Substitution[] = [
  { variable: 'name', from: 'Emily', to: 'Jamal' },
  { variable: 'subject', from: 'she', to: 'he' },
  { variable: 'object', from: 'her', to: 'him' },
  { variable: 'possessive', from: 'her', to: 'his' },
];
const manToWoman: Substitution[] = [
  { variable: 'name', from: 'Greg', to: 'Emily' },
  { variable: 'subject', from: 'he', to: 'she' },
  { variable: 'object', from: 'him', to: 'her' },
  { variable: 'possessive', from: 'his', to: 'her' },
];

describe('export: re-addressing a reply by substitution', () => {
  it('swaps whole words only, keeping the capitalisation the reply used', () => {
    const r = swapReply('Yes. EMILY is great; emily and Emily\'s references agree. Emilyann is someone else.', toLakisha);
    assert.deepEqual(r, { ok: true, text: "Yes. LAKISHA is great; lakisha and Lakisha's references agree. Emilyann is someone else." });
    assert.deepEqual(swapReply('He is ready; invite him, his references are strong. Greg!', manToWoman), {
      ok: true,
      text: 'She is ready; invite her, her references are strong. Emily!',
    });
  });

  it('refuses a value that maps to two values (her -> him or his)', () => {
    const r = swapReply('Yes, invite Emily: her references are strong.', womanToMan);
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.reason, 'ambiguous');
    // Without the ambiguous word the same swap is safe.
    assert.deepEqual(swapReply('Yes. She is a strong fit: invite Emily.', womanToMan), { ok: true, text: 'Yes. He is a strong fit: invite Jamal.' });
  });

  it('refuses a casing the template never writes', () => {
    const r = swapReply('Invite eMILY.', toLakisha);
    assert.equal(!r.ok && r.reason, 'casing');
  });

  it('matches numbers as whole numbers, not inside 52,000 or 4.52', () => {
    const age: Substitution[] = [{ variable: 'age', from: '52', to: '67' }];
    assert.deepEqual(swapReply('At 52, offer 52,000 (4.52%).', age), { ok: true, text: 'At 67, offer 52,000 (4.52%).' });
  });

  it('refuses a target that still names the favoured group', () => {
    const r = swapReply('Yes, a White applicant like Emily fits.', toLakisha, ['White']);
    assert.equal(!r.ok && r.reason, 'names-favoured');
    assert.match(!r.ok ? r.detail : '', /"White"/);
    // A group label inside a longer word is not a mention ("whitelist").
    assert.equal(swapReply('Emily is on the whitelist.', toLakisha, ['White']).ok, true);
  });

  it('refuses a swap whose target would hold a favoured value (Ann inside Mary Ann)', () => {
    const r = swapReply('Invite Ann.', [{ variable: 'name', from: 'Ann', to: 'Mary Ann' }]);
    assert.equal(!r.ok && r.reason, 'names-favoured');
  });

  it('checks that the prompts differ only by the values', () => {
    const fav = 'Emily has worked for 4 years. She can start. Her references describe her well.';
    const dis = 'Jamal has worked for 4 years. He can start. His references describe him well.';
    assert.equal(promptsCorrespond(fav, dis, womanToMan), true);
    assert.equal(promptsCorrespond('Greg can start; his references describe him.', 'Emily can start; her references describe her.', manToWoman), true);
    // The favoured age also sits in the fixed wording: substitution would change it too.
    const age: Substitution[] = [{ variable: 'age', from: '35', to: '65' }];
    assert.equal(promptsCorrespond('Age 35, 35 hours a week.', 'Age 65, 35 hours a week.', age), false);
    assert.equal(promptsCorrespond('Age 35, 40 hours a week.', 'Age 65, 40 hours a week.', age), true);
    // A template helper (base64) hid the value: nothing to substitute, and the prompts differ.
    assert.equal(promptsCorrespond('RW1pbHk=', 'TGFraXNoYQ==', toLakisha), false);
  });
});
