import assert from 'node:assert/strict';
import { InputFileError } from '../../lib/errors.js';
import { inertText, parseCsv, toCsv } from '../../lib/review/index.js';

describe('review: CSV', () => {
  it('round-trips quotes, commas and newlines, and gives the line each record starts on', () => {
    const text = toCsv(['a', 'b'], [['say "hi", then', 'two\nlines'], ['x', 1]]);
    const recs = parseCsv(text, 'f.csv');
    assert.deepEqual(recs, [
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['say "hi", then', 'two\nlines'] },
      { line: 4, cells: ['x', '1'] },
    ]);
  });

  it('skips blank lines and a BOM, and reports an unclosed quote with file:line', () => {
    assert.deepEqual(parseCsv('\ufeffa,b\n\n1,2\n', 'f.csv'), [
      { line: 1, cells: ['a', 'b'] },
      { line: 3, cells: ['1', '2'] },
    ]);
    assert.throws(() => parseCsv('a,b\n1,"open\n', 'f.csv'), (e: unknown) => e instanceof InputFileError && /^f\.csv:2: /.test(e.message));
  });

  it('makes model text inert in spreadsheets', () => {
    assert.equal(inertText('=HYPERLINK("http://x")'), `'=HYPERLINK("http://x")`);
    assert.equal(inertText('Yes.'), 'Yes.');
  });
});
