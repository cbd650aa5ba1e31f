import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot, writeReports } from '../../lib/report/index.js';
import { fixture } from './fixture.js';

describe('writeReports', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bias-audit-report-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the five reports into the directory and returns their paths', async () => {
    const results = fixture();
    const paths = await writeReports(results, dir);
    assert.deepEqual(paths, {
      html: join(dir, 'report.html'),
      markdown: join(dir, 'report.md'),
      junit: join(dir, 'junit.xml'),
      json: join(dir, 'results.json'),
      csv: join(dir, 'findings.csv'),
    });
    assert.deepEqual(JSON.parse(await readFile(paths.json, 'utf8')), results);
    assert.match(await readFile(paths.html, 'utf8'), /^<!DOCTYPE html>/m);
    assert.match(await readFile(paths.markdown, 'utf8'), /bias-audit: FAIL/);
    assert.match(await readFile(paths.junit, 'utf8'), /<testsuite name="bias-audit: hiring-screen"/);
    assert.match(await readFile(paths.csv, 'utf8'), /^probe_set,model,axis,/);
  });
});

describe('packageRoot', () => {
  it('finds the bias-audit package and its templates', async () => {
    const root = packageRoot();
    const manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { name: string };
    assert.equal(manifest.name, 'bias-audit');
    assert.ok(existsSync(join(root, 'templates', 'report.html.hbs')));
  });
});
