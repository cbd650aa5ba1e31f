import cliProgress from 'cli-progress';
import type { RunProgress } from '../runner/index.js';

export interface ProgressReporter {
  update(p: RunProgress): void;
  stop(): void;
}

/**
 * A bar on a terminal; on a pipe or CI log, a plain line every 10% (or at most every 15 s) so logs
 * stay readable. Both go to stderr: stdout carries the verdict only.
 */
export function createProgress(stream: NodeJS.WritableStream & { isTTY?: boolean }, isTTY: boolean, now: () => number = Date.now): ProgressReporter {
  if (isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream,
        format: 'calls {bar} {value}/{total} | {rate}/s | retries {retries} | failed {failed} | ETA {eta_formatted}',
        hideCursor: true,
        clearOnComplete: false,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    const t0 = now();
    return {
      update(p) {
        const rate = ((p.done - p.fromJournal) / Math.max(0.001, (now() - t0) / 1000)).toFixed(1);
        if (!started) {
          bar.start(p.total, p.done, { retries: p.retries, failed: p.failed, rate });
          started = true;
        } else bar.update(p.done, { retries: p.retries, failed: p.failed, rate });
      },
      stop() {
        if (started) bar.stop();
      },
    };
  }
  let lastTenth = -1;
  let lastAt = 0;
  let last: RunProgress | undefined;
  const line = (p: RunProgress) => `calls ${p.done}/${p.total} (${p.fromJournal} from the journal, ${p.retries} retries, ${p.failed} failed)\n`;
  return {
    update(p) {
      last = p;
      const tenth = p.total === 0 ? 10 : Math.floor((p.done / p.total) * 10);
      if (tenth !== lastTenth || now() - lastAt > 15_000) {
        lastTenth = tenth;
        lastAt = now();
        stream.write(line(p));
      }
    },
    stop() {
      if (last && lastTenth !== 10) stream.write(line(last));
    },
  };
}
