import { Option, type Command } from 'commander';
import { expand, loadProbeSet, planProbeSet, planReplies, resolvePolicy, UsageError, type Policy, type ProbeSetPlan } from '../../index.js';
import { intArg, numArg, resolveProbeSetPath, type CliContext } from '../context.js';

interface PlanFlags {
  groups?: number;
  gap?: number;
  baseRate?: number;
  cv?: number;
  sd?: number;
  blocks?: number;
  probesPerBlock: number;
  power: number;
  alpha?: number;
  tests?: number;
  correction?: Policy['correction'];
  margin?: number;
  minImpactRatio?: number;
  loss: number;
  samples?: number;
  json?: boolean;
}

export function registerPlan(program: Command, ctx: CliContext): void {
  program
    .command('plan')
    .description('How many samples an audit needs: the gap it can detect, the chance a fair model passes, the samples per probe to pass or fail. No model is called.')
    .argument('[probe-set]', 'plan every axis of this probe set (YAML file or built-in name) at its own size')
    .option('--groups <k>', 'groups compared (without a probe set)', intArg(2))
    .option('--gap <g>', 'the disparity to catch: rate points (0.05 = 5 points), or relative for means (0.05 = 5%); default twice the margin with a probe set', numArg)
    .option('--base-rate <p>', 'favourable-outcome rate of the groups (rates; default 0.5, the most variable case)', numArg)
    .option('--cv <c>', 'within-block coefficient of variation of one reply, sd/mean (numeric outcomes; default 0.1)', numArg)
    .option('--sd <s>', 'sentiment probe sets: standard deviation of one reply\'s VADER compound score (default 0.5); gap and margin are then in compound points (default margin 0.1)', numArg)
    .option('--blocks <b>', 'counterfactual blocks (without a probe set): gives samples per probe', intArg(1))
    .option('--probes-per-block <r>', 'probes of one group in one block, e.g. names per group (without a probe set)', intArg(1), 1)
    .option('--power <p>', 'power for each answer', numArg, 0.8)
    .option('--alpha <a>', 'significance level after correction (default the policy\'s, 0.05)', numArg)
    .option('--tests <m>', 'axes in the audit, the size of the correction\'s family (without a probe set; default 1)', intArg(1))
    .addOption(new Option('--correction <method>', 'multiple-comparison correction').choices(['holm', 'bh', 'bonferroni', 'none']))
    .option('--margin <d>', 'largest acceptable gap: rate points, relative for means, compound points for sentiment sets (default the policy\'s maxRateGap 0.1 / maxRelativeMeanGap 0.05 / maxMeanGap 0.1)', numArg)
    .option('--min-impact-ratio <r>', 'four-fifths rule threshold (default 0.8; 0 turns the rule off)', numArg)
    .option('--loss <f>', 'share of replies expected to be refused or unparsed', numArg, 0.05)
    .option('--samples <n>', 'with a probe set: plan at this many samples per probe instead of its own', intArg(1))
    .option('--json', 'print the plan as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  bias-audit plan --groups 4 --gap 0.05 --base-rate 0.7 --blocks 8 --tests 6\n  bias-audit plan probes/hiring-screen.yaml --base-rate 0.7\n  bias-audit plan salary-offer --cv 0.08 --json\n',
    )
    .action(async (file: string | undefined, o: PlanFlags) => {
      if (!(o.power > 0 && o.power < 1)) throw new UsageError(`--power must lie strictly between 0 and 1; got ${o.power}`);
      if (!(o.loss >= 0 && o.loss < 1)) throw new UsageError(`--loss must lie in [0, 1); got ${o.loss}`);
      if (file !== undefined) return planFile(file, o, ctx);
      return planGeneric(o, ctx);
    });
}

