import { stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

import { UsageError } from '../errors.js';
import type { CompletionRequest, CompletionResponse, Provider } from '../types.js';
import { toProviderError } from './errors.js';

type CompleteFunction = (request: CompletionRequest) => unknown;

const EXPECTED =
  'a default or named `provider` export that is a provider object (with a `complete` method), ' +
  'a factory taking no arguments that returns one (sync or async), ' +
  'or a function (request) => string | { text } (sync or async)';

/**
 * Load a provider from a user's module (`module:<path>`), resolved against `cwd`.
 *
 * The module's default export, else its named export `provider`, may be:
 * - a provider object: anything with a `complete(request)` method;
 * - a factory: a function declaring no parameters, called once, returning (or resolving to) one;
 * - a complete function: a function declaring a parameter, `(request) => string | CompletionResponse`.
 * A function is told apart by its declared parameter count (`fn.length`), as nothing else can tell
 * a factory from a complete function without calling it.
 *
 * The provider's id is always `module:<path>`, the spec, whatever the module calls itself.
 * What `complete` returns is checked; what it throws becomes a ProviderError (retryable when the
 * error carries a retryable `status`, or `retryable: true`).
 * A .ts module needs a TypeScript loader in the process (`node --import tsx`).
 */
export async function loadModuleProvider(path: string, opts: { cwd: string }): Promise<Provider> {
  const file = isAbsolute(path) ? path : resolve(opts.cwd, path);
  const id = `module:${path}`;
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) {
    throw new UsageError(`module provider ${JSON.stringify(path)}: no such file ${file}`);
  }

  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new UsageError(`module provider ${JSON.stringify(path)}: cannot load ${file}: ${reason}`);
  }

  const exported = pickExport(mod);
  if (exported === undefined) {
    throw new UsageError(`module provider ${JSON.stringify(path)}: ${file} exports none of: ${EXPECTED}`);
  }
  if (isProvider(exported)) return wrap(id, exported.complete.bind(exported), exported.synthetic);
  if (typeof exported === 'function' && exported.length > 0) return wrap(id, exported as CompleteFunction, undefined);

  // A factory: a function of no parameters.
  let made: unknown;
  try {
    made = await (exported as () => unknown)();
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new UsageError(`module provider ${JSON.stringify(path)}: its factory failed: ${reason}`);
  }
  if (!isProvider(made)) {
    throw new UsageError(
      `module provider ${JSON.stringify(path)}: its factory returned ${describe(made)}, expected an object with a complete(request) method ` +
        '(a complete function must declare its request parameter)',
    );
  }
  return wrap(id, made.complete.bind(made), made.synthetic);
}

/** default first, then `provider`; for CommonJS (`module.exports = { provider }`) also default.provider. */
function pickExport(mod: Record<string, unknown>): unknown {
  const fallback = mod.default;
  const nested = typeof fallback === 'object' && fallback !== null ? (fallback as Record<string, unknown>).provider : undefined;
  for (const candidate of [mod.default, mod.provider, nested]) {
    if (isProvider(candidate) || typeof candidate === 'function') return candidate;
  }
  return undefined;
}

function isProvider(value: unknown): value is { complete: CompleteFunction; synthetic?: boolean } {
  return typeof value === 'object' && value !== null && typeof (value as { complete?: unknown }).complete === 'function';
}

function wrap(id: string, complete: CompleteFunction, synthetic: unknown): Provider {
  return {
    id,
    ...(synthetic === true ? { synthetic: true } : {}),
    async complete(request: CompletionRequest): Promise<CompletionResponse> {
      let result: unknown;
      try {
        result = await complete(request);
      } catch (err) {
        throw toProviderError(err, id);
      }
      return toResponse(id, result);
    },
  };
}

function toResponse(id: string, result: unknown): CompletionResponse {
  if (typeof result === 'string') return { text: result };
  if (typeof result === 'object' && result !== null && typeof (result as { text?: unknown }).text === 'string') {
    return result as CompletionResponse;
  }
  throw toProviderError(new Error(`returned ${describe(result)}, expected a string or { text: string }`), id);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : typeof value;
}
