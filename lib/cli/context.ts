import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { packageRoot } from '../index.js';

export interface CliIO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Whether stderr is a terminal (progress bar) or a pipe/CI log (plain lines). */
  isTTY: boolean;
  /** Aborted on SIGINT by bin/bias-audit: the run stops cleanly and says how to resume. */
  signal?: AbortSignal;
}

/** What every command gets: the process's streams and environment, and a way to set the exit code. */
export interface CliContext {
  io: CliIO;
  /** A line to stdout (results, verdicts: what a script reads). */
  out(s: string): void;
  /** A line to stderr (progress, notes, errors). */
  err(s: string): void;
  setCode(code: number): void;
}

/** A probe set path, or the name of a built-in set shipped in probes/. */
export function resolveProbeSetPath(arg: string, cwd: string): string {
  const p = resolve(cwd, arg);
  if (existsSync(p) || arg.includes('/') || arg.endsWith('.yaml') || arg.endsWith('.yml')) {
    // Relative (for readable messages and a portable manifest) only when it means the same file to
    // the loader, which resolves against the process's directory.
    return isAbsolute(arg) || cwd !== process.cwd() ? p : relative(cwd, p) || p;
  }
  const probes = join(packageRoot(), 'probes');
  const builtin = join(probes, `${arg}.yaml`);
  if (existsSync(builtin) || !/^[a-z0-9][a-z0-9-]*$/.test(arg)) return existsSync(builtin) ? builtin : p;
  // A built-in set in a sub-folder (probes/safety/...) is found by its id.
  for (const sub of readdirSync(probes, { withFileTypes: true }).filter((e) => e.isDirectory())) {
    for (const f of readdirSync(join(probes, sub.name)).filter((n) => n.endsWith('.yaml'))) {
      const file = join(probes, sub.name, f);
      if (new RegExp(`^id:\\s*["']?${arg}["']?\\s*$`, 'm').test(readFileSync(file, 'utf8'))) return file;
    }
  }
  return p;
}

export function displayPath(p: string, cwd: string): string {
  const r = relative(cwd, p);
  return r.startsWith('..') ? p : r;
}

export function intArg(min: number) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`expected a whole number of at least ${min}, got "${v}"`);
    return n;
  };
}

export function numArg(v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError(`expected a number, got "${v}"`);
  return n;
}

/** The binary's exit code for an audit verdict: 0 pass, 1 fail, 4 inconclusive. */
export function exitCodeFor(verdict: 'pass' | 'fail' | 'inconclusive'): number {
  return verdict === 'pass' ? 0 : verdict === 'fail' ? 1 : 4;
}
