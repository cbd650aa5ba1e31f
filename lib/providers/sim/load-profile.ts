/**
 * Resolves a `sim` profile argument: a built-in name (`fair`, `biased`) or a path to a YAML or JSON
 * profile file, resolved against `cwd`. A leading `sim:` is accepted, so `sim:biased` works too.
 */
import { readFile } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import { LineCounter, parseDocument, isNode } from 'yaml';
import { InputFileError, UsageError } from '../../errors.js';
import type { SimProfile } from './profile.js';
import { BUILT_IN_PROFILES, builtInSimProfileNames } from './profiles.js';
import { validateSimProfile, type ProfileIssue } from './validate-profile.js';

const FILE_HINT = 'a YAML or JSON sim profile (see docs/sim.md)';

export async function loadSimProfile(profile: string, cwd: string): Promise<SimProfile> {
  const arg = profile.startsWith('sim:') ? profile.slice(4) : profile;
  const builtIn = BUILT_IN_PROFILES[arg];
  if (builtIn) return structuredClone(builtIn);
  if (arg.trim() === '') {
    throw new UsageError(`sim profile: expected one of ${builtInSimProfileNames.join(', ')} or a path to ${FILE_HINT}, got an empty string`);
  }

  const file = resolve(cwd, arg);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !looksLikePath(arg)) {
      throw new UsageError(`unknown sim profile "${arg}": expected one of ${builtInSimProfileNames.join(', ')} or a path to ${FILE_HINT}`);
    }
    throw new InputFileError(file, 0, `cannot read the sim profile (${code ?? (err as Error).message}); expected ${FILE_HINT}`);
  }

  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const syntax = doc.errors[0];
  if (syntax) {
    const line = lines.linePos(syntax.pos[0]).line;
    throw new InputFileError(file, line, `expected ${FILE_HINT}, got invalid ${extname(file) === '.json' ? 'JSON' : 'YAML'}: ${syntax.message.split('\n')[0]}`);
  }

  const fallbackName = basename(file, extname(file));
  const defaults = BUILT_IN_PROFILES['fair'];
  if (!defaults) throw new Error('built-in profile "fair" is missing');
  const checked = validateSimProfile(doc.toJS(), defaults, fallbackName);
  if ('issues' in checked) {
    const lineOf = (i: ProfileIssue): number => {
      // The deepest node that exists on the issue's path.
      for (let n = i.path.length; n >= 0; n--) {
        const node = n === 0 ? doc.contents : doc.getIn(i.path.slice(0, n), true);
        if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
      }
      return 0;
    };
    const describe = (i: ProfileIssue): string => `${i.path.length ? formatPath(i.path) : '(document)'}: expected ${i.expected}, got ${i.received}`;
    // In reading order: the first issue is the error's line, the others follow as file:line lines.
    const [first, ...rest] = checked.issues.map((i) => ({ line: lineOf(i), text: describe(i) })).sort((a, b) => a.line - b.line);
    const more = rest.map((i) => `\n${file}:${i.line}: ${i.text}`).join('');
    throw new InputFileError(file, first?.line ?? 0, (first?.text ?? '') + more);
  }
  return checked.profile;
}

function looksLikePath(arg: string): boolean {
  return /[\\/]/.test(arg) || /\.(ya?ml|json)$/i.test(arg);
}

function formatPath(path: (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}
