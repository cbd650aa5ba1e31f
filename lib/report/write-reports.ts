import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuditResults } from '../types.js';
import { renderHtml } from './html.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';

/** Write report.html, report.md, junit.xml and results.json into `dir` (which must exist). */
export async function writeReports(
  results: AuditResults,
  dir: string,
): Promise<{ html: string; markdown: string; junit: string; json: string }> {
  const paths = {
    html: join(dir, 'report.html'),
    markdown: join(dir, 'report.md'),
    junit: join(dir, 'junit.xml'),
    json: join(dir, 'results.json'),
  };
  const html = await renderHtml(results);
  await writeFile(paths.json, JSON.stringify(results, null, 2), 'utf8');
  await writeFile(paths.markdown, renderMarkdown(results), 'utf8');
  await writeFile(paths.junit, renderJunit(results), 'utf8');
  await writeFile(paths.html, html, 'utf8');
  return paths;
}
