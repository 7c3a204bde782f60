// How fast each load generator drives a bare node:http server (issue 7 "Speed"): our engine against
// autocannon (programmatic API) and wrk (Debian's package, skipped when absent), same connections, same
// duration, interleaved round by round in the same run. The server runs in its own child process, so it
// never shares an event loop with a generator; each generator runs on one thread (autocannon's default,
// `wrk -t1`, the engine in-thread), then the engine over worker threads against `wrk -tN` with the same
// thread count N (the CLI's default: the core count), issue 16's target: the engine ≥ 1.0× wrk at N.
// Two tables: requests per second (what the generator achieved; on a shared machine it swings with the
// neighbours), and requests per CPU-second of the generator (its efficiency, which neighbours barely move:
// process.cpuUsage for autocannon, the engine's own CPU figure from its test start (worker boot and VU set-up
// excluded, as wrk's start-up is), the shell's `times` for wrk).
// The engine's VUs use the plain-HTTP kit (src/load/http-vu.ts: one keep-alive connection per VU, request
// bytes built once, response parsed in place), as autocannon does; every request is still a full sample
// (HDR histograms per method and outcome, timeline, live progress).
// Targets: engine ≥ 1.0× autocannon; engine over N worker threads ≥ 1.0× wrk -tN.
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import { defineLoad } from '../src/load/definition.ts';
import { httpGet, httpSetupVu, httpTeardownVu } from '../src/load/http-vu.ts';
import type { HttpVuState } from '../src/load/http-vu.ts';
import { aggregateMetric } from '../src/load/aggregate.ts';
import { runLoad } from '../src/load/run-load.ts';
import { printTable, type Measurement } from './lib/index.ts';
import { startUrlPrinter } from './lib/child-server.ts';
import { runWrk, wrkPath } from './lib/http-generator.ts';

interface AutocannonResult {
  readonly requests: { readonly total: number };
  readonly non2xx: number;
  readonly errors: number;
}
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 16);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 3);
const ROUNDS = Number(process.env['BENCH_LOAD_ROUNDS'] ?? 5);

const SERVER = `
const http = require('node:http');
const body = Buffer.from('ok');
const server = http.createServer((req, res) => {
  req.resume();
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': body.length });
  res.end(body);
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => console.log('listening http://127.0.0.1:' + server.address().port));
`;

/** The engine's bench definition: CONNECTIONS closed-model VUs, one keep-alive connection each. */
export const benchDefinition = defineLoad<HttpVuState>({
  name: 'bench-http',
  requestMetric: 'http_req',
  options: {
    scenarios: {
      max: { executor: 'constant-vus', vus: CONNECTIONS, duration: `${SECONDS}s`, gracefulStop: '2s' },
    },
  },
  setupVu: httpSetupVu,
  teardownVu: httpTeardownVu,
  functions: { default: (s, ctx) => httpGet(s, ctx) },
});

interface Sample {
  /** requests per second */
  readonly rps: number;
  /** generator CPU seconds used */
  readonly cpuSec: number;
  readonly requests: number;
}

async function inProcess(run: () => Promise<number>): Promise<Sample> {
  const cpu0 = process.cpuUsage();
  const requests = await run();
  const cpu = process.cpuUsage(cpu0);
  return { rps: requests / SECONDS, cpuSec: (cpu.user + cpu.system) / 1e6, requests };
}

/**
 * The engine's CPU is its own saturation figure, counted from the test start: the boot of worker threads
 * (tsx and the sources compiled in each) and VU set-up are not load, as wrk's start-up is not.
 */
async function engine(url: string, workers: number): Promise<Sample> {
  const s = await runLoad(benchDefinition, {
    params: { url },
    workers,
    module: { url: import.meta.url, exportName: 'benchDefinition' },
  });
  const reqs = s.metrics['http_reqs'];
  const failed = s.metrics['http_req_failed'];
  if (failed !== undefined && aggregateMetric(failed).trues > 0)
    throw new Error('engine run had failed requests');
  const requests = reqs === undefined ? 0 : aggregateMetric(reqs).value;
  const p = s.saturation.processes[0];
  const cpuSec = p === undefined ? 0 : (p.cpuFraction * p.cores * s.durationMs) / 1000;
  return { rps: requests / SECONDS, cpuSec, requests };
}

