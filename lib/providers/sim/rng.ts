/**
 * A tiny seeded random source for `sim`: a string hash seeds a small-state generator, so the same
 * (seed, prompt, sample) always draws the same numbers, and nothing reads Math.random or the clock.
 */

/**
 * cyrb128: a 128-bit string hash built from four interleaved 32-bit multiply-xorshift lanes
 * (bryc, "PRNGs and hash functions for JavaScript", github.com/bryc/code, jshash/PRNGs.md, public
 * domain). Not cryptographic; it only has to spread similar prompts over unrelated seeds.
 */
export function hash128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/**
 * sfc32, Chris Doty-Humphrey's Small Fast Chaotic generator (PractRand), 32-bit variant.
 * Returns uniforms in [0, 1) with 32 bits of resolution.
 */
export function sfc32(seed: readonly [number, number, number, number]): () => number {
  let [a, b, c, d] = seed;
  const next = (): number => {
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  // Discard the first outputs: with a fresh state the first few are correlated with the seed.
  for (let i = 0; i < 12; i++) next();
  return next;
}

/** A uniform source seeded by a string. */
export function rngFromString(text: string): () => number {
  return sfc32(hash128(text));
}

/** Standard normal deviate by Box-Muller from two uniforms (1 - u keeps the log argument in (0, 1]). */
export function normalFrom(u1: number, u2: number): number {
  return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
}
