/**
 * The OpenAI chat fine-tuning line format (supervised method), as the OpenAPI schema
 * `FineTuneChatRequestInput` defines it: an object with `messages` (system / user / assistant
 * messages; `tool` and `function` messages only with tools, which we never write) and the optional
 * `tools`, `parallel_tool_calls`, `functions`. A message has `role` and `content`, optionally `name`;
 * an assistant message may carry `weight` (0 or 1: whether it is trained on). The fine-tuning guide
 * adds: each line one example, at least one assistant message, the last message the assistant's.
 * Returns the problems of one line (empty when valid).
 */
export function fineTuningLineProblems(line: string): string[] {
  const problems: string[] = [];
  let doc: unknown;
  try {
    doc = JSON.parse(line);
  } catch (err) {
    return [`not JSON: ${(err as Error).message}`];
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return ['not a JSON object'];
  const obj = doc as Record<string, unknown>;
  for (const k of Object.keys(obj)) if (!['messages', 'tools', 'parallel_tool_calls', 'functions'].includes(k)) problems.push(`unknown top-level key ${k}`);
  const messages = obj['messages'];
  if (!Array.isArray(messages) || messages.length === 0) return [...problems, 'messages: expected a non-empty array'];
  messages.forEach((m: unknown, i) => {
    if (m === null || typeof m !== 'object' || Array.isArray(m)) {
      problems.push(`messages[${i}]: not an object`);
      return;
    }
    const msg = m as Record<string, unknown>;
    if (!['system', 'user', 'assistant'].includes(msg['role'] as string)) problems.push(`messages[${i}].role: ${JSON.stringify(msg['role'])}`);
    if (typeof msg['content'] !== 'string') problems.push(`messages[${i}].content: not a string`);
    const allowed = msg['role'] === 'assistant' ? ['role', 'content', 'name', 'weight'] : ['role', 'content', 'name'];
    for (const k of Object.keys(msg)) if (!allowed.includes(k)) problems.push(`messages[${i}]: unexpected key ${k}`);
    if ('weight' in msg && msg['weight'] !== 0 && msg['weight'] !== 1) problems.push(`messages[${i}].weight: expected 0 or 1`);
  });
  const roles = messages.map((m) => (m as { role?: unknown }).role);
  if (!roles.includes('user')) problems.push('no user message');
  if (roles[roles.length - 1] !== 'assistant') problems.push('the last message is not the assistant\'s');
  if (roles.some((r, i) => r === 'system' && i > 0)) problems.push('a system message after the first');
  return problems;
}
