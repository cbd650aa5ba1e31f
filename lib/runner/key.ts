import { createHash } from 'node:crypto';
import type { ChatMessage, ModelParameters } from '../types.js';

/**
 * The content key of one model call: the same model, parameters, messages and sample index give the
 * same key, so a call is made once and a resumed run finds it. No secret takes part in it.
 */
export function requestKey(model: string, parameters: ModelParameters, messages: readonly ChatMessage[], sample: number): string {
  const canonical = JSON.stringify({
    model,
    parameters: Object.fromEntries(Object.entries(parameters).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1))),
    messages: messages.map((m) => [m.role, m.content]),
    sample,
  });
  return createHash('sha256').update(canonical).digest('hex').slice(0, 32);
}
