import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { audit, compareRunDirs } from '../../lib/index.js';
import { ROOT } from '../helpers/cli.js';
import { startOpenAIServer, type FakeServer } from '../helpers/fake-openai-server.js';
import { simRun } from '../report/sim-runs.js';
import { browserTestMode, images, chromiumSuite, watch, type PageWatch } from './chromium.js';

const MINI = join(ROOT, 'test', 'fixtures', 'probes', 'mini.yaml');

/**
 * A reply that tries everything: a script and an event handler that set a page-level flag (and open
 * a dialog), Handlebars expressions, and markup that would break out of the table cell.
 */
const PAYLOAD =
  'Yes </td></tr></table><script>window.__pwned = "script"; alert("script")</script>' +
  '<img src=x onerror="window.__pwned = \'onerror\'; alert(\'onerror\')">' +
  '<svg onload="window.__pwned = \'svg\'"></svg> {{helpers}} {{constructor.constructor "alert(1)"}} {{#each this}}x{{/each}}';

describe('report.html in headless Chromium', function () {
  this.timeout(120_000);
  const suite = chromiumSuite('ba-browser-');

  async function open(file: string): Promise<{ page: Page; w: PageWatch }> {
    assert.ok(suite.browser);
    const page = await suite.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const w = watch(page);
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    return { page, w };
  }

  async function assertChartsLoaded(page: Page, expected: number): Promise<void> {
    const imgs = await images(page);
    assert.equal(imgs.length, expected, 'one image per chart');
    for (const img of imgs) {
      assert.ok(img.src.startsWith('data:image/png;base64,'), 'charts are embedded');
      assert.ok(img.complete && img.naturalWidth > 0 && img.naturalHeight > 0, `chart did not load: ${img.alt.slice(0, 80)}`);
      assert.ok(img.alt.length > 40, 'every chart has a text alternative');
    }
  }

  for (const [probeSet, chartsPerAxis] of [
    ['hiring-screen', 2],
    ['salary-offer', 3],
  ] as const) {
    it(`shows a real ${probeSet} audit with every chart loaded and no console error`, async () => {
      const result = await simRun(probeSet, 'biased');
      const { page, w } = await open(result.files.html);
      await assertChartsLoaded(page, chartsPerAxis * result.findings.length);
      const heading = (await page.evaluate('document.querySelector("h1").textContent')) as string;
      assert.equal(heading, probeSet === 'hiring-screen' ? 'Interview invitation for a job applicant' : 'Starting salary offered to a new hire');
      const verdict = (await page.evaluate('document.querySelector(".verdict").innerText')) as string;
      assert.match(verdict, /^Verdict: (FAIL|INCONCLUSIVE|PASS)\n/);
      // The first screen (1280 × 900) holds the verdict and the first disparity that matters.
      const firstFinding = (await page.evaluate('(() => { const li = document.querySelector(".key-findings li"); return li ? li.getBoundingClientRect().bottom : -1 })()')) as number;
      assert.ok(firstFinding > 0 && firstFinding <= 900, `first key finding ends at ${firstFinding}px`);
      await page.emulateMedia({ media: 'print' });
      const breaks = (await page.evaluate('getComputedStyle(document.querySelector(".finding")).breakBefore')) as string;
      assert.equal(breaks, 'page', 'each axis starts a new page in print');
      const pdf = await page.pdf({ format: 'A4', printBackground: true });
      assert.ok(pdf.subarray(0, 5).toString() === '%PDF-' && pdf.length > 50_000, 'prints to PDF');
      assert.deepEqual(w, { errors: [], dialogs: [], requests: [] });
      await page.close();
    });
  }

  it('shows a hostile model reply as text and runs none of it', async () => {
    let server: FakeServer | undefined;
    try {
      server = await startOpenAIServer({ reply: () => PAYLOAD });
      const out = join(suite.tmp, 'hostile');
      const r = await audit({ probeSet: MINI, model: 'openai:gpt-4o-mini', env: { OPENAI_API_KEY: 'sk-test-browser', OPENAI_BASE_URL: server.url }, outDir: out, cwd: ROOT });
      assert.ok(r.examples.some((e) => e.rows.some((row) => row.response === PAYLOAD)), 'the report shows the reply');
      const { page, w } = await open(r.files.html);
      assert.equal(await page.evaluate('typeof window.__pwned'), 'undefined', 'no script from the reply ran');
      assert.equal(await page.evaluate('document.scripts.length'), 0);
      assert.equal(await page.evaluate('document.querySelectorAll("svg, iframe, object, embed").length'), 0);
      const replies = (await page.evaluate('[...document.querySelectorAll("td.reply")].map((td) => td.textContent)')) as string[];
      assert.ok(replies.includes(PAYLOAD), 'the reply is shown verbatim, as text, in its own cell');
      const cells = (await page.evaluate('[...document.querySelectorAll("table.responses")].map((t) => t.rows.length)')) as number[];
      assert.ok(cells.every((n) => n > 1), 'the reply did not close the table');
      await assertChartsLoaded(page, 2 * r.findings.length);
      assert.deepEqual(w, { errors: [], dialogs: [], requests: [] });
      await page.close();
    } finally {
      await server?.close();
    }
  });

  it('would notice a script that runs (the check itself can fail)', async () => {
    // The same payload pasted unescaped into a page: the flag, the dialog and the failed image are seen.
    const unsafe = join(suite.tmp, 'unsafe.html');
    writeFileSync(unsafe, `<!DOCTYPE html><html><body><p>${PAYLOAD}</p></body></html>`);
    const { page, w } = await open(unsafe);
    await page.waitForFunction('window.__pwned !== undefined');
    assert.ok(w.dialogs.length > 0, 'the alert was seen');
    assert.ok(w.errors.some((e) => e.includes('requestfailed')), 'the broken image was seen');
    await page.close();
  });

  it('shows the comparison report with its charts loaded and no console error', async () => {
    const [a, b] = [await simRun('hiring-screen', 'biased'), await simRun('hiring-screen', 'fair')];
    const c = await compareRunDirs(b.outDir, a.outDir, { outDir: join(suite.tmp, 'compare') });
    const { page, w } = await open(c.files.html);
    await assertChartsLoaded(page, c.axes.length);
    assert.match((await page.evaluate('document.querySelector(".verdict").innerText')) as string, /^Result: REGRESSION/);
    assert.deepEqual(w, { errors: [], dialogs: [], requests: [] });
    await page.close();
    assert.ok(readFileSync(c.files.html, 'utf8').includes('Content-Security-Policy'));
  });
});

describe('browser test guard', () => {
  it('fails without Chromium, and skips only outside CI when asked to', () => {
    const none = (): boolean => false;
    assert.equal(browserTestMode({ CHROMIUM_PATH: '/x' }, (p) => p === '/x'), 'run');
    assert.throws(() => browserTestMode({}, none), /no Chromium at \/usr\/bin\/chromium: .*apt-get install -y chromium/);
    assert.throws(() => browserTestMode({ CI: 'true', BIAS_AUDIT_SKIP_BROWSER_TESTS: '1' }, none), /no Chromium/, 'CI never skips');
    assert.match(browserTestMode({ BIAS_AUDIT_SKIP_BROWSER_TESTS: '1' }, none), /browser tests skipped/);
  });
});
