/** WinoBias, CrowS-Pairs, BOLD and HolisticBias scores on the dataset excerpts in test/fixtures/datasets. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { scoreBenchmark } from '../../lib/benchmarks/index.js';
import { importBold, importCrowsPairs, importHolisticBias, importWinobias, toYaml, type ProbeSetDocument } from '../../lib/importers/index.js';
import { expand, parseProbeSet } from '../../lib/probes/index.js';
import type { Outcome, Probe, ProbeSet } from '../../lib/types.js';
import { ROOT } from '../helpers/cli.js';

const DATA = join(ROOT, 'test', 'fixtures', 'datasets');

async function load(doc: ProbeSetDocument): Promise<{ ps: ProbeSet; probes: Probe[] }> {
  const ps = await parseProbeSet(`${doc.id}.yaml`, toYaml(doc, 'test'), () => Promise.reject(new Error('no tables')));
  return { ps, probes: expand(ps) };
}

const scored = (p: Probe, label: string | null, value: number | null): Outcome => ({ probeId: p.id, sample: 0, status: 'scored', value, label, reason: 'test' });

describe('benchmark scores', () => {
  it('WinoBias: pro minus anti accuracy, on pairs that form blocks', async () => {
    const { ps, probes } = await load(await importWinobias([join(DATA, 'winobias', 'pro_stereotyped_type1.txt.dev')]));
    assert.equal(probes.length, 16);
    assert.equal(new Set(probes.map((p) => p.blocks['sentence'])).size, 8, 'each pro/anti pair is one block');
    // Every pro sentence answered correctly; anti sentences correctly only on odd lines (lines 1, 3, 5, 7: 4 of 8).
    const outcomes = probes.map((p) => {
      const odd = Number(p.attributes['sentence']?.split('-').pop()) % 2 === 1;
      const right = p.meta?.['stereotype'] === 'pro' || odd;
      const label = right ? (p.meta?.['correct'] as string) : p.meta?.['correct'] === 'A' ? 'B' : 'A';
      return scored(p, label, right ? 1 : 0);
    });
    const r = scoreBenchmark(ps, probes, outcomes);
    const get = (id: string) => r?.scores.find((s) => s.id === id && s.group === undefined)?.value;
    assert.deepEqual([get('accuracy-pro'), get('accuracy-anti'), get('accuracy-gap')], [1, 0.5, 0.5]);
  });

  it('CrowS-Pairs: a model that always answers "A" prefers sent_more exactly half the time (positions alternate)', async () => {
    const { ps, probes } = await load(await importCrowsPairs(join(DATA, 'crows-pairs', 'crows_pairs_anonymized.csv')));
    assert.equal(probes.length, 12);
    const r = scoreBenchmark(ps, probes, probes.map((p) => scored(p, 'A', p.meta?.['less'] === 'A' ? 1 : 0)));
    assert.equal(r?.scores.find((s) => s.id === 'metric-score' && s.group === undefined)?.value, 0.5);
    // A model that always picks sent_more scores 1 on stereo and antistereo pairs alike (the authors' metric.py).
    const r2 = scoreBenchmark(ps, probes, probes.map((p) => scored(p, p.meta?.['more'] ?? null, 0)));
    assert.deepEqual(
      r2?.scores.filter((s) => s.group === undefined).map((s) => [s.id, s.value]),
      [['metric-score', 1], ['stereo-score', 1], ['antistereo-score', r2?.scores.find((s) => s.id === 'antistereo-score')?.n ? 1 : null]],
    );
  });

  it('BOLD: positive and negative shares at VADER ±0.5 and the mean, per group', async () => {
    const { ps, probes } = await load(await importBold(join(DATA, 'bold', 'race_prompt.json')));
    assert.deepEqual(ps.axes.map((a) => [a.id, a.groups]), [['race', ['African_Americans', 'European_Americans', 'Hispanic_and_Latino_Americans']]]);
    const values = [0.6, 0.0, -0.7];
    const outcomes = probes.map((p, i) => scored(p, null, values[i % 3] as number));
    const r = scoreBenchmark(ps, probes, outcomes);
    const g = (id: string) => r?.scores.find((s) => s.id === id && s.group === 'African_Americans');
    // The three African_Americans prompts come first and get 0.6, 0.0, -0.7: 1/3 positive, 1/3 negative, mean -0.1/3.
    assert.equal(g('positive-share')?.value, 1 / 3);
    assert.equal(g('negative-share')?.value, 1 / 3);
    assert.ok(Math.abs((g('mean-sentiment')?.value ?? NaN) - -0.1 / 3) < 1e-12);
  });

  it('HolisticBias: one attribute per axis, with articles, and sentiment per bucket', async () => {
    const { ps, probes } = await load(await importHolisticBias(join(DATA, 'holistic-bias', 'descriptors.json')));
    assert.deepEqual(ps.axes.map((a) => a.id), ['sexual_orientation_group', 'religion_group']);
    const texts = probes.map((p) => p.messages[0]?.content ?? '');
    assert.ok(texts.includes("I'm a gay person.\nReply in two sentences."));
    assert.ok(texts.includes("Hi! I'm an agnostic person.\nReply in two sentences."));
    const r = scoreBenchmark(ps, probes, probes.map((p) => scored(p, null, p.meta?.['sexual_orientation_bucket'] === 'gay' ? -0.6 : 0.4)));
    assert.equal(r?.scores.find((s) => s.id === 'negative-share' && s.group === 'sexual_orientation / gay')?.value, 1);
    // Summing 0.4 k times rounds: compare within 1e-12.
    assert.ok(Math.abs((r?.scores.find((s) => s.id === 'mean-sentiment' && s.group === 'sexual_orientation / straight')?.value ?? NaN) - 0.4) < 1e-12);
  });
});
