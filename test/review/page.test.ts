import assert from 'node:assert/strict';
import { embedJson, renderLabellingPage } from '../../lib/review/index.js';

describe('review: labelling page', () => {
  const hostile = '</script><script>alert(1)</script><!-- <img src=x onerror=alert(2)>';
  const html = renderLabellingPage([{ id: 'r-1', prompt: 'Hire <b>Ann</b>?', reply: hostile, scorerLabel: 'unparsed', weight: 2 }], {
    title: 'Review <of> run',
    labels: ['yes', 'no', 'refused', 'unparsed'],
    storageKey: 'k',
  });

  it('embeds the data as JSON in which no "<" survives, so a reply cannot close the script element', () => {
    const m = /<script type="application\/json" id="review-data">([\s\S]*?)<\/script>/.exec(html);
    assert.ok(m);
    assert.ok(!(m[1] as string).includes('<'));
    assert.equal(JSON.parse(m[1] as string).rows[0].reply, hostile);
    assert.equal(embedJson('\u2028</'), '"\\u2028\\u003c/"');
    assert.ok(html.includes('<title>Review &#60;of&#62; run</title>'));
  });

  it('loads nothing from outside the file and never renders model text as HTML', () => {
    assert.ok(!/\s(src|href)=["']?(https?:)?\/\//i.test(html));
    assert.ok(!/<link\b/i.test(html));
    assert.ok(!/innerHTML|outerHTML|insertAdjacentHTML|document\.write/.test(html));
    assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
    // Exactly our two script elements: the data and the page's code.
    assert.equal(html.match(/<script\b/g)?.length, 2);
  });
});
