/**
 * A clock for tests: `sleep` moves it forward instead of waiting, so pacing and back-off can be
 * checked to the millisecond without a real wait. Sleeps run one after another in call order.
 */
export function fakeClock(start = 0): { now: () => number; sleep: (ms: number, signal?: AbortSignal) => Promise<void>; slept: number[] } {
  let t = start;
  const slept: number[] = [];
  return {
    now: () => t,
    slept,
    async sleep(ms: number, signal?: AbortSignal) {
      if (signal?.aborted) throw signal.reason;
      slept.push(ms);
      t += ms;
    },
  };
}