async function runAutocannon(url: string): Promise<Sample> {
  return inProcess(async () => {
    const r = await autocannon({
      url: `${url}/`,
      connections: CONNECTIONS,
      pipelining: 1,
      duration: SECONDS,
    });
    if (r.non2xx > 0 || r.errors > 0)
      throw new Error(`autocannon run had failures: ${r.non2xx} non-2xx, ${r.errors} errors`);
    return r.requests.total;
  });
}

async function wrk(bin: string, url: string, threads: number): Promise<Sample> {
  return runWrk(bin, { url, connections: CONNECTIONS, seconds: SECONDS, threads }, tmpdir());
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

export async function bench(): Promise<void> {
  const { child, url } = await startUrlPrinter(process.execPath, ['-e', SERVER], 20_000);
  const wrkBin = await wrkPath();
  // The CLI's default for a target in another process: one generator thread per core.
  const workers = Math.max(1, availableParallelism());
  const engineN = `engine (${workers} worker thread${workers === 1 ? '' : 's'})`;
  const candidates: { name: string; run: () => Promise<Sample> }[] = [
    { name: 'autocannon', run: () => runAutocannon(url) },
    { name: 'engine (1 thread)', run: () => engine(url, 0) },
    { name: engineN, run: () => engine(url, workers) },
  ];
  if (wrkBin !== undefined) {
    candidates.push({ name: 'wrk -t1', run: () => wrk(wrkBin, url, 1) });
    if (workers > 1) candidates.push({ name: `wrk -t${workers}`, run: () => wrk(wrkBin, url, workers) });
  } else process.stdout.write('wrk not installed: its lines are skipped (apt-get install wrk)\n');
  const rounds = new Map<string, Sample[]>(candidates.map((c) => [c.name, []]));
  try {
    for (let r = 0; r < ROUNDS; r++) {
      // Rotate the order each round, so drift on the machine hits every generator alike.
      for (let i = 0; i < candidates.length; i++) {
        const c = candidates[(i + r) % candidates.length];
        if (c === undefined) continue;
        rounds.get(c.name)?.push(await c.run());
      }
    }
  } finally {
    child.kill();
  }
  const table = (f: (s: Sample) => number): Measurement[] =>
    candidates.map((c) => {
      const xs = (rounds.get(c.name) ?? []).map(f);
      const med = median(xs);
      return {
        name: c.name,
        opsPerSec: med,
        rounds: xs,
        spread: med === 0 ? 0 : (Math.max(...xs) - Math.min(...xs)) / med,
      };
    });
  printTable(
    table((x) => x.rps),
    {
      title: `requests/s against a bare node:http server (${CONNECTIONS} connections, ${SECONDS} s × ${ROUNDS} rounds, median)`,
      baseline: 'autocannon',
      targets: { 'engine (1 thread)': 1.0 },
    },
  );
  printTable(
    table((x) => (x.cpuSec > 0 ? x.requests / x.cpuSec : 0)),
    {
      title: 'requests per generator CPU-second (efficiency; robust to a busy machine)',
      baseline: 'autocannon',
      targets: { 'engine (1 thread)': 1.0 },
    },
  );
  if (wrkBin === undefined) return;
  // Same thread count, same run: the engine against wrk (issue 16: "at least wrk's").
  const rps = table((x) => x.rps);
  for (const [ours, theirs] of [
    ['engine (1 thread)', 'wrk -t1'],
    ...(workers > 1 ? [[engineN, `wrk -t${workers}`]] : []),
  ] as const) {
    printTable(
      rps.filter((m) => m.name === ours || m.name === theirs),
      {
        title: `requests/s at the same thread count: ${ours} vs ${theirs}`,
        baseline: theirs,
        targets: { [ours]: 1.0 },
      },
    );
  }
}
