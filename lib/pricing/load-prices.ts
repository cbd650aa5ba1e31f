import { readFile } from 'node:fs/promises';
import { isMap, isScalar, LineCounter, parseDocument, type Node } from 'yaml';
import { InputFileError } from '../errors.js';
import type { ModelPrice } from './prices.js';
import { BUILTIN_PRICES } from './prices.js';
import type { PriceTable } from './price-for.js';

/**
 * Read a user's price file (JSON or YAML; JSON is YAML) and lay it over the built-in table:
 *
 * ```yaml
 * # USD per million tokens
 * openai:gpt-4o-mini: { input: 0.15, output: 0.6 }
 * openai-compatible:llama3.1: { input: 0, output: 0 }   # a local model: free
 * anthropic:claude-haiku-4-5: { input: 1, output: 5, batchFactor: 0.5 }
 * ```
 *
 * Keys are model specs or family prefixes (matched as in priceFor). Every problem is reported at
 * once, each with its line: InputFileError, exit 2.
 */
export async function loadPrices(file: string, base: PriceTable = BUILTIN_PRICES): Promise<PriceTable> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new InputFileError(file, 0, `cannot read the price file: ${(err as Error).message}`);
  }
  return { ...base, ...parsePrices(file, text) };
}

/** The entries of a price file's text; see loadPrices. */
export function parsePrices(file: string, text: string): Record<string, ModelPrice> {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const lineOf = (node: unknown): number => {
    const range = (node as Partial<Node> | null)?.range;
    return range ? lines.linePos(range[0]).line : 1;
  };
  const issues: { line: number; message: string }[] = doc.errors.map((e) => ({
    line: e.linePos?.[0]?.line ?? lines.linePos(e.pos[0]).line,
    message: `expected valid JSON or YAML: ${e.message.split('\n')[0] ?? e.code}`,
  }));
  const prices: Record<string, ModelPrice> = {};
  if (issues.length === 0) {
    if (!isMap(doc.contents)) {
      issues.push({ line: lineOf(doc.contents), message: 'expected a mapping of model spec -> { input, output } in USD per million tokens' });
    } else {
      for (const pair of doc.contents.items) {
        const spec = isScalar(pair.key) ? String(pair.key.value) : '';
        const line = lineOf(pair.key);
        if (!/^[a-z-]+:\S+$/.test(spec)) {
          issues.push({ line, message: `${JSON.stringify(spec)}: expected a model spec such as openai:gpt-4o-mini` });
          continue;
        }
        const value = isMap(pair.value) ? (pair.value.toJSON() as Record<string, unknown>) : undefined;
        const problems: string[] = [];
        if (!value) problems.push('expected { input, output }');
        else {
          for (const field of ['input', 'output'] as const) {
            const v = value[field];
            if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) problems.push(`${field}: expected a price >= 0 in USD per million tokens, got ${JSON.stringify(v)}`);
          }
          const factor = value.batchFactor;
          if (factor !== undefined && (typeof factor !== 'number' || !(factor >= 0 && factor <= 1))) {
            problems.push(`batchFactor: expected a number from 0 to 1, got ${JSON.stringify(factor)}`);
          }
          const unknown = Object.keys(value).filter((k) => !['input', 'output', 'batchFactor'].includes(k));
          if (unknown.length > 0) problems.push(`unknown field${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (expected input, output, batchFactor)`);
        }
        if (problems.length > 0) {
          issues.push(...problems.map((p) => ({ line: lineOf(pair.value ?? pair.key), message: `${spec}: ${p}` })));
          continue;
        }
        const v = value as { input: number; output: number; batchFactor?: number };
        prices[spec] = { input: v.input, output: v.output, ...(v.batchFactor === undefined ? {} : { batchFactor: v.batchFactor }) };
      }
    }
  }
  if (issues.length > 0) {
    const [first, ...rest] = issues as [{ line: number; message: string }, ...{ line: number; message: string }[]];
    throw new InputFileError(file, first.line, [first.message, ...rest.map((i) => `${file}:${i.line}: ${i.message}`)].join('\n'));
  }
  return prices;
}
