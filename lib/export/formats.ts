import { inertText, toCsv } from '../review/index.js';
import type { ChatMessage } from '../types.js';
import type { CounterfactualExample } from './counterfactual.js';

export const EXPORT_FORMATS = ['counterfactual-jsonl', 'review-csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * One line of an OpenAI chat fine-tuning file (supervised method): `{"messages": [...]}` with the
 * disfavoured person's prompt (system and user turns as sent) and, last, the assistant's target.
 * Only `role` and `content` are written: the format's other keys (`weight`, `name`, `tools` ...)
 * are optional and nothing here needs them. JSON.stringify escapes every control character, so a
 * reply holding newlines or U+2028 cannot split a line.
 */
export function toFineTuningLine(example: CounterfactualExample): string {
  const messages: ChatMessage[] = [...example.messages.map((m) => ({ role: m.role, content: m.content })), { role: 'assistant', content: example.target }];
  return JSON.stringify({ messages }).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

export function toFineTuningJsonl(examples: readonly CounterfactualExample[]): string {
  return examples.map((e) => `${toFineTuningLine(e)}\n`).join('');
}

export const REVIEW_CSV_COLUMNS = [
  'example_id',
  'axis',
  'disfavoured_group',
  'favoured_group',
  'disfavoured_value',
  'favoured_value',
  'block',
  'prompt',
  'reply_given',
  'favoured_reply',
  'proposed_target',
  'substitutions',
  'keep',
] as const;

/** The prompt as one cell: the messages' text, each turn but a lone user turn marked with its role. */
export function promptText(messages: readonly ChatMessage[]): string {
  return messages.map((m) => (messages.length === 1 ? m.content : `[${m.role}] ${m.content}`)).join('\n\n');
}

/**
 * The candidate examples for people to curate before any training: one row each, `keep` left empty
 * for the curator. Every cell that holds model or probe text goes through `inertText`, so a reply
 * such as `=HYPERLINK(...)` is not run as a spreadsheet formula.
 */
export function toReviewCsv(examples: readonly CounterfactualExample[]): string {
  return toCsv(
    REVIEW_CSV_COLUMNS,
    examples.map((e) => [
      e.id,
      inertText(e.axis),
      inertText(e.disfavoured.group),
      inertText(e.favoured.group),
      inertText(e.disfavoured.value),
      inertText(e.favoured.value),
      inertText(e.block),
      inertText(promptText(e.messages)),
      inertText(e.replyGiven),
      inertText(e.favouredReply),
      inertText(e.target),
      inertText(e.substitutions.map((s) => `${s.variable}: ${s.from} -> ${s.to}`).join('; ')),
      '',
    ]),
  );
}
