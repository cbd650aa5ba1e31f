import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { renderFindingsCsv } from '../../lib/report/index.js';
import { FINDINGS_CSV_COLUMNS, cell } from '../../lib/report/csv.js';
import { fixture } from './fixture.js';

function records(csv: string): Record<string, string>[] {
  return parse(csv, { columns: true, record_delimiter: '\r\n' }) as Record<string, string>[];
}

describe('renderFindingsCsv', () => {
  it('has a header and one CRLF-terminated row per finding and group', () => {
    const r = fixture();
    const csv = renderFindingsCsv(r);
    assert.ok(csv.endsWith('\r\n'));
    assert.equal(csv.split('\r\n')[0], FINDINGS_CSV_COLUMNS.join(','));
    const rows = records(csv);
    assert.equal(rows.length, r.findings.reduce((n, f) => n + f.groups.length, 0));
    const black = rows.find((x) => x['axis'] === 'race' && x['group'] === 'Black');
    assert.ok(black);
    assert.equal(black['value'], '0.420382');
    assert.equal(black['impact_ratio'], '0.664204');
    assert.equal(black['p_adjusted'], '8.6e-9');
    assert.equal(black['pairwise_p_adjusted'], '9.6e-7');
    assert.equal(black['difference'], '-0.212529', 'a negative number stays a number');
    assert.equal(black['is_reference'], 'false');
    assert.equal(black['verdict'], 'fail');
    assert.match(black['statement'] ?? '', /^Applicants with full names associated with Black people got “yes” 21 points less often/);
    const white = rows.find((x) => x['axis'] === 'race' && x['group'] === 'White');
    assert.equal(white?.['is_reference'], 'true');
    assert.equal(white?.['pairwise_test'], '', 'the reference has no pairwise comparison');
    assert.equal(rows.find((x) => x['axis'] === 'gender')?.['df'], '', 'an absent df is an empty cell');
  });

  it('quotes per RFC 4180 and round-trips commas, quotes and line breaks', () => {
    const r = fixture();
    r.findings[1]!.groups[1]!.group = 'Black, "African American"\r\nsecond line';
    const rows = records(renderFindingsCsv(r));
    assert.ok(rows.some((x) => x['group'] === 'Black, "African American"\r\nsecond line'));
    assert.equal(cell('a,b'), '"a,b"');
    assert.equal(cell('say "hi"'), '"say ""hi"""');
    assert.equal(cell('x\ny'), '"x\ny"');
    assert.equal(cell(Number.NaN), '');
    assert.equal(cell(undefined), '');
  });

  it('makes cells that a spreadsheet would run as a formula inert', () => {
    for (const [input, output] of [
      ['=HYPERLINK("http://evil.example","x")', `"'=HYPERLINK(""http://evil.example"",""x"")"`],
      ['+1+cmd|/C calc', "'+1+cmd|/C calc"],
      ['-2+3', "'-2+3"],
      ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
      ['\t=1', "'\t=1"],
      ['\r=1', `"'\r=1"`],
      ['White', 'White'],
    ] as const) {
      assert.equal(cell(input), output, JSON.stringify(input));
    }
    const r = fixture();
    r.findings[1]!.groups[1]!.group = '=cmd|"/C calc"!A0';
    r.manifest.model.spec = '@evil';
    const rows = records(renderFindingsCsv(r));
    assert.ok(rows.some((x) => x['group'] === `'=cmd|"/C calc"!A0`));
    for (const row of rows) {
      for (const [column, value] of Object.entries(row)) {
        const numeric = /^-?\d/.test(value) && Number.isFinite(Number(value));
        if (!numeric) assert.doesNotMatch(value, /^[=+\-@\t\r]/, `${column}: ${value}`);
      }
    }
  });
});
