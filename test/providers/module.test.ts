import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

import { ProviderError, UsageError } from '../../lib/errors.js';
import { loadModuleProvider } from '../../lib/providers/module.js';
import type { CompletionRequest } from '../../lib/types.js';
import { rejection } from './checks.js';

const here = dirname(fileURLToPath(import.meta.url));
const cwd = join(here, 'fixtures');
const ask = (content: string, extra: Partial<CompletionRequest> = {}): CompletionRequest => ({
  messages: [{ role: 'user', content }],
  parameters: {},
  ...extra,
});

describe('providers/module loadModuleProvider', () => {
  it('accepts a provider object as the default export, with the spec as id', async () => {
    const p = await loadModuleProvider('./object-provider.mjs', { cwd });
    assert.equal(p.id, 'module:./object-provider.mjs');
    assert.equal(p.synthetic, true);
    assert.deepEqual(await p.complete(ask('hi')), {
      text: 'object:hi',
      model: 'house-model',
      usage: { inputTokens: 1, outputTokens: 2 },
    });
  });

  it('accepts an async factory from a .ts module', async () => {
    const p = await loadModuleProvider('factory-provider.ts', { cwd });
    assert.equal(p.id, 'module:factory-provider.ts');
    assert.equal(p.synthetic, undefined);
    assert.deepEqual(await p.complete(ask('x', { parameters: { temperature: 0.5 } })), { text: 'factory:0.5' });
  });

  it('accepts a sync factory whose complete returns a string', async () => {
    const p = await loadModuleProvider('sync-factory.mjs', { cwd });
    assert.deepEqual(await p.complete(ask('x')), { text: 'sync' });
  });

  it('accepts a plain complete function as the named `provider` export', async () => {
    const p = await loadModuleProvider('function-provider.js', { cwd });
    assert.deepEqual(await p.complete(ask('x')), { text: 'function:1' });
  });

  it('accepts CommonJS module.exports = { provider }', async () => {
    const p = await loadModuleProvider('commonjs-provider.cjs', { cwd });
    assert.deepEqual(await p.complete(ask('x', { sampleIndex: 3 })), { text: 'cjs:3' });
  });

  it('accepts an absolute path whatever the cwd', async () => {
    const p = await loadModuleProvider(join(cwd, 'function-provider.js'), { cwd: '/' });
    assert.deepEqual(await p.complete(ask('x')), { text: 'function:1' });
  });

  it('names the path when the file is missing', async () => {
    const err = await rejection(loadModuleProvider('./nope.mjs', { cwd }));
    assert.ok(err instanceof UsageError);
    assert.match(err.message, /"\.\/nope\.mjs": no such file .*fixtures\/nope\.mjs/);
  });

  it('names the path and lists the accepted exports when there is no provider', async () => {
    const err = await rejection(loadModuleProvider('no-provider.mjs', { cwd }));
    assert.ok(err instanceof UsageError);
    assert.match(err.message, /no-provider\.mjs.*exports none of: .*`provider`.*complete/);
  });

  it('says what a factory returned when it is not a provider', async () => {
    const err = await rejection(loadModuleProvider('bad-factory.mjs', { cwd }));
    assert.ok(err instanceof UsageError);
    assert.match(err.message, /bad-factory\.mjs.*factory returned string/);
  });

  it('names the path when the module cannot be loaded', async () => {
    const err = await rejection(loadModuleProvider('syntax-error.mjs', { cwd }));
    assert.ok(err instanceof UsageError);
    assert.match(err.message, /syntax-error\.mjs.*cannot load/);
  });

  it("maps what complete throws or returns to ProviderError", async () => {
    const p = await loadModuleProvider('throwing-provider.mjs', { cwd });
    const limited = await rejection(p.complete(ask('rate-limit')));
    assert.ok(limited instanceof ProviderError);
    assert.equal(limited.retryable, true);
    assert.equal(limited.status, 429);
    assert.equal(limited.provider, 'module:throwing-provider.mjs');

    const aborted = await rejection(p.complete(ask('abort')));
    assert.ok(aborted instanceof ProviderError);
    assert.equal(aborted.message, 'aborted');

    const broken = await rejection(p.complete(ask('other')));
    assert.ok(broken instanceof ProviderError);
    assert.equal(broken.retryable, false);
    assert.match(broken.message, /broken model/);

    const garbage = await rejection(p.complete(ask('garbage')));
    assert.ok(garbage instanceof ProviderError);
    assert.match(garbage.message, /returned number, expected a string or \{ text: string \}/);
  });
});