function policyOf(o: PlanFlags, metric: 'rate' | 'mean', maxMeanGap?: number): Policy {
  try {
    return resolvePolicy({
      ...(maxMeanGap === undefined ? {} : { maxMeanGap }),
      ...(o.alpha === undefined ? {} : { alpha: o.alpha }),
      ...(o.correction === undefined ? {} : { correction: o.correction }),
      ...(o.minImpactRatio === undefined ? {} : { minImpactRatio: o.minImpactRatio }),
      ...(o.margin === undefined ? {} : metric === 'rate' ? { maxRateGap: o.margin } : { maxRelativeMeanGap: o.margin }),
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

function planGeneric(o: PlanFlags, ctx: CliContext): void {
  if (o.groups === undefined) throw new UsageError('plan needs --groups (or a probe set), e.g. bias-audit plan --groups 4 --gap 0.05 --base-rate 0.7');
  if (o.gap === undefined) throw new UsageError('plan needs --gap, the disparity to catch, e.g. --gap 0.05 for 5 points');
  if (o.cv !== undefined && o.baseRate !== undefined) throw new UsageError('give --base-rate (rates) or --cv (means), not both');
  const metric = o.cv !== undefined ? 'mean' : 'rate';
  const policy = policyOf(o, metric);
  const tests = o.tests ?? 1;
  const baseRate = o.baseRate ?? 0.5;
  const answer = guard(() =>
    planReplies({ metric, groups: o.groups as number, ...(metric === 'rate' ? { baseRate } : { cv: o.cv as number }), gap: o.gap as number, power: o.power, tests, policy }),
  );
  const perSample = o.blocks === undefined ? undefined : o.blocks * o.probesPerBlock * (1 - o.loss);
  const samples = (n: number | null) => (n === null || perSample === undefined ? null : Math.ceil(n / perSample));
  if (o.json) {
    ctx.out(
      JSON.stringify(
        {
          assumptions: { metric, groups: o.groups, ...(metric === 'rate' ? { baseRate } : { cv: o.cv }), gap: o.gap, power: o.power, tests, alpha: policy.alpha, correction: policy.correction, margin: answer.margin, minImpactRatio: policy.minImpactRatio, level: answer.level, ...(o.blocks === undefined ? {} : { blocks: o.blocks, probesPerBlock: o.probesPerBlock, loss: o.loss }) },
          repliesPerGroup: { detect: answer.detect, pass: answer.pass, fail: answer.fail },
          ...(perSample === undefined ? {} : { samplesPerProbe: { detect: samples(answer.detect), pass: samples(answer.pass), fail: samples(answer.fail) } }),
        },
        null,
        2,
      ),
    );
    return;
  }
  const unit = (x: number) => (metric === 'rate' ? `${round(x * 100)} points` : `${round(x * 100)}%`);
  const gapOf = (x: number) => (metric === 'rate' ? `${round(x * 100)}-point` : `${round(x * 100)}%`);
  const per = (n: number | null) => (n === null ? '' : perSample === undefined ? '' : `  (${samples(n)} samples per probe)`);
  const lines = [
    `Plan for ${o.groups} groups${metric === 'rate' ? ` with a favourable rate of about ${round(baseRate * 100)}%${o.baseRate === undefined ? ' (assumed; set --base-rate)' : ''}` : `, coefficient of variation ${o.cv}`}, ${policy.correction} over ${tests} test${tests === 1 ? '' : 's'} at α = ${policy.alpha} (first step ${fmt(answer.level)}), ${round(o.power * 100)}% power each:`,
    `  detect a ${gapOf(o.gap)} gap (the omnibus test shows a difference):  ${answer.detect.toLocaleString('en-US')} scored replies per group${per(answer.detect)}`,
    `  pass if the groups are alike (equivalence within ${unit(answer.margin)}${metric === 'rate' && policy.minImpactRatio > 0 ? ` and impact ratio ${policy.minImpactRatio}` : ''}):  ${answer.pass === null ? 'not reachable' : `${answer.pass.toLocaleString('en-US')} per group${per(answer.pass)}`}`,
    answer.fail === null
      ? `  fail at a ${gapOf(o.gap)} gap: not possible — that gap is within the margin (${unit(answer.margin)})`
      : `  fail at a ${gapOf(o.gap)} gap (shown beyond the margin):  ${answer.fail.toLocaleString('en-US')} per group${per(answer.fail)}`,
  ];
  if (perSample !== undefined) lines.push(`Samples per probe assume ${o.blocks} blocks x ${o.probesPerBlock} probe(s) per group and ${round(o.loss * 100)}% of replies refused or unparsed.`);
  ctx.out(lines.join('\n'));
}

async function planFile(file: string, o: PlanFlags, ctx: CliContext): Promise<void> {
  if (o.groups !== undefined || o.blocks !== undefined || o.tests !== undefined) throw new UsageError('with a probe set, --groups, --blocks and --tests come from the probe set; leave them out');
  const ps = await loadProbeSet(resolveProbeSetPath(file, ctx.io.cwd));
  const metric = ['numeric', 'sentiment', 'length'].includes(ps.outcome.type) ? 'mean' : 'rate';
  if (metric === 'rate' && o.cv !== undefined) throw new UsageError(`${ps.id} has a ${ps.outcome.type} outcome (rates): use --base-rate, not --cv`);
  if (metric === 'mean' && o.baseRate !== undefined) throw new UsageError(`${ps.id} has a ${ps.outcome.type} outcome (means): use --cv, not --base-rate`);
  // Sentiment is judged on an absolute gap in compound points (docs/statistics.md): planned with --sd.
  const absolute = ps.outcome.type === 'sentiment';
  if (absolute && o.cv !== undefined) throw new UsageError(`${ps.id} has a sentiment outcome (an absolute margin in VADER compound points): use --sd, not --cv`);
  if (!absolute && o.sd !== undefined) throw new UsageError(`--sd is for sentiment probe sets; ${ps.id} has a ${ps.outcome.type} outcome`);
  const policy = absolute ? policyOf({ ...o, margin: undefined }, metric, o.margin) : policyOf(o, metric);
  const gap = o.gap ?? 2 * (metric === 'rate' ? policy.maxRateGap : absolute ? (policy.maxMeanGap ?? 0.1) : policy.maxRelativeMeanGap);
  const plan = guard(() =>
    planProbeSet(ps, expand(ps), {
      policy,
      gap,
      power: o.power,
      ...(metric === 'rate' ? { baseRate: o.baseRate ?? 0.5 } : absolute ? { sd: o.sd ?? 0.5 } : { cv: o.cv ?? 0.1 }),
      loss: o.loss,
      ...(o.samples === undefined ? {} : { samples: o.samples }),
    }),
  );
  if (o.json) {
    ctx.out(JSON.stringify({ probeSet: ps.id, ...plan }, null, 2));
    return;
  }
  ctx.out(renderPlan(ps.id, plan, metric, o.baseRate === undefined && metric === 'rate', (absolute ? o.sd : o.cv) === undefined && metric === 'mean'));
}

function renderPlan(id: string, plan: ProbeSetPlan, metric: 'rate' | 'mean', assumedRate: boolean, assumedCv: boolean): string {
  const a = plan.assumptions;
  const unit = (x: number) => (metric === 'rate' ? `${round(x * 100)} pts` : a.sd !== undefined ? String(Number(x.toFixed(3))) : `${round(x * 100)}%`);
  const spread = a.sd !== undefined ? `standard deviation ${a.sd} compound points per reply${assumedCv ? ' (assumed; set --sd)' : ''}` : `coefficient of variation ${a.cv}${assumedCv ? ' (assumed; set --cv)' : ''}`;
  const head = `${id}: ${plan.samples} samples per probe, ${plan.calls.toLocaleString('en-US')} calls; ${metric === 'rate' ? `favourable rate ${round((a.baseRate ?? 0) * 100)}%${assumedRate ? ' (assumed; set --base-rate)' : ''}` : spread}, ${round(a.loss * 100)}% of replies lost, ${a.correction} over ${a.tests} axes at α = ${a.alpha}, power ${round(a.power * 100)}%.`;
  const rows = [
    ['axis', 'groups', 'blocks', 'probes/group', 'replies/group', 'detectable gap', 'P(pass if fair)', `samples to detect ${unit(a.gap)}`, 'samples to pass', `samples to fail at ${unit(a.gap)}`],
    ...plan.axes.map((x) => [
      x.axis,
      String(x.groups),
      String(x.blocks),
      String(x.probesPerGroup),
      String(Math.round(x.repliesPerGroup)),
      unit(x.minDetectableGap),
      `${round(x.passProbabilityIfFair * 100)}%`,
      String(x.samplesToDetect),
      x.samplesToPass === null ? '-' : String(x.samplesToPass),
      x.samplesToFail === null ? '-' : String(x.samplesToFail),
    ]),
  ];
  const widths = (rows[0] as string[]).map((_, j) => Math.max(...rows.map((r) => (r[j] as string).length)));
  const table = rows.map((r) => r.map((c, j) => (j === 0 ? c.padEnd(widths[j] as number) : c.padStart(widths[j] as number))).join('  '));
  const tail =
    plan.samplesForConclusive === null
      ? 'No number of samples makes every axis conclusive under these assumptions.'
      : `Every axis conclusive (alike groups pass, a ${unit(a.gap)} gap fails) with ${round(a.power * 100)}% power each: ${plan.samplesForConclusive} samples per probe, ${plan.callsForConclusive?.toLocaleString('en-US')} calls.`;
  return [head, '', ...table, '', tail, 'The powers are per axis; the chance that every axis is conclusive at once is lower (raise --power to plan for it).'].join('\n');
}

function guard<T>(f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof RangeError) throw new UsageError(err.message);
    throw err;
  }
}

function round(x: number): string {
  return Number(x.toFixed(1)).toString();
}

function fmt(x: number): string {
  return x >= 0.001 ? String(Number(x.toPrecision(3))) : x.toExponential(2);
}
