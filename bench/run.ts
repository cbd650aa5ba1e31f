/**
 * `npm run bench`: the runner against a local model server (bench/server.ts, its own process) with
 * a set latency, rate limit and fault rate, and the runner's memory at 1k, 10k and 100k probes.
 * Writes the figures under "## Runner" in bench/RESULTS.md (other sections are left as they are).
 *
 *   npm run bench                     # every scenario
 *   npm run bench -- throughput faults  # some of them: throughput, ratelimit, faults, memory
 *
 * Nothing here is a pass/fail test; the Done-means targets of issue 4 are stated next to each
 * figure, and the exit code is 1 when one is missed.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createOpenAIProvider } from '../lib/providers/index.js';
import { run, scanJournal, type RetryPolicy } from '../lib/runner/index.js';
import type { Probe, Provider } from '../lib/types.js';
import type { ServerConfig, ServerStats } from './server.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const RESULTS = join(HERE, 'RESULTS.md');

function probes(n: number): Probe[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `bench-${i}`,
    template: 'bench',
    messages: [{ role: 'user' as const, content: `Applicant ${i} asks for a loan of ${1000 + (i % 97)} euros. Approve? Answer yes or no.` }],
    context: {},
    attributes: { applicant: String(i) },
    groups: { group: String(i % 4) },
    blocks: { applicant: `b${Math.floor(i / 4)}` },
  }));
}

async function startServer(config: ServerConfig): Promise<{ url: string; stats(): Promise<ServerStats>; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(HERE, 'server.ts'), JSON.stringify(config)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  const base = `http://127.0.0.1:${port}`;
  return {
    url: `${base}/v1`,
    stats: async () => (await (await fetch(`${base}/stats`)).json()) as ServerStats,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

interface Scenario {
  name: string;
  n: number;
  concurrency: number;
  server: ServerConfig;
  retry?: RetryPolicy;
}

interface Outcome {
  scenario: Scenario;
  wallMs: number;
  stats: ServerStats;
  journalLines: number;
  answeredInJournal: number;
  duplicateLines: number;
  unanswered: number;
  lost: number;
  retries: number;
  throttled: number;
}

/** One run through the official OpenAI SDK against the bench server, checked against its counts. */
async function runScenario(s: Scenario): Promise<Outcome> {
  const server = await startServer(s.server);
  const dir = mkdtempSync(join(tmpdir(), 'ba-bench-'));
  const journalFile = join(dir, 'responses.jsonl');
  try {
    const provider = createOpenAIProvider({ model: 'gpt-4o-mini', apiKey: 'bench-key', baseURL: server.url, defaultTimeoutMs: 30_000 });
    const t0 = performance.now();
    const summary = await run({
      provider,
      probes: probes(s.n),
      samples: 1,
      parameters: { maxTokens: 5 },
      journalFile,
      concurrency: s.concurrency,
      keepRecords: false,
      ...(s.retry ? { retry: s.retry } : {}),
    });
    const wallMs = performance.now() - t0;
    const stats = await server.stats();
    const perKey = new Map<string, number>();
    let lines = 0;
    scanJournal(journalFile, (r) => {
      lines++;
      if (typeof r.text === 'string') perKey.set(r.key, (perKey.get(r.key) ?? 0) + 1);
    });
    const answeredBodies = Object.keys(stats.answeredBodies).length;
    return {
      scenario: s,
      wallMs,
      stats,
      journalLines: lines,
      answeredInJournal: perKey.size,
      duplicateLines: [...perKey.values()].reduce((n, c) => n + c - 1, 0),
      unanswered: s.n - perKey.size,
      // Replies the server gave that the journal does not hold: paid for and lost.
      lost: Math.max(0, answeredBodies - perKey.size),
      retries: summary.retries,
      throttled: summary.throttled,
    };
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

interface MemoryFigures {
  n: number;
  keepRecords: boolean;
  baselineHeapMb: number;
  retainedHeapMb: number;
  peakLiveHeapMb: number;
  peakHeapMb: number;
  maxRssMb: number;
  journalBytesPerCall: number;
  wallMs: number;
}

/** In a fresh process (`--memory-child N keep|stream`): the runner alone, an in-process provider. */
async function memoryChild(n: number, keepRecords: boolean): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  const dir = mkdtempSync(join(tmpdir(), 'ba-bench-mem-'));
  const journalFile = join(dir, 'responses.jsonl');
  const ps = probes(n);
  gc();
  const baseline = process.memoryUsage().heapUsed;
  let peak = baseline;
  let peakLive = baseline;
  const every = Math.max(1, Math.floor(n / 10));
  const provider: Provider = {
    id: 'bench:memory',
    complete: () => new Promise((resolve) => setImmediate(() => resolve({ text: 'Yes.', usage: { inputTokens: 20, outputTokens: 2 }, finishReason: 'stop' }))),
  };
  const t0 = performance.now();
  const summary = await run({
    provider,
    probes: ps,
    samples: 1,
    parameters: { maxTokens: 5 },
    journalFile,
    concurrency: 64,
    keepRecords,
    onProgress: (p) => {
      if (p.done % 500 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
      // What is alive, not what awaits collection: a full GC at every tenth of the run.
      if (p.done % every === 0) {
        gc();
        peakLive = Math.max(peakLive, process.memoryUsage().heapUsed);
      }
    },
  });
  const wallMs = performance.now() - t0;
  gc();
  const retained = process.memoryUsage().heapUsed;
  const figures: MemoryFigures = {
    n,
    keepRecords,
    baselineHeapMb: baseline / 2 ** 20,
    retainedHeapMb: (retained - baseline) / 2 ** 20,
    peakLiveHeapMb: (peakLive - baseline) / 2 ** 20,
    peakHeapMb: (peak - baseline) / 2 ** 20,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    journalBytesPerCall: statSync(journalFile).size / n,
    wallMs,
  };
  if (summary.records.size !== (keepRecords ? n : 0)) throw new Error('unexpected record count');
  rmSync(dir, { recursive: true, force: true });
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

async function measureMemory(n: number, keepRecords: boolean): Promise<MemoryFigures> {
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), '--memory-child', String(n), keepRecords ? 'keep' : 'stream'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`memory run for ${n} exited with ${code}`);
  return JSON.parse(out.trim().split('\n').at(-1) as string) as MemoryFigures;
}

const fmt = (x: number, d = 1) => x.toFixed(d);

async function main(): Promise<number> {
  if (process.argv[2] === '--memory-child') {
    await memoryChild(Number(process.argv[3]), process.argv[4] === 'keep');
    return 0;
  }
  // The machine's load before the runs: on a shared box, other work slows the client and the server alike.
  const load = loadavg().map((x) => x.toFixed(2)).join(' ');
  const wanted = new Set(process.argv.slice(2));
  const want = (name: string) => wanted.size === 0 || wanted.has(name);
  const lines: string[] = [];
  const misses: string[] = [];
  const log = (s: string) => process.stderr.write(`${s}\n`);

  if (want('throughput')) {
    const s: Scenario = { name: 'throughput', n: 2000, concurrency: 16, server: { latencyMs: 50, rps: 0, burst: 0, faultRate: 0, seed: 1 } };
    log('throughput: 2,000 probes, 50 ms latency, concurrency 16 ...');
    const o = await runScenario(s);
    const ideal = (s.n * s.server.latencyMs) / s.concurrency;
    const over = o.wallMs / ideal - 1;
    if (over > 0.1 || o.lost > 0 || o.duplicateLines > 0 || o.unanswered > 0) misses.push('throughput');
    lines.push(
      '### Throughput (no limit, no faults)',
      '',
      '| probes | latency | concurrency | ideal N x latency / concurrency | wall time | over ideal | target | lost | duplicates |',
      '| ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |',
      `| ${s.n} | ${s.server.latencyMs} ms | ${s.concurrency} | ${fmt(ideal / 1000, 2)} s | ${fmt(o.wallMs / 1000, 2)} s | ${fmt(over * 100)}% | within 10% | ${o.lost} | ${o.duplicateLines + Math.max(0, o.stats.duplicates)} |`,
      '',
    );
  }

  if (want('ratelimit')) {
    const s: Scenario = { name: 'ratelimit', n: 2000, concurrency: 16, server: { latencyMs: 20, rps: 100, burst: 10, faultRate: 0, seed: 2 } };
    log('rate limit: 2,000 probes against 100 requests/s (bucket of 10), 20 ms latency, concurrency 16 ...');
    const o = await runScenario(s);
    const achieved = o.answeredInJournal / (o.wallMs / 1000);
    if (achieved < 95 || o.lost > 0 || o.unanswered > 0 || o.duplicateLines > 0) misses.push('ratelimit');
    lines.push(
      '### Against a rate limit',
      '',
      'The server allows 100 requests/s (token bucket, 10 deep) and answers the rest 429 with `retry-after-ms` and',
      "OpenAI's `x-ratelimit-*` headers, which the runner paces by.",
      '',
      '| probes | limit | concurrency | wall time | achieved | target | 429s | lost | duplicates |',
      '| ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |',
      `| ${s.n} | ${s.server.rps}/s | ${s.concurrency} | ${fmt(o.wallMs / 1000, 2)} s | ${fmt(achieved)}/s | >= 95/s | ${o.stats.throttled} | ${o.lost} | ${o.stats.duplicates} |`,
      '',
    );
  }

  if (want('faults')) {
    // Six retries, not the default four: at a 10% fault rate, 1 call in 10^5 fails five times in a row,
    // which stops a run of 2,000 (by design: exit 3, resumable) about one time in fifty.
    const s: Scenario = {
      name: 'faults',
      n: 2000,
      concurrency: 16,
      server: { latencyMs: 10, rps: 0, burst: 0, faultRate: 0.1, seed: 3 },
      retry: { maxRetries: 6, baseDelayMs: 100, maxDelayMs: 2000 },
    };
    log('faults: 2,000 probes, 10% injected 500s and dropped connections ...');
    const o = await runScenario(s);
    if (o.lost > 0 || o.unanswered > 0 || o.duplicateLines > 0 || o.journalLines !== s.n) misses.push('faults');
    lines.push(
      '### Faults',
      '',
      '10% of requests fail: half with a 500, half with the connection dropped before any reply. Retries: 6,',
      'back-off 100 ms doubling to 2 s, full jitter.',
      '',
      '| probes | 500s | drops | retries | wall time | journal lines | answered once | lost | duplicates |',
      '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      `| ${s.n} | ${o.stats.errors} | ${o.stats.drops} | ${o.retries} | ${fmt(o.wallMs / 1000, 2)} s | ${o.journalLines} | ${o.answeredInJournal - o.duplicateLines} | ${o.lost} | ${o.stats.duplicates} |`,
      '',
    );
  }

  if (want('memory')) {
    const rows: MemoryFigures[] = [];
    for (const keep of [false, true]) {
      for (const n of [1000, 10_000, 100_000]) {
        log(`memory: ${n} probes, records ${keep ? 'kept' : 'streamed to the journal only'} ...`);
        rows.push(await measureMemory(n, keep));
      }
    }
    const stream = rows.filter((r) => !r.keepRecords);
    const grow = ((stream.at(-1) as MemoryFigures).retainedHeapMb * 2 ** 20) / 100_000;
    lines.push(
      '### Memory',
      '',
      'The runner alone (an in-process provider answering on the next turn of the event loop, concurrency 64), each',
      'size in a fresh process. Heap figures are above the baseline taken after the probes were built:',
      '*live* is the largest heap after a full GC at each tenth of the run, *retained* after a full GC at the end,',
      '*peak* the largest heap seen during the run, garbage not yet collected included (V8 lets it pile up).',
      '',
      '| probes | records | live heap (max) | retained heap | peak heap | max RSS (process) | journal per call | wall time |',
      '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...rows.map(
        (r) =>
          `| ${r.n.toLocaleString('en-US')} | ${r.keepRecords ? 'kept in memory' : 'journal only'} | ${fmt(r.peakLiveHeapMb, 2)} MB | ${fmt(r.retainedHeapMb, 2)} MB | ${fmt(r.peakHeapMb, 1)} MB | ${fmt(r.maxRssMb, 0)} MB | ${fmt(r.journalBytesPerCall, 0)} B | ${fmt(r.wallMs / 1000, 2)} s |`,
      ),
      '',
      `With the journal only, what the runner keeps after a run of 100k calls is ${fmt(grow, 1)} bytes a call. While planning it holds`,
      'the set of request keys (one 32-character key a call) and 4 bytes a call for the work list; in flight, one',
      'object per call in flight. With records kept (what `audit()` does, to analyse them), memory grows by the',
      'records themselves, about the size of their journal lines.',
      '',
    );
  }

  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const section = [
    '## Runner',
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} on ${cpu}, ${cpus().length} cores (\`nproc\`), Node ${process.version}, ${process.platform}-${process.arch};`,
    `load average before the runs ${load} (1, 5, 15 min); server and runner on 127.0.0.1 in separate processes, calls through the official \`openai\` SDK.`,
    'Command: `npm run bench` (bench/run.ts, bench/server.ts).',
    '',
    ...lines,
  ].join('\n');
  writeSection(section);
  process.stdout.write(`${section}\n`);
  if (misses.length > 0) log(`missed targets: ${misses.join(', ')}`);
  return misses.length > 0 ? 1 : 0;
}

/** Replace (or add) this file's "## Runner" section, leaving every other section of RESULTS.md alone. */
function writeSection(section: string): void {
  const text = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : '# Benchmark results\n';
  const start = text.search(/^## Runner\s*$/m);
  let next: string;
  if (start < 0) next = `${text.trimEnd()}\n\n${section}\n`;
  else {
    const after = text.slice(start + 1).search(/^## /m);
    const end = after < 0 ? text.length : start + 1 + after;
    next = `${text.slice(0, start)}${section}\n${after < 0 ? '' : `\n${text.slice(end)}`}`;
  }
  writeFileSync(RESULTS, next);
}

process.exitCode = await main();
