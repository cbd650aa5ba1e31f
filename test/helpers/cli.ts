import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { main } from '../../lib/cli/index.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the CLI in this process (the same `main` bin/bias-audit.js calls), capturing its output. */
export async function runCli(args: string[], opts: { env?: Record<string, string | undefined>; cwd?: string; signal?: AbortSignal } = {}): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await main(args, {
    stdout,
    stderr,
    env: opts.env ?? {},
    cwd: opts.cwd ?? ROOT,
    isTTY: false,
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  return { code, stdout: out, stderr: err };
}

/** Start the CLI from source in a child process (for signals and a real exit code). */
export function spawnCli(args: string[], opts: { env?: Record<string, string>; cwd?: string } = {}): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test', 'helpers', 'cli-entry.ts'), ...args], {
    cwd: opts.cwd ?? ROOT,
    env: { PATH: process.env.PATH ?? '', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export function collect(child: ChildProcess): Promise<CliRun> {
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : -1), stdout: out, stderr: err })));
}
