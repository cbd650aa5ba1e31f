import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { CompletionResponse } from '../types.js';

/** What the cache keeps of a reply: enough to journal it again, nothing about the caller. */
export interface CachedReply {
  text: string;
  model?: string;
  usage?: CompletionResponse['usage'];
  finishReason?: string;
  requestId?: string;
  /** ISO time the reply first arrived. */
  at: string;
}

/**
 * A content-addressed store of model replies shared across runs and audits: re-running an audit
 * after changing the analysis, or another audit asking the same question, costs nothing.
 *
 * The address is a SHA-256 of the runner's request key (model, parameters, messages, sample index)
 * and a scope (the server's URL when it is not the vendor's), so no secret takes part in it. One
 * file per reply, written to a temporary name and renamed: concurrent runs, even on other machines
 * sharing the directory, never see half a file, and the last writer of identical content wins.
 */
export class ResponseCache {
  constructor(
    readonly dir: string,
    private readonly scope: string = '',
  ) {}

  /** The file of a request key; `v1` versions the layout. */
  fileOf(requestKey: string): string {
    const address = createHash('sha256').update(`bias-audit-cache-v1\n${this.scope}\n${requestKey}`).digest('hex');
    return join(this.dir, 'v1', address.slice(0, 2), `${address}.json`);
  }

  has(requestKey: string): boolean {
    return existsSync(this.fileOf(requestKey));
  }

  /** The cached reply, or undefined when there is none (a damaged entry counts as none). */
  async get(requestKey: string): Promise<CachedReply | undefined> {
    let text: string;
    try {
      text = await readFile(this.fileOf(requestKey), 'utf8');
    } catch {
      return undefined;
    }
    try {
      const entry = JSON.parse(text) as Partial<CachedReply>;
      return typeof entry.text === 'string' && typeof entry.at === 'string' ? (entry as CachedReply) : undefined;
    } catch {
      return undefined;
    }
  }

  async put(requestKey: string, reply: CachedReply): Promise<void> {
    const file = this.fileOf(requestKey);
    await mkdir(join(file, '..'), { recursive: true });
    const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(tmp, JSON.stringify(reply), 'utf8');
      await rename(tmp, file);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  }
}

/**
 * The cache directory by the XDG Base Directory convention: $XDG_CACHE_HOME/bias-audit, else
 * $HOME/.cache/bias-audit (%LOCALAPPDATA% on Windows). Undefined when the environment names no home,
 * as in a sandbox: then there is no default cache rather than one in an unexpected place.
 */
export function defaultCacheDir(env: Record<string, string | undefined>, platform: NodeJS.Platform = process.platform): string | undefined {
  const xdg = env.XDG_CACHE_HOME?.trim();
  if (xdg && isAbsolute(xdg)) return join(xdg, 'bias-audit');
  if (platform === 'win32' && env.LOCALAPPDATA?.trim()) return join(env.LOCALAPPDATA.trim(), 'bias-audit', 'cache');
  const home = env.HOME?.trim();
  return home ? join(home, '.cache', 'bias-audit') : undefined;
}
