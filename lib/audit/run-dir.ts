import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputFileError, UsageError } from '../errors.js';
import type { ProbeSet, RunManifest } from '../types.js';

/** The files of a run directory (DESIGN.md: everything needed to regenerate the report). */
export const RUN_FILES = {
  manifest: 'manifest.json',
  probeSet: 'probe-set.json',
  journal: 'responses.jsonl',
} as const;

/** `reports/<probe-set>-<model>-<timestamp>`, with the model spec made safe for a file name. */
export function defaultRunDir(reportsDir: string, probeSetId: string, modelSpec: string, now: Date): string {
  const model = modelSpec.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 60);
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return join(reportsDir, `${probeSetId}-${model}-${stamp}`);
}

export async function writeRunDir(dir: string, manifest: RunManifest, probeSet: ProbeSet): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, RUN_FILES.manifest), `${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
  await writeFile(join(dir, RUN_FILES.probeSet), `${JSON.stringify(probeSet, null, 2)}\n`, 'utf8');
}

export interface ExistingRun {
  manifest: RunManifest;
  probeSet: ProbeSet;
}

/** The manifest and resolved probe set of an earlier run, or undefined when `dir` holds no run. */
export async function readRunDir(dir: string): Promise<ExistingRun | undefined> {
  const mf = join(dir, RUN_FILES.manifest);
  if (!existsSync(mf)) return undefined;
  const manifest = await readJson<RunManifest>(mf);
  const ps = join(dir, RUN_FILES.probeSet);
  if (!existsSync(ps)) throw new InputFileError(ps, 0, 'expected the resolved probe set of this run (the run directory is incomplete)');
  const probeSet = await readJson<ProbeSet>(ps);
  if (!manifest?.probeSet?.id || !manifest.model?.spec || typeof manifest.seed !== 'number') {
    throw new InputFileError(mf, 0, 'expected a bias-audit run manifest (probeSet.id, model.spec, seed)');
  }
  return { manifest, probeSet };
}

export async function requireRunDir(dir: string): Promise<ExistingRun> {
  const run = await readRunDir(dir);
  if (!run) throw new UsageError(`${dir} is not a run directory: it has no ${RUN_FILES.manifest}`);
  return run;
}

async function readJson<T>(file: string): Promise<T> {
  const text = await readFile(file, 'utf8');
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    const m = /position (\d+)/.exec((err as Error).message);
    const line = m ? text.slice(0, Number(m[1])).split('\n').length : 0;
    throw new InputFileError(file, line, `expected JSON: ${(err as Error).message}`);
  }
}
