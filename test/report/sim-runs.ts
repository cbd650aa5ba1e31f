import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { audit, type AuditResult } from '../../lib/index.js';
import { ROOT } from '../helpers/cli.js';

/**
 * Real audits of the built-in probe sets against `sim`, run once per test process and shared by
 * the schema, browser, compare and assertion tests (each takes a few seconds; the machine is small).
 * Directories are removed when the process exits.
 */
const runs = new Map<string, Promise<AuditResult>>();
let base: string | undefined;

export function simRun(probeSet: 'hiring-screen' | 'loan-approval' | 'salary-offer', profile: string, seed = 1): Promise<AuditResult> {
  const key = `${probeSet}|${profile}|${seed}`;
  let run = runs.get(key);
  if (!run) {
    if (base === undefined) {
      const dir = mkdtempSync(join(tmpdir(), 'ba-sim-runs-'));
      base = dir;
      process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
    }
    run = audit({
      probeSet: join(ROOT, 'probes', `${probeSet}.yaml`),
      model: `sim:${profile}`,
      seed,
      cwd: ROOT,
      outDir: join(base, `${probeSet}-${profile.replace(/[^A-Za-z0-9]+/g, '_')}-${seed}`),
      command: `bias-audit run probes/${probeSet}.yaml --model sim:${profile} --seed ${seed}`,
    });
    runs.set(key, run);
  }
  return run;
}
