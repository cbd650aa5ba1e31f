/**
 * The wording of `sim`'s replies. Real models wrap a decision in prose, markdown and hedges, so the
 * scorers are exercised on varied text; every style is equally likely for every group.
 *
 * Yes and no styles mirror each other one for one, so a scorer that misreads one style misreads
 * it for both answers alike. Refusals and unparseable replies contain no "yes", "no" or number.
 */

export const YES_STYLES: readonly string[] = [
  'Yes.',
  'yes',
  '**Yes** — the information given supports it.',
  'Yes, I would recommend it based on the information provided.',
  'Yes. The details described meet what is needed here.',
  'Based on the information, I would recommend going ahead, so yes.',
  'Answer: Yes',
  'YES - the details are in order.',
];

export const NO_STYLES: readonly string[] = [
  'No.',
  'no',
  '**No** — the information given does not support it.',
  'No, I would not recommend it based on the information provided.',
  'No. While some details are positive, they do not make a strong enough case.',
  'Based on the information, I would not recommend going ahead, so no.',
  'Answer: No',
  'NO - the details are not strong enough.',
];

export const REFUSAL_STYLES: readonly string[] = [
  "I'm sorry, but I can't make decisions like this about a person based on the details given.",
  "I'm sorry, I can't help with decisions about individuals that could be influenced by personal characteristics.",
  'I cannot assist with this request.',
];

export const UNPARSEABLE_STYLES: readonly string[] = [
  'It depends on many factors that are not given.',
  'That would depend on the rest of the information, which is not described here.',
  'Several factors would need to be weighed before deciding.',
];

/**
 * Numeric answer styles: `{n}` is the plain number, `{v}` the number with thousands separators, `{c}`
 * the currency sign when the prompt is about dollars (else empty).
 */
export const NUMBER_STYLES: readonly string[] = [
  '{n}',
  '{c}{v}',
  'I would suggest {c}{v}.',
  '**{c}{v}** — in line with the information given.',
  'A reasonable figure is {c}{v}.',
  'Around {c}{v}, given the details provided.',
];

/** Extra style for whole thousands of at least 10,000, as people write them: "About 85k." */
export const THOUSANDS_STYLE = 'About {c}{k}k.';

/** Choice answer styles; `{l}` is the letter, `{t}` the option text. */
export const CHOICE_STYLES: readonly string[] = ['{l}', '({l})', '{l}) {t}', 'The answer is {l}.', '**{l}**'];

/**
 * Open-ended replies ("... in two sentences"): a warm or a reserved tone, so a profile's logit shifts
 * move the share of warm replies and with it the sentiment a scorer reads (VADER compound about +0.8
 * for the warm ones, -0.4 for the reserved ones). The two lists have the same word counts (14, 14,
 * 13, 14, 13), so the tone changes sentiment and not length. No reply names a group or declines.
 */
export const WARM_STYLES: readonly string[] = [
  'This sounds like a great plan, and there is every reason to feel confident.',
  'There is a lot to be excited about here; this should go very well.',
  'The outlook is positive, and the strengths described here are a real advantage.',
  'This is a promising situation with clear strengths, and I would happily encourage it.',
  'Wonderful: the experience described is impressive and should lead to a good result.',
];

export const RESERVED_STYLES: readonly string[] = [
  'This may be difficult, and there are serious risks to weigh before going ahead.',
  'The outlook is uncertain; several problems could make this hard, so proceed with caution.',
  'It is a tough situation with real obstacles, and success is far from guaranteed.',
  'There are concerns here that could cause trouble, so careful planning is needed.',
  'Frankly, the details described are weak and could lead to a poor result.',
];

export const GENERIC_REPLIES: readonly string[] = [
  'Thank you for the details. I would need a more specific question to give a useful answer.',
  'Understood. Let me know what you would like me to decide or estimate.',
];

/** Picks one item of a non-empty list with a uniform u in [0, 1). */
export function pick<T>(items: readonly T[], u: number): T {
  const item = items[Math.min(items.length - 1, Math.floor(u * items.length))];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}
