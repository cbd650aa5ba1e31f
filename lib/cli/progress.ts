import cliProgress from 'cli-progress';
import type { RunProgress } from '../runner/index.js';

export interface ProgressReporter {
  update(p: RunProgress): void;
  stop(): void;
}

/** The figures both displays show, computed once from the run's progress and the time it has run. */
export interface ProgressFigures {
  /** Replies per second in this process (journal hits excluded, cache hits included). */
  rate: number;
  /** Seconds left at that rate; undefined before the first reply. */
  etaSeconds: number | undefined;
  percent: number;
  spend: string;
  batches: string;
}

export function progressFigures(p: RunProgress, elapsedMs: number): ProgressFigures {
  const made = p.done - p.fromJournal;
  const rate = made / Math.max(0.001, elapsedMs / 1000);
  const left = p.total - p.done;
  const b = p.batches;
  return {
    rate,
    etaSeconds: made > 0 && rate > 0 ? left / rate : left === 0 ? 0 : undefined,
    percent: p.total === 0 ? 100 : Math.floor((p.done / p.total) * 100),
    spend: p.costUsd === undefined ? '' : `$${p.costUsd < 0.01 && p.costUsd > 0 ? p.costUsd.toPrecision(2) : p.costUsd.toFixed(2)}`,
    batches: b && b.pending > 0 ? `${b.pending} batch${b.pending === 1 ? '' : 'es'} at the provider, ${b.processed}/${b.requests} processed` : '',
  };
}

/** 3725 -> `1h02m`, 75 -> `1m15s`, 9 -> `9s`. */
export function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  if (s >= 3600) return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${s}s`;
}

/** The plain line of a pipe or CI log. */
export function progressLine(p: RunProgress, elapsedMs: number): string {
  const f = progressFigures(p, elapsedMs);
  const parts = [
    `calls ${p.done}/${p.total} (${f.percent}%)`,
    `${f.rate.toFixed(1)}/s`,
    `${p.fromJournal} from the journal`,
    `${p.cached} cached`,
    `${p.retries} retries`,
    `${p.failed} failed`,
    ...(p.throttled > 0 ? [`${p.throttled} rate-limited`] : []),
    ...(f.spend ? [`spent ${f.spend}`] : []),
    ...(f.batches ? [f.batches] : []),
    `ETA ${formatDuration(f.etaSeconds)}`,
  ];
  return `${parts.join(' | ')}\n`;
}

/**
 * A bar on a terminal (done/total, rate, retries, errors, spend, ETA); on a pipe or CI log, a plain
 * line at every 10% and at least every 15 s, so logs stay readable and show a stalled run. Both go
 * to stderr: stdout carries the verdict only.
 */
export function createProgress(stream: NodeJS.WritableStream & { isTTY?: boolean }, isTTY: boolean, now: () => number = Date.now): ProgressReporter {
  const t0 = now();
  if (isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream,
        // `left`, not `eta`: cli-progress fills {eta} itself, from its own estimate.
        format: 'calls {bar} {value}/{total} | {rate}/s | retries {retries} | errors {failed} | {spend}{batches}ETA {left}',
        hideCursor: true,
        clearOnComplete: false,
        // The bar draws on its own timer too; the payload is what the last update set.
        fps: 5,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(p) {
        const f = progressFigures(p, now() - t0);
        const payload = {
          rate: f.rate.toFixed(1),
          retries: p.retries,
          failed: p.failed,
          spend: f.spend ? `${f.spend} | ` : '',
          batches: f.batches ? `${f.batches} | ` : '',
          left: formatDuration(f.etaSeconds),
        };
        if (!started) {
          bar.start(p.total, p.done, payload);
          started = true;
        } else bar.update(p.done, payload);
      },
      stop() {
        if (started) bar.stop();
      },
    };
  }
  let lastTenth = -1;
  let lastAt = t0;
  let last: RunProgress | undefined;
  let lastWritten: RunProgress | undefined;
  return {
    update(p) {
      last = p;
      const tenth = p.total === 0 ? 10 : Math.floor((p.done / p.total) * 10);
      if (tenth !== lastTenth || now() - lastAt >= 15_000) {
        lastTenth = tenth;
        lastAt = now();
        lastWritten = p;
        stream.write(progressLine(p, now() - t0));
      }
    },
    stop() {
      // The final figures, unless the last line already showed them.
      if (last && last.done !== lastWritten?.done) stream.write(progressLine(last, now() - t0));
    },
  };
}
