/** A seeded source of uniform numbers in [0, 1): statistics never call Math.random. */
export type Rng = () => number;

/**
 * mulberry32, a small 32-bit generator (Tommy Ettinger, public domain): good enough for resampling,
 * reproducible across platforms, and seeded from any string through FNV-1a.
 * @example const rng = seededRng('audit-42/race'); rng() // 0.73…
 */
export function seededRng(seed: string | number): Rng {
  let a = typeof seed === 'number' ? seed >>> 0 : fnv1a(seed);
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a 32-bit hash of a string. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}
