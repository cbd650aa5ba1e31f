/**
 * Re-addressing a reply from one person to another by substituting the values of the template
 * variables that differ between them (`Emily` -> `Lakisha`, `he` -> `she`). A counterfactual target
 * must never call the applicant by the other person's name, so every step refuses rather than guesses:
 * a value that maps to two different values (`her` -> `him` or `his`), a value in an unusual
 * capitalisation, or prompts that do not differ only by these values all make the swap unsafe.
 */

/** One template variable's value for the favoured person and for the disfavoured one. */
export interface Substitution {
  variable: string;
  from: string;
  to: string;
}

export type SwapFailure = 'prompt-mismatch' | 'ambiguous' | 'casing' | 'names-favoured';

export type SwapResult = { ok: true; text: string } | { ok: false; reason: SwapFailure; detail: string };

// A value matches only as a whole word: not inside a longer word, and a number not inside a longer
// number ("52" is not in "52,000" or "4.52").
const BEFORE = '(?<![\\p{L}\\p{N}_])(?<!\\p{N}[.,])';
const AFTER = '(?![\\p{L}\\p{N}_])(?![.,]\\p{N})';

function escapeRegExp(s: string): string {
  // Only syntax characters and `/`: the `u` flag rejects any other escape (`\-`).
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** A global, case-insensitive pattern matching any of `words` as a whole word, longest first. */
export function wordPattern(words: readonly string[]): RegExp | null {
  const alts = [...new Set(words.filter((w) => w.trim() !== ''))].sort((a, b) => b.length - a.length || (a < b ? -1 : 1)).map(escapeRegExp);
  return alts.length === 0 ? null : new RegExp(`${BEFORE}(?:${alts.join('|')})${AFTER}`, 'giu');
}

type Casing = (s: string) => string;

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * How `matched` spells `key`: as written, all lower case, all upper case or capitalised (the
 * template helpers `lower`, `upper`, `capitalize`, and a sentence start). Anything else is unsafe.
 */
function casingOf(matched: string, key: string): Casing | null {
  if (matched === key) return (s) => s;
  if (matched === key.toLowerCase()) return (s) => s.toLowerCase();
  if (matched === key.toUpperCase()) return (s) => s.toUpperCase();
  if (matched === capitalise(key)) return capitalise;
  return null;
}

/** The substitutions that change something, keyed by the favoured value (lower case). */
function targets(subs: readonly Substitution[]): Map<string, { key: string; to: Set<string>; variables: string[] }> {
  const m = new Map<string, { key: string; to: Set<string>; variables: string[] }>();
  for (const s of subs) {
    if (s.from === s.to || s.from.trim() === '') continue;
    const k = s.from.toLowerCase();
    const e = m.get(k) ?? { key: s.from, to: new Set<string>(), variables: [] };
    e.to.add(s.to);
    e.variables.push(s.variable);
    m.set(k, e);
  }
  return m;
}

/**
 * Whether the favoured prompt becomes the disfavoured one by these substitutions alone (each
 * occurrence of a favoured value replaced by one of its disfavoured values, casing kept). When it
 * does not, a value also sits in the fixed wording, or a helper (base64 ...) transformed it, and
 * substituting in the reply cannot be trusted.
 */
export function promptsCorrespond(favoured: string, disfavoured: string, subs: readonly Substitution[]): boolean {
  const map = targets(subs);
  const re = wordPattern([...map.values()].map((e) => e.key));
  if (!re) return favoured === disfavoured;
  let source = '';
  let last = 0;
  for (const m of favoured.matchAll(re)) {
    const e = map.get(m[0].toLowerCase());
    const casing = e && casingOf(m[0], e.key);
    if (!e || !casing) return false;
    source += escapeRegExp(favoured.slice(last, m.index)) + `(?:${[...e.to].map((t) => escapeRegExp(casing(t))).join('|')})`;
    last = (m.index ?? 0) + m[0].length;
  }
  source += escapeRegExp(favoured.slice(last));
  return new RegExp(`^${source}$`, 'u').test(disfavoured);
}

/**
 * The favoured person's reply re-addressed to the disfavoured person. `identifying` are further
 * words that name the favoured person or group (their group labels); the result must contain none
 * of them, nor any favoured value, or the swap fails.
 */
export function swapReply(reply: string, subs: readonly Substitution[], identifying: readonly string[] = []): SwapResult {
  const map = targets(subs);
  const re = wordPattern([...map.values()].map((e) => e.key));
  let text = reply;
  if (re) {
    let failure: SwapResult | undefined;
    text = reply.replace(re, (matched) => {
      const e = map.get(matched.toLowerCase());
      if (!e) return matched;
      if (e.to.size > 1) {
        failure ??= { ok: false, reason: 'ambiguous', detail: `"${matched}" (${e.variables.join(', ')}) would become ${[...e.to].map((t) => `"${t}"`).join(' or ')}` };
        return matched;
      }
      const casing = casingOf(matched, e.key);
      if (!casing) {
        failure ??= { ok: false, reason: 'casing', detail: `"${matched}" is spelt in a casing the template does not use` };
        return matched;
      }
      return casing([...e.to][0] as string);
    });
    if (failure) return failure;
  }
  // The check that matters: nothing that names the favoured person or group is left.
  const leftover = wordPattern([...[...map.values()].map((e) => e.key), ...identifying]);
  const found = leftover ? text.match(leftover) : null;
  if (found) return { ok: false, reason: 'names-favoured', detail: `the target would still say "${found[0]}"` };
  return { ok: true, text };
}
