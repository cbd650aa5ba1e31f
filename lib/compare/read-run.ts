import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputFileError, UsageError } from '../errors.js';
import type { AuditResults } from '../types.js';

/**
 * results.json of a run directory, checked enough to compare: a directory, holding a manifest and
 * results of schema version 1. Anything else is bad input (exit 2), named with its path.
 */
export async function readRunResults(dir: string): Promise<AuditResults> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`${dir} is not a run directory: no such directory`);
  if (!existsSync(join(dir, 'manifest.json'))) throw new UsageError(`${dir} is not a run directory: it has no manifest.json`);
  const file = join(dir, 'results.json');
  if (!existsSync(file)) throw new UsageError(`${dir} has no results.json: the run did not finish; finish it with bias-audit run --resume ${dir}, or rebuild it with bias-audit report ${dir}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new InputFileError(file, 0, `expected JSON: ${(err as Error).message}`);
  }
  const r = parsed as Partial<AuditResults> | null;
  if (r === null || typeof r !== 'object' || r.schemaVersion !== 1) {
    throw new InputFileError(file, 0, `expected bias-audit results with schemaVersion 1, got ${r && typeof r === 'object' ? String(r.schemaVersion) : typeof r}`);
  }
  if (!Array.isArray(r.findings) || !r.manifest?.probeSet || !r.manifest.model || !r.manifest.policy || !r.outcome || !r.probeSet) {
    throw new InputFileError(file, 0, 'expected bias-audit results (findings, manifest, outcome, probeSet); see schema/results.schema.json');
  }
  return r as AuditResults;
}
