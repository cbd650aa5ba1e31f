import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type ConsoleMessage, type Page } from 'playwright-core';

/**
 * The system's Chromium for the browser tests, driven by playwright-core (which downloads nothing).
 * CHROMIUM_PATH overrides /usr/bin/chromium (e.g. Chrome on a laptop).
 *
 * A missing browser fails the tests: a skipped browser test is a silent hole in CI, and .ci/run
 * installs Debian's chromium. Outside CI a developer without Chromium may opt out explicitly with
 * BIAS_AUDIT_SKIP_BROWSER_TESTS=1, and the skip says so; CI (the CI variable set) never skips.
 */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
}

/** 'run', or the reason to skip (only ever outside CI, on explicit request). Throws when Chromium is missing. */
export function browserTestMode(env: NodeJS.ProcessEnv = process.env, exists: (p: string) => boolean = existsSync): 'run' | string {
  const path = chromiumPath(env);
  if (exists(path)) return 'run';
  const ci = env['CI'] !== undefined && env['CI'] !== '' && env['CI'] !== 'false';
  if (!ci && env['BIAS_AUDIT_SKIP_BROWSER_TESTS'] === '1') {
    return `browser tests skipped: no Chromium at ${path} and BIAS_AUDIT_SKIP_BROWSER_TESTS=1 (never honoured in CI)`;
  }
  throw new Error(
    `no Chromium at ${path}: the browser tests of report.html need it. Install it (Debian/Ubuntu: apt-get install -y chromium; .ci/run does), ` +
      'or point CHROMIUM_PATH at a Chrome or Chromium binary' +
      (ci ? '.' : ', or set BIAS_AUDIT_SKIP_BROWSER_TESTS=1 to skip them on this machine (not in CI).'),
  );
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
}

/** What a page did that a report must never do: log an error, throw, open a dialog, or request anything. */
export interface PageWatch {
  errors: string[];
  dialogs: string[];
  requests: string[];
}

export function watch(page: Page): PageWatch {
  const w: PageWatch = { errors: [], dialogs: [], requests: [] };
  page.on('console', (m: ConsoleMessage) => {
    if (m.type() === 'error' || m.type() === 'warning') w.errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => w.errors.push(`pageerror: ${e.message}`));
  page.on('dialog', (d) => {
    w.dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  page.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith('data:') && !url.startsWith('file:')) w.requests.push(url);
  });
  page.on('requestfailed', (r) => w.errors.push(`requestfailed: ${r.url()}`));
  return w;
}

/** Every <img>: whether it loaded and has pixels, and its alt text. */
export async function images(page: Page): Promise<{ src: string; complete: boolean; naturalWidth: number; naturalHeight: number; alt: string }[]> {
  return (await page.evaluate(`[...document.images].map((i) => ({
    src: i.getAttribute('src') ?? '', complete: i.complete, naturalWidth: i.naturalWidth, naturalHeight: i.naturalHeight, alt: i.alt,
  }))`)) as { src: string; complete: boolean; naturalWidth: number; naturalHeight: number; alt: string }[];
}

/**
 * A describe block's Chromium and scratch directory: launched before its tests (or the block skipped
 * on explicit request outside CI, saying why: browserTestMode), closed and removed after them.
 */
export function chromiumSuite(tmpPrefix: string): { readonly browser: Browser | undefined; readonly tmp: string } {
  const state: { browser?: Browser; tmp: string } = { tmp: '' };
  before(async function () {
    const mode = browserTestMode();
    if (mode !== 'run') {
      console.warn(`      ${mode}`);
      this.skip();
    }
    state.tmp = mkdtempSync(join(tmpdir(), tmpPrefix));
    state.browser = await launchChromium();
  });
  after(async () => {
    await state.browser?.close();
    if (state.tmp) rmSync(state.tmp, { recursive: true, force: true });
  });
  return {
    get browser() {
      return state.browser;
    },
    get tmp() {
      return state.tmp;
    },
  };
}
