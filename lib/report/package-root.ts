import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'bias-audit';

/**
 * The directory of bias-audit's own package.json, found by walking up from this module.
 * Works from `lib/report/` under tsx and from `dist/report/` after a build, and inside
 * node_modules when installed, so `templates/` can be found without relying on the cwd.
 */
export function packageRoot(): string {
  const start = dirname(fileURLToPath(import.meta.url));
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && readName(manifest) === PACKAGE_NAME) return dir;
    if (dirname(dir) === dir) break;
  }
  // An installation problem, not bad user input: let the CLI print a stack.
  throw new Error(`bias-audit: no package.json named "${PACKAGE_NAME}" above ${start}; is the package installed whole?`);
}

function readName(file: string): unknown {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return typeof parsed === 'object' && parsed !== null ? (parsed as { name?: unknown }).name : undefined;
  } catch {
    return undefined;
  }
}
