import assert from 'node:assert/strict';
import { ProbeSetError, type ProbeSetIssue } from '../../lib/errors.js';

/** The issues of the ProbeSetError a promise rejects with; fails the test if it resolves or throws otherwise. */
export async function issuesOf(p: Promise<unknown>): Promise<ProbeSetIssue[]> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof ProbeSetError, String(e));
    return [...e.issues];
  }
  assert.fail('expected a ProbeSetError');
}
