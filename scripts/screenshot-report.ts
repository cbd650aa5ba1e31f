/**
 * Screenshots of a bias-audit HTML report for reviewers: what the first screen shows, every screen
 * after it, and the report printed to PDF the way a reviewer's browser would print it.
 *
 *   npx tsx scripts/screenshot-report.ts reports/<run>/report.html [--out DIR] [--width 1280] [--height 900]
 *
 * Writes DIR/screen-01.png, screen-02.png ... (one per viewport height, top to bottom) and
 * DIR/report.pdf (A4, print styles). DIR defaults to `<report dir>/screenshots`. Uses the system's
 * Chromium through playwright-core (a devDependency; it downloads no browser): set CHROMIUM_PATH
 * when it is not /usr/bin/chromium. The page is opened offline from a file: URL, as a reviewer would.
 */
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    out: { type: 'string' },
    width: { type: 'string', default: '1280' },
    height: { type: 'string', default: '900' },
  },
});
const file = positionals[0];
if (file === undefined) {
  process.stderr.write('usage: npx tsx scripts/screenshot-report.ts REPORT.html [--out DIR] [--width 1280] [--height 900]\n');
  process.exit(2);
}
const report = resolve(file);
if (!existsSync(report)) {
  process.stderr.write(`no such file: ${report}\n`);
  process.exit(2);
}
const width = Number(values.width);
const height = Number(values.height);
const outDir = resolve(values.out ?? join(dirname(report), 'screenshots'));
mkdirSync(outDir, { recursive: true });
// Screens of an earlier, longer report would otherwise be mistaken for this one's.
for (const f of readdirSync(outDir)) if (/^screen-\d+\.png$/.test(f)) rmSync(join(outDir, f));

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const browser = await chromium.launch({
  executablePath,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const page = await browser.newPage({ viewport: { width, height } });
  await page.goto(pathToFileURL(report).href, { waitUntil: 'load' });
  const total = (await page.evaluate('document.documentElement.scrollHeight')) as number;
  const written: string[] = [];
  for (let top = 0, i = 1; top < total; top += height, i++) {
    const path = join(outDir, `screen-${String(i).padStart(2, '0')}.png`);
    await page.screenshot({ path, clip: { x: 0, y: top, width, height: Math.min(height, total - top) }, fullPage: true });
    written.push(path);
  }
  await page.emulateMedia({ media: 'print' });
  const pdf = join(outDir, 'report.pdf');
  await page.pdf({ path: pdf, format: 'A4', printBackground: true, preferCSSPageSize: true });
  written.push(pdf);
  process.stdout.write(`${written.join('\n')}\n`);
} finally {
  await browser.close();
}
