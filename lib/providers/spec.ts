import { UsageError } from '../errors.js';

export type ModelKind = 'sim' | 'openai' | 'anthropic' | 'openai-compatible' | 'module';

export interface ModelSpec {
  kind: ModelKind;
  /** Model name, sim profile, or module path: everything after the first colon. */
  model: string;
}

const FORMS = [
  'sim:<profile>',
  'openai:<model>',
  'anthropic:<model>',
  'openai-compatible:<model> (with --base-url)',
  'module:<path to .js/.mjs/.ts file>',
];
const KINDS: readonly ModelKind[] = ['sim', 'openai', 'anthropic', 'openai-compatible', 'module'];

/**
 * Split a model spec at its first colon, so model names with colons survive
 * (`openai-compatible:llama3.1:8b` is model `llama3.1:8b`).
 * @example parseModelSpec('openai:gpt-4o-mini') // { kind: 'openai', model: 'gpt-4o-mini' }
 */
export function parseModelSpec(spec: string): ModelSpec {
  const trimmed = spec.trim();
  const colon = trimmed.indexOf(':');
  const kind = colon < 0 ? trimmed : trimmed.slice(0, colon);
  const model = colon < 0 ? '' : trimmed.slice(colon + 1).trim();
  if (!isKind(kind)) {
    throw new UsageError(`unknown model spec ${JSON.stringify(spec)}: expected one of ${FORMS.join(', ')}`);
  }
  if (model === '') {
    throw new UsageError(`model spec ${JSON.stringify(spec)} names no ${kind === 'sim' ? 'profile' : kind === 'module' ? 'path' : 'model'}: expected one of ${FORMS.join(', ')}`);
  }
  return { kind, model };
}

function isKind(value: string): value is ModelKind {
  return (KINDS as readonly string[]).includes(value);
}
