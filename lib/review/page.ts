import { REVIEW_COLUMNS } from './labels.js';

export interface PageRow {
  id: string;
  prompt: string;
  reply: string;
  scorerLabel: string;
  weight: number;
  /** Shown only when the reviewer may see groups (not blind). */
  groups?: Record<string, string>;
}

export interface PageOptions {
  title: string;
  labels: readonly string[];
  /** Distinguishes this sample's saved labels from another's in the browser's local storage. */
  storageKey: string;
}

/**
 * JSON that is safe inside <script type="application/json">: `<` is written as \u003c so no reply
 * can close the element (`</script>`) or open a comment, and U+2028/U+2029 are escaped for old parsers.
 */
export function embedJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * A self-contained labelling page: no external resources, works from disk. Model text is only ever
 * put into the page with textContent, never as HTML. The scorer's label is not shown, so that it
 * does not anchor the reviewer; it travels in the export so the file imports like the CSV.
 */
export function renderLabellingPage(rows: readonly PageRow[], opts: PageOptions): string {
  const data = { storageKey: opts.storageKey, labels: opts.labels, columns: REVIEW_COLUMNS, rows };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(opts.title)}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:52rem;margin:1.5rem auto;padding:0 1rem;color:#111}
pre{white-space:pre-wrap;word-break:break-word;background:#f5f5f5;padding:.75rem;border-radius:4px}
button{font-size:1rem;margin:.2rem;padding:.4rem .8rem}
button.chosen{background:#1a5fb4;color:#fff}
#progress{font-weight:bold}
.groups{color:#555}
kbd{border:1px solid #999;border-radius:3px;padding:0 .25rem;font-size:.85em}
</style>
</head>
<body>
<h1>${escapeHtml(opts.title)}</h1>
<p>Read the reply and choose the label that describes it. Keys: <kbd>1</kbd>…<kbd>9</kbd> label, <kbd>←</kbd>/<kbd>→</kbd> previous/next. Labels are saved in this browser as you go.</p>
<p id="progress" aria-live="polite"></p>
<p class="groups" id="groups"></p>
<h2>Prompt</h2>
<pre id="prompt"></pre>
<h2>Reply</h2>
<pre id="reply"></pre>
<div id="buttons" role="group" aria-label="labels"></div>
<p><button id="prev">← Previous</button><button id="next">Next →</button></p>
<p><button id="export-csv">Download CSV</button><button id="export-json">Download JSON</button></p>
<script type="application/json" id="review-data">${embedJson(data)}</script>
<script>
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('review-data').textContent);
  var rows = data.rows, labels = data.labels, key = 'bias-audit-review:' + data.storageKey;
  var chosen = {};
  try { chosen = JSON.parse(localStorage.getItem(key) || '{}') || {}; } catch (e) { chosen = {}; }
  var at = 0;
  for (var i = 0; i < rows.length; i++) { if (!chosen[rows[i].id]) { at = i; break; } }
  var buttons = document.getElementById('buttons');
  labels.forEach(function (label, k) {
    var b = document.createElement('button');
    b.type = 'button';
    b.dataset.label = label;
    b.textContent = (k < 9 ? (k + 1) + ' ' : '') + label;
    b.addEventListener('click', function () { choose(label); });
    buttons.appendChild(b);
  });
  function save() { try { localStorage.setItem(key, JSON.stringify(chosen)); } catch (e) { /* private mode: labels stay in memory */ } }
  function show() {
    var r = rows[at];
    var done = rows.filter(function (x) { return chosen[x.id]; }).length;
    document.getElementById('progress').textContent = rows.length === 0 ? 'Nothing to label.' : 'Reply ' + (at + 1) + ' of ' + rows.length + ' · ' + done + ' labelled';
    if (!r) return;
    document.getElementById('prompt').textContent = r.prompt;
    document.getElementById('reply').textContent = r.reply;
    document.getElementById('groups').textContent = r.groups ? Object.keys(r.groups).map(function (a) { return a + ': ' + r.groups[a]; }).join(' · ') : '';
    Array.prototype.forEach.call(buttons.children, function (b) { b.className = chosen[r.id] === b.dataset.label ? 'chosen' : ''; });
  }
  function choose(label) {
    var r = rows[at];
    if (!r) return;
    chosen[r.id] = label;
    save();
    if (at < rows.length - 1) at++;
    show();
  }
  function move(d) { at = Math.max(0, Math.min(rows.length - 1, at + d)); show(); }
  document.getElementById('prev').addEventListener('click', function () { move(-1); });
  document.getElementById('next').addEventListener('click', function () { move(1); });
  document.addEventListener('keydown', function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === 'ArrowLeft') { move(-1); e.preventDefault(); return; }
    if (e.key === 'ArrowRight') { move(1); e.preventDefault(); return; }
    var k = Number(e.key);
    if (k >= 1 && k <= 9 && k <= labels.length) { choose(labels[k - 1]); e.preventDefault(); }
  });
  function cell(v) {
    var s = String(v);
    if (/^[=+\\-@\\t\\r]/.test(s)) s = "'" + s;
    return /[",\\r\\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }
  function download(name, type, text) {
    var a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([text], { type: type }));
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
  }
  document.getElementById('export-csv').addEventListener('click', function () {
    var lines = [data.columns.join(',')].concat(rows.map(function (r) {
      return [r.id, cell(r.prompt), cell(r.reply), cell(r.scorerLabel), cell(chosen[r.id] || ''), r.weight].map(function (v, j) { return j === 0 || j === 5 ? cell(v) : v; }).join(',');
    }));
    download('review-labels.csv', 'text/csv', lines.join('\\r\\n') + '\\r\\n');
  });
  document.getElementById('export-json').addEventListener('click', function () {
    download('review-labels.json', 'application/json', JSON.stringify(rows.map(function (r) { return { review_id: r.id, human_label: chosen[r.id] || null, weight: r.weight }; }), null, 2));
  });
  show();
})();
</script>
</body>
</html>
`;
}
