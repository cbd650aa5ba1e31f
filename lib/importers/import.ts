import { UsageError } from '../errors.js';
import type { BenchmarkName } from '../types.js';
import { importBbq } from './bbq.js';
import { importBold } from './bold.js';
import { importCrowsPairs } from './crows-pairs.js';
import type { ProbeSetDocument } from './document.js';
import { importHolisticBias, type HolisticBiasOptions } from './holistic-bias.js';
import { importWinobias } from './winobias.js';

export const BENCHMARK_NAMES: readonly BenchmarkName[] = ['bbq', 'winobias', 'bold', 'holistic-bias', 'crows-pairs'];

export interface ImportOptions extends HolisticBiasOptions {
  /** BBQ: keep the first N examples. */
  limit?: number;
  /** BOLD: keep a seeded sample of N prompts per group. */
  perGroup?: number;
  seed?: number;
}

/** One dataset file (WinoBias: one or more) as published -> a probe-set document for that benchmark. */
export async function importBenchmark(name: string, files: readonly string[], opts: ImportOptions = {}): Promise<ProbeSetDocument> {
  const [first] = files;
  if (first === undefined) throw new UsageError(`import ${name} needs the dataset file as published`);
  const one = (): string => {
    if (files.length > 1) throw new UsageError(`import ${name} takes one file; got ${files.length}`);
    return first;
  };
  switch (name) {
    case 'bbq':
      return importBbq(one(), opts.limit === undefined ? {} : { limit: opts.limit });
    case 'winobias':
      return importWinobias(files);
    case 'bold':
      return importBold(one(), { ...(opts.perGroup === undefined ? {} : { perGroup: opts.perGroup }), ...(opts.seed === undefined ? {} : { seed: opts.seed }) });
    case 'holistic-bias':
      return importHolisticBias(one(), opts);
    case 'crows-pairs':
      return importCrowsPairs(one());
    default:
      throw new UsageError(`unknown dataset "${name}"; expected one of ${BENCHMARK_NAMES.join(', ')}`);
  }
}
