import assert from 'node:assert/strict';
import { Throttle } from '../../lib/runner/throttle.js';
import { fakeClock } from './clock.js';

const never = new AbortController().signal;

describe('runner/throttle', () => {
  it('paces requests at the rpm cap: one interval apart after a burst of one extra', async () => {
    const clock = fakeClock();
    const t = new Throttle({ maxConcurrency: 4, rpm: 600, now: clock.now, sleep: clock.sleep });
    const departures: number[] = [];
    for (let i = 0; i < 12; i++) {
      const p = await t.acquire(0, never);
      departures.push(clock.now());
      t.succeeded(p, undefined, undefined);
    }
    // 600 rpm = one request per 100 ms; GCRA with a tolerance of one interval lets the second go at once.
    assert.deepEqual(departures, [0, 0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
  });

  it('learns the provider\'s limit from the rate-limit headers and paces by it', async () => {
    const clock = fakeClock();
    const t = new Throttle({ maxConcurrency: 4, now: clock.now, sleep: clock.sleep });
    const first = await t.acquire(0, never);
    t.succeeded(first, { requests: { limit: 6000, remaining: 5999, resetMs: 10 } }, undefined);
    assert.equal(t.rpm, 6000);
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const p = await t.acquire(0, never);
      times.push(clock.now());
      t.succeeded(p, undefined, undefined);
    }
    // 6000 per minute = 10 ms apart, after the burst of one extra.
    assert.deepEqual(times, [0, 0, 10, 20, 30]);
  });

  it('the user cap wins when it is lower than the provider\'s', async () => {
    const clock = fakeClock();
    const t = new Throttle({ maxConcurrency: 1, rpm: 60, now: clock.now, sleep: clock.sleep });
    const p = await t.acquire(0, never);
    t.succeeded(p, { requests: { limit: 6000 } }, undefined);
    assert.equal(t.rpm, 60);
  });

  it('paces tokens per minute by each call\'s estimate, giving back what a reply did not use', async () => {
    const clock = fakeClock();
    // 6000 tokens per minute = 100 tokens per second; each call estimated at 100 tokens = 1 s.
    const t = new Throttle({ maxConcurrency: 1, tpm: 6000, now: clock.now, sleep: clock.sleep });
    const times: number[] = [];
    for (let i = 0; i < 4; i++) {
      const p = await t.acquire(100, never);
      times.push(clock.now());
      t.succeeded(p, undefined, 100);
    }
    // One second of tokens may go at once, then one call per second.
    assert.deepEqual(times, [0, 0, 1000, 2000]);
    const p = await t.acquire(100, never);
    t.succeeded(p, undefined, 10); // used 10 of 100: 0.9 s of the pace comes back
    const q = await t.acquire(100, never);
    assert.equal(clock.now(), 3100);
    t.succeeded(q, undefined, 100);
  });

  it('halves the window on a 429, once per round trip, and climbs back by one per window of successes', async () => {
    const clock = fakeClock();
    const t = new Throttle({ maxConcurrency: 16, now: clock.now, sleep: clock.sleep });
    const permits = await Promise.all(Array.from({ length: 16 }, () => t.acquire(0, never)));
    await clock.sleep(5);
    t.throttledBy(permits[0]!, undefined);
    assert.equal(t.concurrency, 8);
    // Calls that started before the decrease carry no news about the new window.
    t.throttledBy(permits[1]!, undefined);
    assert.equal(t.concurrency, 8);
    for (const p of permits.slice(2)) t.released(p);
    const later = await t.acquire(0, never);
    t.throttledBy(later, undefined);
    assert.equal(t.concurrency, 4);
    assert.equal(t.throttled, 3);
    let successes = 0;
    while (t.concurrency < 16) {
      const p = await t.acquire(0, never);
      t.succeeded(p, undefined, undefined);
      successes++;
    }
    // Additive increase of 1/w per success is about one per window: from 4 to 16 takes between
    // 4 + 5 + ... + 15 = 114 and 5 + 6 + ... + 16 = 126 successes (w grows within each step).
    assert.ok(successes >= 114 && successes <= 126, `${successes} successes`);
  });

  it('holds every new call for the retry-after of a 429, until one has waited it out', async () => {
    const clock = fakeClock();
    const t = new Throttle({ maxConcurrency: 4, now: clock.now, sleep: clock.sleep });
    const p = await t.acquire(0, never);
    t.throttledBy(p, 2500);
    const a = await t.acquire(0, never);
    assert.deepEqual(clock.slept, [2500]);
    const b = await t.acquire(0, never);
    assert.deepEqual(clock.slept, [2500], 'the pause is over once waited out');
    t.released(a);
    t.released(b);
  });

  it('a retry does not wait the pause again: its back-off already did', async () => {
    const clock = fakeClock();
    const t = new Throttle({ maxConcurrency: 4, now: clock.now, sleep: clock.sleep });
    const p = await t.acquire(0, never);
    t.throttledBy(p, 3000);
    const retry = await t.acquire(0, never, { retry: true });
    const next = await t.acquire(0, never);
    assert.deepEqual(clock.slept, []);
    t.released(retry);
    t.released(next);
  });

  it('pauses for one unit when the headers say a window is exhausted', async () => {
    const clock = fakeClock();
    const t = new Throttle({ maxConcurrency: 4, now: clock.now, sleep: clock.sleep });
    const p = await t.acquire(0, never);
    // 60 per minute, none left, full in 60 s: one comes back every second.
    t.succeeded(p, { requests: { limit: 60, remaining: 0, resetMs: 60_000 } }, undefined);
    await t.acquire(0, never);
    assert.equal(clock.now(), 1000);
  });

  it('never has more calls in flight than the window, and wakes a waiter when one ends', async () => {
    const clock = fakeClock();
    const t = new Throttle({ maxConcurrency: 2, now: clock.now, sleep: clock.sleep });
    const a = await t.acquire(0, never);
    await t.acquire(0, never);
    let third = false;
    const pending = t.acquire(0, never).then((p) => {
      third = true;
      return p;
    });
    await new Promise((r) => setImmediate(r));
    assert.equal(third, false);
    assert.equal(t.active, 2);
    t.released(a);
    await pending;
    assert.equal(third, true);
    assert.equal(t.active, 2);
  });

  it('an abort frees a caller waiting for a place', async () => {
    const clock = fakeClock();
    const t = new Throttle({ maxConcurrency: 1, now: clock.now, sleep: clock.sleep });
    await t.acquire(0, never);
    const ctl = new AbortController();
    const waiting = t.acquire(0, ctl.signal);
    ctl.abort(new Error('stop'));
    await assert.rejects(waiting, /stop/);
    assert.equal(t.active, 1);
  });
});
