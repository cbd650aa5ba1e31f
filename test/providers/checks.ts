import assert from 'node:assert/strict';
import { inspect } from 'node:util';

/**
 * Everything a person or a log could ever print of an error: message, stack, own properties and
 * the whole cause chain with hidden properties (response headers, parsed bodies).
 */
export function assertNoSecret(err: unknown, secret: string): void {
  assert.ok(err instanceof Error, 'expected an Error');
  assert.ok(!err.message.includes(secret), `message leaks the key: ${err.message}`);
  assert.ok(!(err.stack ?? '').includes(secret), 'stack leaks the key');
  const printed = inspect(err, { depth: Infinity, showHidden: true, getters: true });
  assert.ok(!printed.includes(secret), `inspect() leaks the key:\n${printed}`);
  const own = JSON.stringify(Object.fromEntries(Object.getOwnPropertyNames(err).map((k) => [k, String((err as never)[k])])));
  assert.ok(!own.includes(secret), `a property leaks the key: ${own}`);
}

/** Resolve once `condition` holds; polls the event loop, for server-side events a test cannot await. */
export async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

/** The rejection of `promise`, failing the test when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  assert.fail('expected the call to fail');
}
