import { isRetryableStatus } from './errors.js';

/**
 * The lines of a streamed body, decoded as UTF-8, without holding the whole body: a batch's output
 * file is one line per request, tens of megabytes for a large audit.
 */
export async function* readLines(body: ReadableStream<Uint8Array> | null): AsyncGenerator<string> {
  if (body === null) return;
  const decoder = new TextDecoder();
  let rest = '';
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    const lines = (rest + decoder.decode(chunk, { stream: true })).split('\n');
    rest = lines.pop() as string;
    for (const line of lines) if (line.trim() !== '') yield line;
  }
  rest += decoder.decode();
  if (rest.trim() !== '') yield rest;
}

/** A batch line that is not JSON: the provider's file is damaged, which a person must look at. */
export function parseBatchLine(line: string, what: string): Record<string, unknown> {
  try {
    const value = JSON.parse(line) as unknown;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new Error(`${what}: expected one JSON object per line, got ${JSON.stringify(line.slice(0, 80))}`);
}

/** Whether a request that failed inside a batch is worth sending again in a later one. */
export function retryableInBatch(status: number | undefined, code: string | undefined): boolean {
  if (status !== undefined) return isRetryableStatus(status);
  // No HTTP status: the batch itself gave up on the request (expired, cancelled) rather than refused it.
  return code === undefined || /expired|cancel|timeout|overloaded|rate_limit|api_error|server/i.test(code);
}

/** `text` with every secret (an API key a server echoes back) replaced. */
export function scrub(text: string, secrets: readonly string[]): string {
  return secrets.filter((s) => s.length > 0).reduce((t, s) => t.split(s).join('[redacted]'), text);
}
