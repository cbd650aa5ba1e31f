import { UsageError } from '../errors.js';
import type { Provider } from '../types.js';
import { createAnthropicProvider } from './anthropic.js';
import { loadModuleProvider } from './module.js';
import { createOpenAIProvider } from './openai.js';
import { createSimProvider } from './sim/index.js';
import { parseModelSpec } from './spec.js';

export interface CreateProviderOptions {
  /** Server root for openai-compatible (required), or an override for openai / anthropic. */
  baseUrl?: string;
  /** Where keys and base URLs are read; the CLI passes process.env. Default process.env. */
  env?: Record<string, string | undefined>;
  /** Directory `module:` paths and sim profile files resolve against. Default process.cwd(). */
  cwd?: string;
  /** Seed of `sim`. Default 0. */
  seed?: number;
  /** Default per-call timeout of openai / anthropic / openai-compatible (a request's timeoutMs wins). */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** Placeholder key for openai-compatible servers, which ignore it; the SDK insists on one. */
const NO_KEY = 'no-key';

/**
 * Make the provider a model spec names (`openai:gpt-4o-mini`, `sim:fair` ...; see parseModelSpec).
 * Explicit option > environment > default: `baseUrl` > OPENAI_BASE_URL / ANTHROPIC_BASE_URL > the
 * vendor's URL. A missing key is a UsageError naming the variable, never echoing any value.
 */
export async function createProvider(spec: string, options: CreateProviderOptions = {}): Promise<Provider> {
  const { kind, model } = parseModelSpec(spec);
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const common = {
    model,
    ...(options.timeoutMs === undefined ? {} : { defaultTimeoutMs: options.timeoutMs }),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  };

  switch (kind) {
    case 'sim':
      return createSimProvider(model, { seed: options.seed ?? 0, cwd });
    case 'module':
      return loadModuleProvider(model, { cwd });
    case 'openai': {
      const apiKey = requireKey(env, 'OPENAI_API_KEY', spec);
      const baseURL = checkUrl(options.baseUrl ?? nonEmpty(env.OPENAI_BASE_URL), spec);
      return createOpenAIProvider({ ...common, apiKey, ...(baseURL === undefined ? {} : { baseURL }), id: `openai:${model}` });
    }
    case 'anthropic': {
      const apiKey = requireKey(env, 'ANTHROPIC_API_KEY', spec);
      const baseURL = checkUrl(options.baseUrl ?? nonEmpty(env.ANTHROPIC_BASE_URL), spec);
      return createAnthropicProvider({ ...common, apiKey, ...(baseURL === undefined ? {} : { baseURL }), id: `anthropic:${model}` });
    }
    case 'openai-compatible': {
      const baseURL = checkUrl(options.baseUrl, spec);
      if (baseURL === undefined) {
        throw new UsageError(
          `model ${spec} needs the server's base URL: pass --base-url (option baseUrl), e.g. http://localhost:11434/v1 for Ollama`,
        );
      }
      const apiKey = nonEmpty(env.OPENAI_API_KEY) ?? NO_KEY;
      return createOpenAIProvider({ ...common, apiKey, baseURL, compatible: true, id: `openai-compatible:${model}` });
    }
  }
}

function requireKey(env: Record<string, string | undefined>, variable: string, spec: string): string {
  const key = nonEmpty(env[variable]);
  if (key === undefined) throw new UsageError(`model ${spec} needs an API key: set the environment variable ${variable}`);
  return key;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function checkUrl(url: string | undefined, spec: string): string | undefined {
  if (url === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`base URL for ${spec}: expected an http(s) URL, got ${JSON.stringify(url)}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new UsageError(`base URL for ${spec}: expected an http(s) URL, got ${JSON.stringify(url)}`);
  }
  return url;
}
