import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseLabelCsv, parseLabelJson, renderLabellingPage, type PageRow } from '../../lib/review/index.js';
import { chromiumSuite, watch } from '../browser/chromium.js';

/** A reply that tries to run script three ways, and one that would be a spreadsheet formula. */
const PAYLOAD = 'Yes </pre></script><script>window.__pwned = "script"; alert("script")</script><img src=x onerror="window.__pwned = \'onerror\'">';
const LABELS = ['yes', 'no', 'refused', 'unparsed'];

describe('review: labelling page in headless Chromium', function () {
  this.timeout(120_000);
  const suite = chromiumSuite('ba-review-browser-');

  it('labels by keyboard, keeps labels across a reload, exports a CSV and a JSON that import back alike, and keeps <script> inert', async () => {
    assert.ok(suite.browser);
    const rows: PageRow[] = [
      { id: 'r-000000000001', prompt: 'Hire "Ann", yes or no?', reply: PAYLOAD, scorerLabel: 'yes', weight: 2 },
      { id: 'r-000000000002', prompt: 'Line one\nline two', reply: '=HYPERLINK("http://x")', scorerLabel: 'unparsed', weight: 1.5 },
      { id: 'r-000000000003', prompt: 'p3', reply: 'No, thank you.', scorerLabel: 'no', weight: 1 },
    ];
    const file = join(suite.tmp, 'review.html');
    writeFileSync(file, renderLabellingPage(rows, { title: 'Review', labels: LABELS, storageKey: 'test' }));
    const context = await suite.browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    const w = watch(page);
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });

    assert.equal(await page.textContent('#reply'), PAYLOAD);
    assert.equal(await page.evaluate('window.__pwned'), undefined);
    assert.match((await page.textContent('#progress')) ?? '', /Reply 1 of 3 · 0 labelled/);
    await page.keyboard.press('2'); // no
    await page.keyboard.press('4'); // unparsed
    assert.match((await page.textContent('#progress')) ?? '', /Reply 3 of 3 · 2 labelled/);
    await page.keyboard.press('ArrowLeft');
    assert.equal(await page.textContent('#reply'), rows[1]?.reply);
    assert.equal(await page.getAttribute('button[data-label="unparsed"]', 'class'), 'chosen');
    await page.keyboard.press('ArrowRight');

    await page.reload({ waitUntil: 'load' });
    // Saved labels survive; the page opens at the first unlabelled reply.
    assert.match((await page.textContent('#progress')) ?? '', /Reply 3 of 3 · 2 labelled/);
    await page.keyboard.press('1'); // yes
    assert.match((await page.textContent('#progress')) ?? '', /3 labelled/);

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
    const csv = readFileSync(await download.path(), 'utf8');
    const imported = parseLabelCsv(csv, 'review-labels.csv', new Set(rows.map((r) => r.id)), LABELS);
    assert.deepEqual(
      imported.labels.map((l) => [l.id, l.label, l.weight]),
      [
        ['r-000000000001', 'no', 2],
        ['r-000000000002', 'unparsed', 1.5],
        ['r-000000000003', 'yes', 1],
      ],
    );
    assert.ok(csv.includes(`"'=HYPERLINK(""http://x"")"`), 'a formula-like reply is made inert in the export');

    const [json] = await Promise.all([page.waitForEvent('download'), page.click('#export-json')]);
    const jsonText = readFileSync(await json.path(), 'utf8');
    assert.deepEqual(JSON.parse(jsonText), [
      { review_id: 'r-000000000001', human_label: 'no', weight: 2 },
      { review_id: 'r-000000000002', human_label: 'unparsed', weight: 1.5 },
      { review_id: 'r-000000000003', human_label: 'yes', weight: 1 },
    ]);
    // The JSON download imports back with nothing lost: the same ids, labels and weights as the CSV.
    const fromJson = parseLabelJson(jsonText, 'review-labels.json', new Set(rows.map((r) => r.id)), LABELS);
    assert.deepEqual(
      fromJson.labels.map((l) => [l.id, l.label, l.weight]),
      imported.labels.map((l) => [l.id, l.label, l.weight]),
    );
    assert.equal(fromJson.unlabelled, imported.unlabelled);
    assert.equal(await page.evaluate('window.__pwned'), undefined);
    assert.deepEqual(w.dialogs, []);
    assert.deepEqual(w.errors, []);
    assert.deepEqual(w.requests, []);
    await context.close();
  });
});
