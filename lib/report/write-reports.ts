import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuditResults } from '../types.js';
import { renderFindingsCsv } from './csv.js';
import { renderHtml } from './html.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';

/** The files writeReports produces in a run directory. */
export interface ReportFiles {
  html: string;
  markdown: string;
  junit: string;
  json: string;
  csv: string;
}

/**
 * Write report.html, report.md, junit.xml, findings.csv and results.json into `dir` (which must
 * exist). results.json follows schema/results.schema.json.
 */
export async function writeReports(results: AuditResults, dir: string): Promise<ReportFiles> {
  const paths: ReportFiles = {
    html: join(dir, 'report.html'),
    markdown: join(dir, 'report.md'),
    junit: join(dir, 'junit.xml'),
    json: join(dir, 'results.json'),
    csv: join(dir, 'findings.csv'),
  };
  const html = await renderHtml(results);
  await writeFile(paths.json, JSON.stringify(results, null, 2), 'utf8');
  await writeFile(paths.markdown, renderMarkdown(results), 'utf8');
  await writeFile(paths.junit, renderJunit(results), 'utf8');
  await writeFile(paths.csv, renderFindingsCsv(results), 'utf8');
  await writeFile(paths.html, html, 'utf8');
  return paths;
}
