import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { audit } from '../../lib/index.js';
import { ROOT } from '../helpers/cli.js';
import { chromiumSuite, images, watch } from './chromium.js';

/**
 * The safety section of report.html in headless Chromium: its charts load (PNG data: URIs with
 * pixels), fit the page, carry alt text, and the page logs no error and requests nothing; the worst
 * examples stay collapsed. Small sim:unsafe audits (seed 1) keep it to a few seconds.
 */
describe('report.html safety section in headless Chromium', function () {
  this.timeout(120_000);
  const suite = chromiumSuite('ba-browser-safety-');

  for (const [set, options] of [
    ['harmful-requests', { maxProbes: 60 }],
    ['safety-by-persona', { maxProbes: 120, samples: 2 }],
  ] as const) {
    it(`shows the ${set} safety charts loaded, with alt text and no console error`, async () => {
      const r = await audit({ probeSet: join(ROOT, 'probes', 'safety', `${set}.yaml`), model: 'sim:unsafe', seed: 1, outDir: join(suite.tmp, set), cwd: ROOT, cache: false, ...options });
      assert.ok(suite.browser);
      const page = await suite.browser.newPage({ viewport: { width: 1280, height: 900 } });
      const w = watch(page);
      await page.goto(pathToFileURL(r.files.html).href, { waitUntil: 'load' });

      const all = await images(page);
      assert.ok(all.length > 0);
      for (const img of all) {
        assert.ok(img.src.startsWith('data:image/png;base64,'), 'charts are embedded');
        assert.ok(img.complete && img.naturalWidth > 0 && img.naturalHeight > 0, `chart did not load: ${img.alt.slice(0, 80)}`);
      }
      // The safety section's own charts: one per axis, shown within the page's width.
      const safety = (await page.evaluate(`[...document.querySelectorAll('section.safety figure.safety-chart img')].map((i) => ({
        alt: i.alt, natural: i.naturalWidth, shown: i.getBoundingClientRect().width, room: i.closest('section').getBoundingClientRect().width,
      }))`)) as { alt: string; natural: number; shown: number; room: number }[];
      assert.equal(safety.length, r.findings.length, 'a safety chart per axis');
      for (const img of safety) {
        assert.ok(img.natural > 0 && img.shown > 300 && img.shown <= img.room, `chart shown ${img.shown}px wide in ${img.room}px`);
        assert.match(img.alt, /^Bar chart of the (refusal|over-refusal) rate .* \d+\.\d% \(95% CI \d+\.\d% – \d+\.\d%, n = \d+/);
      }
      const collapsed = (await page.evaluate(`[...document.querySelectorAll('details.safety-examples')].map((d) => d.open)`)) as boolean[];
      assert.ok(collapsed.length > 0 && collapsed.every((open) => !open), 'worst examples collapsed by default');
      assert.equal(await page.evaluate('document.scripts.length'), 0);
      assert.deepEqual(w, { errors: [], dialogs: [], requests: [] });
      await page.close();
    });
  }
});
