import type { RateLimitState } from '../types.js';

export interface ThrottleOptions {
  /** Most calls in flight; the window starts here and never goes above it. */
  maxConcurrency: number;
  /** The user's caps, requests and tokens per minute. */
  rpm?: number;
  tpm?: number;
  now: () => number;
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** A call's place in the window; hand it back with `release`. */
export interface Permit {
  startedAt: number;
  /** Tokens reserved against the tokens-per-minute pace. */
  tokens: number;
}

/**
 * How fast calls go out: an AIMD concurrency window (Jacobson 1988, "Congestion avoidance and
 * control", as in TCP) that halves on a 429 and grows by one per window of successes back to the
 * maximum, and two pacers (GCRA, the virtual-scheduling form of a token bucket, ITU-T I.371) for
 * requests and tokens per minute at the lower of the user's cap and the limit the provider's
 * rate-limit headers announce. A 429's retry-after (or an exhausted window in the headers) pauses
 * every call, not only the one that was refused: the limit is the account's, not the call's.
 */
export class Throttle {
  private window: number;
  private inFlight = 0;
  private readonly waiters: (() => void)[] = [];
  /** Theoretical arrival times (ms) of the next request and token, GCRA's state. */
  private requestTat = 0;
  private tokenTat = 0;
  private pausedUntil = 0;
  /**
   * The end of the last pause some call has already slept through. A pause is over once one call
   * has waited it out: in real time that is the same as the clock passing it, and it keeps a
   * test's injected sleep from having to move a clock.
   */
  private pauseServed = 0;
  private lastDecrease = Number.NEGATIVE_INFINITY;
  private learnedRpm: number | undefined;
  private learnedTpm: number | undefined;
  throttled = 0;

  constructor(private readonly opts: ThrottleOptions) {
    this.window = Math.max(1, opts.maxConcurrency);
  }

  /** The current window (calls allowed in flight). */
  get concurrency(): number {
    return Math.floor(this.window);
  }

  get active(): number {
    return this.inFlight;
  }

  /** Requests per minute being paced at, if any. */
  get rpm(): number | undefined {
    return minDefined(this.opts.rpm, this.learnedRpm);
  }

  get tpm(): number | undefined {
    return minDefined(this.opts.tpm, this.learnedTpm);
  }

  /**
   * Wait for a place in the window and for the pacers, then return the permit of one call. A retry
   * skips the pause: its own back-off already waited at least the retry-after that caused it.
   * One sleep per call (a pause that grows meanwhile is the next call's to honour), so a test's
   * injected sleep need not move a clock.
   */
  async acquire(tokens: number, signal: AbortSignal, opts: { retry?: boolean } = {}): Promise<Permit> {
    while (this.inFlight >= this.concurrency) await this.waitForSlot(signal);
    this.inFlight++;
    try {
      const pause = this.pausedUntil > this.pauseServed ? this.pausedUntil : 0;
      if (opts.retry) this.pauseServed = Math.max(this.pauseServed, pause);
      const departAt = Math.max(this.reserve(tokens), opts.retry ? 0 : pause);
      const wait = departAt - this.opts.now();
      if (wait > 0) await this.opts.sleep(wait, signal);
      this.pauseServed = Math.max(this.pauseServed, pause);
    } catch (err) {
      this.free();
      throw err;
    }
    return { startedAt: this.opts.now(), tokens };
  }

  /** The call succeeded: grow the window, learn the provider's limits, give back unused tokens. */
  succeeded(permit: Permit, rateLimit: RateLimitState | undefined, actualTokens: number | undefined): void {
    this.window = Math.min(this.opts.maxConcurrency, this.window + 1 / this.window);
    this.learn(rateLimit);
    const tpm = this.tpm;
    if (tpm !== undefined && actualTokens !== undefined && actualTokens < permit.tokens) {
      this.tokenTat -= ((permit.tokens - actualTokens) * 60_000) / tpm;
    }
    this.free();
  }

  /**
   * The provider said slow down (429): halve the window, once per round trip (calls started before
   * the last decrease carry no news), and hold every call until the advised wait is over.
   */
  throttledBy(permit: Permit, retryAfterMs: number | undefined): void {
    this.throttled++;
    const now = this.opts.now();
    if (permit.startedAt >= this.lastDecrease) {
      this.window = Math.max(1, this.window / 2);
      this.lastDecrease = now;
    }
    if (retryAfterMs !== undefined) this.pausedUntil = Math.max(this.pausedUntil, now + retryAfterMs);
    this.free();
  }

  /** Any other outcome: the window stays as it is. */
  released(_permit: Permit): void {
    this.free();
  }

  /**
   * Take the next departure times of both pacers. With interval T and tolerance tau, a call may
   * leave at max(now, tat - tau), and tat moves on by T: calls leave evenly at the rate, with a
   * burst of one interval to absorb timer jitter.
   */
  private reserve(tokens: number): number {
    const now = this.opts.now();
    let departAt = now;
    const rpm = this.rpm;
    if (rpm !== undefined) {
      const interval = 60_000 / rpm;
      departAt = Math.max(departAt, this.requestTat - interval);
    }
    const tpm = this.tpm;
    const tokenSpan = tpm === undefined ? 0 : (tokens * 60_000) / tpm;
    // One second's worth of tokens may go at once: token limits are enforced over the minute.
    if (tpm !== undefined) departAt = Math.max(departAt, this.tokenTat - 1000);
    if (rpm !== undefined) this.requestTat = Math.max(this.requestTat, departAt) + 60_000 / rpm;
    if (tpm !== undefined) this.tokenTat = Math.max(this.tokenTat, departAt) + tokenSpan;
    return departAt;
  }

  /**
   * Limits from the headers (both vendors state them per minute). An exhausted window pauses calls
   * until one unit is back: both refill continuously, so one unit takes reset / limit.
   */
  private learn(state: RateLimitState | undefined): void {
    if (!state) return;
    if (state.requests?.limit) this.learnedRpm = state.requests.limit;
    if (state.tokens?.limit) this.learnedTpm = state.tokens.limit;
    const now = this.opts.now();
    for (const w of [state.requests, state.tokens]) {
      if (w?.remaining === 0 && w.resetMs !== undefined) {
        const unit = w.limit ? w.resetMs / w.limit : w.resetMs;
        this.pausedUntil = Math.max(this.pausedUntil, now + unit);
      }
    }
  }

  private free(): void {
    this.inFlight--;
    // Wake one waiter per free place; each checks again in acquire, as another may have been quicker.
    for (let free = this.concurrency - this.inFlight; free > 0 && this.waiters.length > 0; free--) {
      (this.waiters.shift() as () => void)();
    }
  }

  private waitForSlot(signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      const onAbort = () => {
        const i = this.waiters.indexOf(wake);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(signal.reason);
      };
      const wake = () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      };
      this.waiters.push(wake);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}

function minDefined(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}
