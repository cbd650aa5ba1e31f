import type { Attribute, ChatMessage, ContextVariable, TemplateMessage } from '../types.js';

/**
 * Why a sequence of roles is not a conversation both chat APIs accept, or undefined when it is.
 * OpenAI takes any order, but Anthropic's Messages API wants system text first (it is sent apart),
 * then turns that alternate and start with `user`; and the model is asked to answer the last user
 * turn (an assistant turn at the end would be Anthropic's "prefill", which OpenAI does not honour).
 */
export function turnOrderProblem(roles: readonly ChatMessage['role'][]): string | undefined {
  let first = 0;
  while (roles[first] === 'system') first++;
  const turns = roles.slice(first);
  if (turns.includes('system')) return 'a system message after the first user or assistant turn';
  if (turns.length === 0) return 'no user turn';
  if (turns[0] !== 'user') return `a first turn by ${turns[0]} (after the system messages, the conversation starts with user)`;
  for (let i = 1; i < turns.length; i++) {
    if (turns[i] === turns[i - 1]) return `two ${turns[i]} turns in a row (turns alternate user, assistant, user ...)`;
  }
  if (turns[turns.length - 1] !== 'user') return 'a last turn by assistant (the model answers the last user turn)';
  return undefined;
}

/** One combination of `when:` variables that occurs in the expansion: which are set, and an example of where. */
export interface WhenPattern {
  set: ReadonlySet<string>;
  /** e.g. `attack=plain` or `setup=""`, for the error message. */
  example: string;
}

/**
 * The combinations of blank / non-blank `when:` variables that the expansion really produces: the
 * variables of one attribute vary together row by row (so only its rows' patterns occur), those of
 * different attributes and of the context are crossed. Checking these, not all 2^k, keeps a template
 * valid when two conditions always go together.
 */
export function whenPatterns(names: readonly string[], attributes: readonly Attribute[], context: readonly ContextVariable[]): WhenPattern[] {
  const perOwner: WhenPattern[][] = [];
  const done = new Set<string>();
  for (const a of attributes) {
    const mine = names.filter((n) => a.values.some((v) => n in v.vars));
    if (mine.length === 0) continue;
    mine.forEach((n) => done.add(n));
    const seen = new Map<string, WhenPattern>();
    for (const v of a.values) {
      const set = new Set(mine.filter((n) => (v.vars[n] ?? '').trim() !== ''));
      const key = [...set].sort().join('\u0000');
      if (!seen.has(key)) seen.set(key, { set, example: `${a.id}=${v.id}` });
    }
    perOwner.push([...seen.values()]);
  }
  for (const c of context) {
    if (!names.includes(c.id) || done.has(c.id)) continue;
    done.add(c.id);
    const blank = c.values.find((v) => v.trim() === '');
    const filled = c.values.find((v) => v.trim() !== '');
    perOwner.push([
      ...(filled === undefined ? [] : [{ set: new Set([c.id]), example: `${c.id}=${JSON.stringify(filled)}` }]),
      ...(blank === undefined ? [] : [{ set: new Set<string>(), example: `${c.id}=""` }]),
    ]);
  }
  return perOwner.reduce<WhenPattern[]>(
    (acc, options) => acc.flatMap((p) => options.map((o) => ({ set: new Set([...p.set, ...o.set]), example: [p.example, o.example].filter((s) => s !== '').join(', ') }))),
    [{ set: new Set<string>(), example: '' }],
  );
}

/** The messages a probe keeps: those without `when:`, and those whose `when:` variable is set. */
export function keptMessages<M extends Pick<TemplateMessage, 'when'>>(messages: readonly M[], isSet: (name: string) => boolean): M[] {
  return messages.filter((m) => m.when === undefined || isSet(m.when));
}
