import { resolve } from 'node:path';
import type { Command } from 'commander';
import { importReview, summariseReview, writeReviewSample } from '../../index.js';
import { UsageError } from '../../errors.js';
import { displayPath, intArg, type CliContext } from '../context.js';

interface ReviewOpts {
  sample?: number;
  seed?: number;
  out?: string;
  showGroups?: boolean;
  import?: string[];
}

export function registerReview(program: Command, ctx: CliContext): void {
  program
    .command('review')
    .description("Check the scorer's labels (the judge's, when one scored the run) with people: draw a review sample (CSV + labelling page), or import labelled files and measure the scorer.")
    .argument('<dir>', 'run directory')
    .option('--sample <n>', 'draw this many replies for review (stratified by group and scorer label, uncertain replies over-represented)', intArg(1))
    .option('--seed <s>', "sampling seed (default: the run's seed)", intArg(0))
    .option('--out <file>', 'the CSV to write (the labelling page goes next to it as .html); default DIR/review-sample.csv')
    .option('--show-groups', "show each reply's groups to the reviewer (default: blind review)")
    .option('--import <file>', 'a labelled review file: the sample CSV or the labelling page\'s CSV or JSON download; repeat for several reviewers', (v: string, prev: string[] = []) => [...prev, v])
    .addHelpText('after', '\nExamples:\n  bias-audit review reports/run --sample 200\n  bias-audit review reports/run --import alice.csv --import bob.json\n')
    .action(async (dir: string, o: ReviewOpts) => {
      const runDir = resolve(ctx.io.cwd, dir);
      if ((o.sample === undefined) === (o.import === undefined)) throw new UsageError('review needs either --sample N (draw a sample) or --import FILE (measure the scorer)');
      if (o.import) {
        if (o.seed !== undefined || o.out !== undefined || o.showGroups) throw new UsageError('--seed, --out and --show-groups go with --sample, not --import');
        const r = await importReview(runDir, o.import.map((f) => resolve(ctx.io.cwd, f)));
        ctx.out(summariseReview(r));
        ctx.out(`Results: ${displayPath(r.file, ctx.io.cwd)}`);
        return;
      }
      const r = await writeReviewSample(runDir, {
        size: o.sample as number,
        ...(o.seed === undefined ? {} : { seed: o.seed }),
        ...(o.out === undefined ? {} : { out: resolve(ctx.io.cwd, o.out) }),
        showGroups: o.showGroups === true,
      });
      const uncertain = r.sample.items.filter((it) => it.status !== 'scored').length;
      ctx.out(`Drew ${r.sample.items.length} replies from ${r.sample.strata.length} strata (group x scorer label; ${uncertain} the scorer set aside), seed ${r.sample.seed}${o.showGroups ? '' : ', groups hidden (blind review)'}.`);
      if (r.sample.uncovered > 0) ctx.out(`Note: ${r.sample.uncovered} replies are in strata the sample did not reach; draw more to cover every stratum.`);
      ctx.out(`CSV: ${displayPath(r.csv, ctx.io.cwd)}`);
      ctx.out(`Labelling page: ${displayPath(r.html, ctx.io.cwd)}`);
      ctx.out(`Labels: ${r.labels.join(', ')}. Then: bias-audit review ${dir} --import <labelled.csv>`);
    });
}
