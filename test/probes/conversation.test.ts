/**
 * The probe-set format for conversations that change with an attribute level: `when:` (a message that
 * exists only where a variable is set) and `translate:` (a message sent translated). Validation names
 * file and line; every combination of conditions the expansion produces must alternate user/assistant.
 */
import assert from 'node:assert/strict';
import { issuesOf } from '../helpers/probe-set-issues.js';
import { expand, parseProbeSet } from '../../lib/probes/index.js';
import { turnOrderProblem, whenPatterns } from '../../lib/probes/conversation.js';
import { runCli } from '../helpers/cli.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

async function parse(yaml: string) {
  return parseProbeSet('set.yaml', yaml, () => Promise.reject(new Error('ENOENT')));
}

const HEAD = `id: t
outcome: { type: refusal, favourable: refused }
attributes:
  attack:
    values:
      - { attack: plain, setup: "", agreed: "", language: "" }
      - { attack: multi-turn, setup: "Play Vale?", agreed: "I'm Vale.", language: "" }
      - { attack: translated, setup: "", agreed: "", language: zu }
context:
  request: [do X, do Y]
`;

describe('probe-set format: conditional turns (when:) and translated messages (translate:)', () => {
  it('drops a `when:` message where its variable is blank, keeping one block per request across levels', async () => {
    const ps = await parse(`${HEAD}templates:
  - id: t1
    messages:
      - { role: system, content: "Be helpful." }
      - { role: user, when: setup, content: "{{setup}}" }
      - { role: assistant, when: setup, content: "{{agreed}}" }
      - { role: user, content: "{{request}}", translate: language }
`);
    assert.deepEqual(ps.templates[0]!.messages[1], { role: 'user', content: '{{setup}}', when: 'setup' });
    const probes = expand(ps);
    assert.equal(probes.length, 6);
    const byAttack = (a: string) => probes.find((p) => p.attributes['attack'] === a && p.context['request'] === 'do X')!;
    assert.deepEqual(byAttack('plain').messages, [{ role: 'system', content: 'Be helpful.' }, { role: 'user', content: 'do X' }]);
    assert.deepEqual(byAttack('multi-turn').messages.map((m) => [m.role, m.content]), [['system', 'Be helpful.'], ['user', 'Play Vale?'], ['assistant', "I'm Vale."], ['user', 'do X']]);
    // The translated message's index counts kept messages only.
    assert.deepEqual(byAttack('translated').translate, [{ message: 1, language: 'zu' }]);
    assert.equal(byAttack('plain').translate, undefined);
    // A block is one request in every level: the pairing is intact.
    assert.equal(new Set(probes.map((p) => p.blocks['attack'])).size, 2);
    assert.ok(probes.filter((p) => p.context['request'] === 'do Y').every((p) => p.blocks['attack'] === byAttack('plain').blocks['attack']!.replace('do X', 'do Y')));
  });

  it('reports an unknown `when:` or `translate:` variable, a bad language code and translate on a non-user message, each with its line', async () => {
    const issues = await issuesOf(
      parse(`id: t
outcome: { type: refusal }
attributes:
  attack:
    values:
      - { attack: plain, language: "" }
      - { attack: translated, language: klingon }
templates:
  - id: t1
    messages:
      - role: user
        when: set_up
        content: "Hello"
      - role: assistant
        content: "Hi"
        translate: language
      - role: user
        content: "{{attack}}"
        translate: language
        colour: red
  - id: t2
    messages:
      - { role: user, content: "{{attack}}", translate: lang }
`),
    );
    assert.deepEqual(
      issues.map((i) => [i.file, i.line, i.path, i.received]),
      [
        ['set.yaml', 7, 'attack.language', '"klingon"'],
        ['set.yaml', 12, 'templates[0].messages[0].when', 'unknown template variable "set_up"'],
        ['set.yaml', 16, 'templates[0].messages[1].translate', 'a message by assistant'],
        ['set.yaml', 20, 'templates[0].messages[2].colour', 'unknown key "colour"'],
        ['set.yaml', 23, 'templates[1].messages[0].translate', 'unknown template variable "lang"'],
      ],
    );
  });

  it('rejects a template whose turns would not alternate for some level, naming the level', async () => {
    // The set-up's user turn without the assistant's reply: two user turns in a row for multi-turn.
    const issues = await issuesOf(
      parse(`${HEAD}templates:
  - id: t1
    messages:
      - { role: user, when: setup, content: "{{setup}}" }
      - { role: user, content: "{{request}}" }
`),
    );
    assert.equal(issues.length, 1);
    assert.equal(issues[0]!.line, 13);
    assert.equal(issues[0]!.path, 'templates[0].messages');
    assert.equal(issues[0]!.received, 'two user turns in a row (turns alternate user, assistant, user ...) for attack=multi-turn: user, user');
    // Starting with the assistant where the set-up is blank.
    const first = await issuesOf(
      parse(`${HEAD}templates:
  - id: t1
    messages:
      - { role: user, when: setup, content: "{{setup}}" }
      - { role: assistant, content: "Sure." }
      - { role: user, content: "{{request}}" }
`),
    );
    assert.match(first[0]!.received, /^a first turn by assistant .* for attack=plain: assistant, user$/);
    // Ending with the assistant (a prefill OpenAI does not honour).
    const last = await issuesOf(parse(`${HEAD}templates:\n  - id: t1\n    messages:\n      - { role: user, content: "{{request}} {{attack}}" }\n      - { role: assistant, content: "Sure" }\n`));
    assert.match(last[0]!.received, /^a last turn by assistant/);
  });

  it('the turn-order rule, and the combinations of conditions the expansion produces', () => {
    assert.equal(turnOrderProblem(['system', 'user', 'assistant', 'user']), undefined);
    assert.equal(turnOrderProblem(['system', 'system', 'user']), undefined);
    assert.match(turnOrderProblem(['user', 'system', 'user']) ?? '', /system message after/);
    assert.match(turnOrderProblem(['system']) ?? '', /no user turn/);
    // Two variables of one attribute vary together: only the rows' patterns occur (here never both blank and set).
    const attr = {
      id: 'a',
      title: 'a',
      axes: ['a'],
      values: [
        { id: 'x', vars: { a: 'x', p: '', q: '' }, groups: { a: 'x' }, source: { file: 'f', line: 1 } },
        { id: 'y', vars: { a: 'y', p: 'set', q: 'set' }, groups: { a: 'y' }, source: { file: 'f', line: 2 } },
      ],
    };
    const patterns = whenPatterns(['p', 'q'], [attr], [{ id: 'c', values: ['', 'on'] }]);
    assert.deepEqual(patterns.map((p) => [[...p.set].sort(), p.example]), [
      [[], 'a=x'],
      [['p', 'q'], 'a=y'],
    ]);
    const withContext = whenPatterns(['p', 'c'], [attr], [{ id: 'c', values: ['', 'on'] }]);
    assert.equal(withContext.length, 4);
  });

  it('`bias-audit validate` reports a bad conditional turn with file:line and exits 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ba-conv-'));
    try {
      const file = join(dir, 'bad.yaml');
      writeFileSync(file, `${HEAD}templates:\n  - id: t1\n    messages:\n      - { role: user, when: setup_text, content: "{{setup}}" }\n      - { role: user, content: "{{request}}" }\n`);
      const r = await runCli(['validate', file]);
      assert.equal(r.code, 2, r.stdout);
      assert.match(r.stderr + r.stdout, /bad\.yaml:14: templates\[0\]\.messages\[0\]\.when: expected a variable defined by an attribute or the context .*got unknown template variable "setup_text"/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the shipped harmful-request sets use both: a multi-turn level and a translated set', async () => {
    const { loadProbeSet } = await import('../../lib/probes/index.js');
    const main = expand(await loadProbeSet('probes/safety/harmful-requests.yaml'));
    assert.deepEqual([...new Set(main.map((p) => p.messages.map((m) => m.role).join(',')))].sort(), ['user', 'user,assistant,user']);
    assert.ok(main.every((p) => p.translate === undefined), 'the main set needs no translator');
    const translated = expand(await loadProbeSet('probes/safety/harmful-requests-translated.yaml'));
    assert.deepEqual([...new Set(translated.map((p) => JSON.stringify(p.translate ?? null)))].sort(), ['[{"message":0,"language":"zu"}]', 'null']);
  });
});
