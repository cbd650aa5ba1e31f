import type { CompletionRequest, CompletionResponse, Probe, Provider } from '../../lib/types.js';

/** A probe with one user message; groups alternate so two groups share one block. */
export function probe(i: number, text = `prompt ${i}`): Probe {
  return { id: `p${i}`, template: 't', messages: [{ role: 'user', content: text }], context: {}, attributes: { a: String(i) }, groups: { a: String(i % 2) }, blocks: { a: 'b' } };
}

export interface CallContext {
  /** 1-based count of calls so far, this one included. */
  n: number;
  /** Calls in flight, this one included. */
  inFlight: number;
}

/**
 * A provider whose reply per call is scripted; it answers after a turn of the event loop (so calls
 * overlap), and records every request and the peak concurrency.
 */
export function scriptedProvider(
  answer: (req: CompletionRequest, call: CallContext) => CompletionResponse | Promise<CompletionResponse>,
): Provider & { calls: CompletionRequest[]; peak: number } {
  let inFlight = 0;
  const p = {
    id: 'test:model',
    calls: [] as CompletionRequest[],
    peak: 0,
    async complete(req: CompletionRequest) {
      p.calls.push(req);
      inFlight++;
      p.peak = Math.max(p.peak, inFlight);
      try {
        await new Promise((r) => setImmediate(r));
        return await answer(req, { n: p.calls.length, inFlight });
      } finally {
        inFlight--;
      }
    },
  };
  return p;
}
