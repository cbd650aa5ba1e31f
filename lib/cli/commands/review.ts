import { resolve } from 'node:path';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { importReview, planReview, REVIEW_TARGETS, summariseReview, writeReviewSample, type ReviewPlan } from '../../index.js';
import { UsageError } from '../../errors.js';
import { displayPath, intArg, type CliContext } from '../context.js';

interface ReviewOpts {
  sample?: number | 'auto' | true;
  plan?: boolean;
  for?: 'correction' | 'accuracy';
  axes?: string[];
  seed?: number;
  out?: string;
  showGroups?: boolean;
  import?: string[];
}

/** `--sample 200`, `--sample auto`, or `--sample` alone (auto). */
function sampleArg(v: string): number | 'auto' {
  return v === 'auto' ? 'auto' : intArg(1)(v);
}

function forArg(v: string): 'correction' | 'accuracy' {
  if (v !== 'correction' && v !== 'accuracy') throw new InvalidArgumentError(`expected correction or accuracy, got "${v}"`);
  return v;
}

function axesArg(v: string): string[] {
  const axes = v
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a !== '');
  if (axes.length === 0) throw new InvalidArgumentError('expected axis ids separated by commas, e.g. race,age');
  return axes;
}

/** The plan in a few lines: the size, the axes it aims at, and the groups no review can make estimable. */
function planLines(p: ReviewPlan & { scoredBy: string }, dir: string): string[] {
  const lines = [
    `A review of ${p.size} of the run's ${p.replies} replies gives every group of ${p.axes.length === 1 ? 'axis' : 'axes'} ${p.axes.join(', ')} the reviewed replies the correction needs: ${REVIEW_TARGETS.perReading} of each of the ${p.scoredBy}'s readings (favourable, unfavourable) and ${REVIEW_TARGETS.perSetAside} set aside where those hold ${Math.round(REVIEW_TARGETS.setAsideShare * 100)}% of the group, enough when people agree with the ${p.scoredBy} on most of each reading.`,
  ];
  if (p.perAxis.length > 1) lines.push(`Each axis alone (--axes): ${p.perAxis.map((a) => `${a.axis} ${a.size}`).join(', ')}; a reply serves every axis it has a group on, so together they need ${p.size}, not ${p.perAxis.reduce((n, a) => n + a.size, 0)}.`);
  // One line per axis: which groups hold too few replies of a reading for the rule, whatever is reviewed.
  for (const axis of [...new Set(p.unreachable.map((u) => u.axis))]) {
    const groups = p.unreachable.filter((u) => u.axis === axis).map((u) => `${u.group} has ${u.replies} the ${p.scoredBy} read ${u.reading}`);
    lines.push(`Note: ${axis} is unlikely to be estimable with any review of this run (the rule needs 10 per group that people read favourable and 10 unfavourable, and 10 reviewed of a set-aside reading holding 5% of a group): ${groups.join('; ')}.`);
  }
  lines.push(`To draw it: bias-audit review ${dir} --sample auto`);
  return lines;
}

