import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { Correction } from '../types.js';
import { compareRuns, type Comparison } from './compare.js';
import { readRunResults } from './read-run.js';
import { renderComparisonHtml, renderComparisonMarkdown, summariseComparison } from './render.js';

export interface CompareRunDirsOptions {
  /** Where compare.html, compare.md and comparison.json go; default <dirB>/compare-vs-<basename of dirA>. */
  outDir?: string;
  alpha?: number;
  correction?: Correction;
}

export interface ComparisonResult extends Comparison {
  outDir: string;
  files: { html: string; markdown: string; json: string };
  /** Verdict and the changed disparities as text (what the CLI prints and a failing assertion shows). */
  summary(): string;
}

/**
 * `bias-audit compare DIR_A DIR_B`: read both run directories, compare them, and write the
 * comparison report. `regressed` is the regression gate (the CLI exits 1 on it).
 */
export async function compareRunDirs(dirA: string, dirB: string, opts: CompareRunDirsOptions = {}): Promise<ComparisonResult> {
  const [a, b] = await Promise.all([readRunResults(dirA), readRunResults(dirB)]);
  const comparison = compareRuns(a, b, {
    dirA,
    dirB,
    ...(opts.alpha === undefined ? {} : { alpha: opts.alpha }),
    ...(opts.correction === undefined ? {} : { correction: opts.correction }),
  });
  const outDir = opts.outDir ?? join(dirB, `compare-vs-${basename(resolve(dirA))}`);
  await mkdir(outDir, { recursive: true });
  const files = { html: join(outDir, 'compare.html'), markdown: join(outDir, 'compare.md'), json: join(outDir, 'comparison.json') };
  const markdown = renderComparisonMarkdown(comparison, b);
  await writeFile(files.json, `${JSON.stringify(comparison, null, 2)}\n`, 'utf8');
  await writeFile(files.markdown, markdown, 'utf8');
  await writeFile(files.html, await renderComparisonHtml(comparison, b), 'utf8');
  const text = summariseComparison(comparison, b, files.html);
  return Object.assign(comparison, { outDir, files, summary: () => text });
}
