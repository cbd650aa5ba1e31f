export { createProvider, type CreateProviderOptions } from './create.js';
export { createOpenAIProvider, type OpenAIProviderOptions } from './openai.js';
export {
  createAnthropicProvider,
  ANTHROPIC_DEFAULT_MAX_TOKENS,
  ANTHROPIC_UNSUPPORTED_PARAMETERS,
  type AnthropicProviderOptions,
} from './anthropic.js';
export { loadModuleProvider } from './module.js';
export { parseModelSpec, type ModelKind, type ModelSpec } from './spec.js';
export { toProviderError, parseRetryAfter, isRetryableStatus, type ErrorContext } from './errors.js';
