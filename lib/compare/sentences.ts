import { describeGroup, formatNumber, formatP, formatRatio, type Vocabulary } from '../report/index.js';
import type { AxisComparison, PairChange } from './compare.js';

/**
 * A changed disparity as a sentence: "Race × Gender: the gap between White men and Black men
 * widened from 22 to 45 points (change +23 points, 95% CI +12 to +34; adjusted p = 0.004);
 * impact ratio of Black men 0.68 in A, 0.35 in B."
 */
export function pairSentence(axis: AxisComparison, p: PairChange, vocab: Vocabulary, unit: string | undefined): string {
  const ax = { id: axis.axis, title: axis.axisTitle, attribute: vocab.axes?.find((a) => a.id === axis.axis)?.attribute ?? '' };
  const high = describeGroup(p.high, ax, vocab).short;
  const low = describeGroup(p.low, ax, vocab).short;
  const g = axis.groups.find((x) => x.group === p.low);
  const verb = p.regression ? 'widened' : p.improvement ? 'narrowed' : 'changed';
  const amount = (x: number, signed = false): string => {
    const sign = signed ? (x > 0 ? '+' : x < 0 ? '−' : '') : x < 0 ? '−' : '';
    const v = Math.abs(x);
    return axis.metric === 'rate' ? `${sign}${round(v * 100)}` : `${sign}${formatNumber(v)}`;
  };
  const u = axis.metric === 'rate' ? ' points' : unit ? ` ${unit}` : '';
  const ir = g ? `; impact ratio of ${low} ${formatRatio(g.a.impactRatio)} in A, ${formatRatio(g.b.impactRatio)} in B` : '';
  return (
    `${axis.axisTitle}: the gap between ${high} and ${low} ${verb} from ${amount(p.gapA)} to ${amount(p.gapB)}${u} ` +
    `(change ${amount(p.change, true)}${u}, 95% CI ${amount(p.ciLow, true)} to ${amount(p.ciHigh, true)}; adjusted p = ${formatP(p.pAdjusted)})${ir}.`
  );
}

function round(x: number): string {
  return x < 1 ? x.toFixed(1) : String(Math.round(x));
}