export function registerReview(program: Command, ctx: CliContext): void {
  program
    .command('review')
    .description("Check the scorer's labels (the judge's, when one scored the run) with people: plan and draw a review sample (CSV + labelling page), or import labelled files and measure the scorer.")
    .argument('<dir>', 'run directory')
    .option('--sample [n]', 'draw this many replies for review (stratified by group and scorer label); auto or no number: as many as --plan says', sampleArg)
    .option('--plan', 'say how many reviewed replies the misclassification correction needs on every axis (what --sample auto draws)')
    .option('--for <what>', 'what the sample aims at: correction (default: what the corrected findings need, per group of every axis) or accuracy (equal shares per stratum, refused and unparsed replies boosted)', forArg)
    .option('--axes <ids>', 'with --plan or --sample: the axes the correction allocation aims at, comma-separated (default: every axis of the run)', axesArg)
    .option('--seed <s>', "sampling seed (default: the run's seed)", intArg(0))
    .option('--out <file>', 'the CSV to write (the labelling page goes next to it as .html); default DIR/review-sample.csv')
    .option('--show-groups', "show each reply's groups to the reviewer (default: blind review)")
    .option('--import <file>', 'a labelled review file: the sample CSV or the labelling page\'s CSV or JSON download; repeat for several reviewers', (v: string, prev: string[] = []) => [...prev, v])
    .addHelpText('after', '\nExamples:\n  bias-audit review reports/run --plan\n  bias-audit review reports/run --sample auto\n  bias-audit review reports/run --sample 200 --for accuracy\n  bias-audit review reports/run --import alice.csv --import bob.json\n')
    .action(async (dir: string, o: ReviewOpts) => {
      const runDir = resolve(ctx.io.cwd, dir);
      const modes = [o.sample !== undefined, o.import !== undefined, o.plan === true].filter(Boolean).length;
      if (modes !== 1) throw new UsageError('review needs either --sample N or auto (draw a sample), --plan (say how many replies to review) or --import FILE (measure the scorer), one of them');
      if (o.import) {
        if (o.seed !== undefined || o.out !== undefined || o.showGroups || o.for !== undefined || o.axes !== undefined) throw new UsageError('--seed, --out, --show-groups, --for and --axes go with --sample, not --import');
        const r = await importReview(runDir, o.import.map((f) => resolve(ctx.io.cwd, f)));
        ctx.out(summariseReview(r));
        ctx.out(`Results: ${displayPath(r.file, ctx.io.cwd)}`);
        return;
      }
      if (o.plan) {
        if (o.seed !== undefined || o.out !== undefined || o.showGroups || o.for !== undefined) throw new UsageError('--seed, --out, --show-groups and --for go with --sample, not --plan');
        const p = await planReview(runDir, o.axes ? { axes: o.axes } : {});
        for (const line of planLines(p, dir)) ctx.out(line);
        return;
      }
      if (o.for === 'accuracy' && o.axes !== undefined) throw new UsageError('--axes chooses what the correction allocation aims at; it does not go with --for accuracy');
      const r = await writeReviewSample(runDir, {
        size: o.sample === true || o.sample === undefined ? 'auto' : o.sample,
        ...(o.for === undefined ? {} : { allocation: o.for }),
        ...(o.axes === undefined ? {} : { axes: o.axes }),
        ...(o.seed === undefined ? {} : { seed: o.seed }),
        ...(o.out === undefined ? {} : { out: resolve(ctx.io.cwd, o.out) }),
        showGroups: o.showGroups === true,
      });
      const uncertain = r.sample.items.filter((it) => it.status !== 'scored').length;
      ctx.out(`Drew ${r.sample.items.length} replies from ${r.sample.strata.length} strata (group x ${r.scoredBy} label; ${uncertain} the ${r.scoredBy} set aside), for the ${r.sample.allocation}, seed ${r.sample.seed}${o.showGroups ? '' : ', groups hidden (blind review)'}.`);
      const plan = r.sample.plan;
      if (plan && (r.sample.shortOfPlan?.length ?? 0) > 0) {
        const axes = [...new Set((r.sample.shortOfPlan ?? []).map((c) => c.axis).filter((a) => a !== '*'))];
        ctx.out(`Note: ${r.sample.items.length} replies are too few for the correction to be estimable on every axis (short on ${axes.length > 0 ? axes.join(', ') : 'the labels'}); the plan needs ${plan.size} (bias-audit review ${dir} --plan; --sample auto draws them).`);
      }
      if (r.sample.uncovered > 0) ctx.out(`Note: ${r.sample.uncovered} replies are in strata the sample did not reach; the correction takes their error as that of the group's reviewed replies with the same ${r.scoredBy} reading.`);
      ctx.out(`CSV: ${displayPath(r.csv, ctx.io.cwd)}`);
      ctx.out(`Labelling page: ${displayPath(r.html, ctx.io.cwd)}`);
      ctx.out(`Labels: ${r.labels.join(', ')}. Then: bias-audit review ${dir} --import <labelled.csv>`);
    });
}
