import assert from 'node:assert/strict';

import { UsageError } from '../../lib/errors.js';
import { parseModelSpec } from '../../lib/providers/spec.js';

describe('providers/spec parseModelSpec', () => {
  it('reads every kind', () => {
    assert.deepEqual(parseModelSpec('sim:biased-hiring'), { kind: 'sim', model: 'biased-hiring' });
    assert.deepEqual(parseModelSpec('openai:gpt-4o-mini'), { kind: 'openai', model: 'gpt-4o-mini' });
    assert.deepEqual(parseModelSpec('anthropic:claude-test-1'), { kind: 'anthropic', model: 'claude-test-1' });
    assert.deepEqual(parseModelSpec('openai-compatible:llama3.1'), { kind: 'openai-compatible', model: 'llama3.1' });
    assert.deepEqual(parseModelSpec('module:./my-model.mjs'), { kind: 'module', model: './my-model.mjs' });
  });

  it('splits at the first colon only, so model names keep theirs', () => {
    assert.deepEqual(parseModelSpec('openai-compatible:llama3.1:8b'), { kind: 'openai-compatible', model: 'llama3.1:8b' });
    assert.deepEqual(parseModelSpec('module:C:\\models\\m.mjs'), { kind: 'module', model: 'C:\\models\\m.mjs' });
  });

  it('ignores surrounding whitespace', () => {
    assert.deepEqual(parseModelSpec('  openai:gpt-4o '), { kind: 'openai', model: 'gpt-4o' });
  });

  it('rejects an unknown kind, listing the valid forms', () => {
    for (const spec of ['gpt-4o', 'azure:gpt-4o', '', 'OpenAI:gpt-4o']) {
      assert.throws(
        () => parseModelSpec(spec),
        (err: unknown) =>
          err instanceof UsageError &&
          err.message.includes(JSON.stringify(spec)) &&
          ['sim:<profile>', 'openai:<model>', 'anthropic:<model>', 'openai-compatible:<model>', 'module:<path'].every((f) =>
            err.message.includes(f),
          ),
        spec,
      );
    }
  });

  it('rejects a spec without a model', () => {
    assert.throws(() => parseModelSpec('openai:'), /names no model/);
    assert.throws(() => parseModelSpec('sim'), /names no profile/);
    assert.throws(() => parseModelSpec('module: '), /names no path/);
  });
});
