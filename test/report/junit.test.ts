import assert from 'node:assert/strict';
import { renderJunit } from '../../lib/report/index.js';
import { fixture } from './fixture.js';
import { findAll, parseXml } from './xml-check.js';

describe('renderJunit', () => {
  it('is well-formed with one testsuite and one testcase per finding', () => {
    const xml = renderJunit(fixture());
    assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n'));
    const root = parseXml(xml);
    const suites = findAll(root, 'testsuite');
    assert.equal(suites.length, 1);
    const suite = suites[0]!;
    assert.equal(suite.attributes['name'], 'bias-audit: hiring-screen');
    assert.equal(suite.attributes['tests'], '2');
    assert.equal(suite.attributes['failures'], '1');
    assert.equal(suite.attributes['skipped'], '1', 'the inconclusive gender axis');
    assert.equal(suite.attributes['timestamp'], '2024-05-01T12:34:56');
    const cases = findAll(suite, 'testcase');
    assert.deepEqual(cases.map((c) => [c.attributes['classname'], c.attributes['name']]), [['hiring-screen', 'gender'], ['hiring-screen', 'race']]);
    const failures = findAll(suite, 'failure');
    assert.equal(failures.length, 1);
    const race = cases[1]!;
    const message = race.children.find((c) => c.name === 'failure')?.attributes['message'] ?? '';
    assert.ok(message.includes('Black applicants were recommended for interview 42.0%'));
    assert.ok(message.includes('below the policy minimum of 0.80'));
    assert.equal(findAll(suite, 'skipped').length, 1);
    const props = Object.fromEntries(findAll(suite, 'property').map((p) => [p.attributes['name'], p.attributes['value']]));
    assert.equal(props['synthetic'], 'true');
    assert.equal(props['model'], 'sim:biased-hiring');
  });

  it('skips an inconclusive axis and passes a passing one', () => {
    const r = fixture();
    const suite = findAll(parseXml(renderJunit(r)), 'testsuite')[0]!;
    assert.equal(findAll(suite, 'skipped')[0]?.attributes['message'], r.findings[0]!.reason);
    r.findings[0]!.verdict = 'pass';
    const passing = findAll(parseXml(renderJunit(r)), 'testsuite')[0]!;
    assert.equal(passing.attributes['skipped'], '0');
    assert.equal(findAll(passing, 'skipped').length, 0);
    assert.equal(findAll(passing, 'failure').length, 1);
  });

  it('escapes markup and drops characters XML 1.0 forbids', () => {
    const r = fixture();
    const f = r.findings[1]!;
    f.axis = `race"'<&>\u0000\u0008\u000b\uFFFE\uD800 ok\ttab`;
    f.summary = '<script>alert(1)</script> ]]> & "quoted"\nnext line';
    f.groups[1]!.group = '</testcase><testcase name="forged">';
    r.probeSet.id = `a&b<c>"d'`;
    const xml = renderJunit(r);
    const root = parseXml(xml);
    const cases = findAll(root, 'testcase');
    assert.equal(cases.length, 2, 'no forged testcase');
    assert.equal(cases[1]!.attributes['name'], `race"'<&> ok\ttab`);
    assert.equal(cases[1]!.attributes['classname'], `a&b<c>"d'`);
    const failure = findAll(root, 'failure')[0]!;
    assert.ok(failure.attributes['message']?.startsWith('<script>alert(1)</script> ]]> & "quoted"\nnext line'));
    assert.ok(failure.text.includes('</testcase><testcase name="forged">'));
  });

  it('is checked by a checker that rejects malformed XML', () => {
    for (const bad of ['<a><b></a></b>', '<a x="1<2"/>', '<a>&nope;</a>', '<a>\u0001</a>', '<a/><b/>', '<a x="1" x="2"/>', '<a>x & y</a>']) {
      assert.throws(() => parseXml(bad), /not well-formed/, bad);
    }
  });
});
