/**
 * Finds the bias-audit package root (the folder whose package.json is named "bias-audit") by
 * walking up from this module, so `sim` finds probes/attributes/ both from lib/ (tsx) and dist/.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function simPackageRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && readName(manifest) === 'bias-audit') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json named "bias-audit" above ${from}`);
    dir = parent;
  }
}

function readName(manifest: string): unknown {
  try {
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name;
  } catch {
    return undefined;
  }
}
