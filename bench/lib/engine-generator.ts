// The engine as one generator of the load bench, run in a child process of its own, as wrk is: a generator
// measured inside the bench's process would share its heap and event loop with autocannon's leftovers and
// the bench's own bookkeeping (measured: 0.92× wrk in-process against 0.97× with autocannon left out of the
// same run). The child runs one test of the bench definition and prints its request count and CPU seconds
// (the engine's own saturation figure: from the test start to the end of its scenarios, so worker boot, the
// warm-up and the summary are left out, as wrk's start-up and report are).
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { defineLoad } from '../../src/load/definition.ts';
import { httpGetFunction, httpSetupVu, httpTeardownVu } from '../../src/load/http-vu.ts';
import { httpWarmupTarget } from '../../src/load/http-warmup.ts';
import type { HttpVuState } from '../../src/load/http-vu.ts';
import { moduleScriptArgs } from './child-server.ts';

const exec = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface EngineRun {
  readonly url: string;
  readonly connections: number;
  readonly seconds: number;
  /** 0: the VUs run on the process's main thread; N: on N worker threads. */
  readonly workers: number;
  readonly headers: Readonly<Record<string, string>>;
}

export interface EngineSample {
  readonly requests: number;
  readonly cpuSec: number;
}

const env = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);

/**
 * The bench's test: BENCH_CONNECTIONS closed-model VUs, one keep-alive connection each, for BENCH_SECONDS.
 * Read from the environment because worker threads import this module to find it (they inherit the
 * child's environment, which runEngine sets).
 * @public imported by name, by the child script and by each worker thread
 */
export const benchDefinition = defineLoad<HttpVuState>({
  name: 'bench-http',
  requestMetric: 'http_req',
  options: {
    scenarios: {
      max: {
        executor: 'constant-vus',
        vus: env('BENCH_CONNECTIONS', 16),
        duration: `${env('BENCH_SECONDS', 3)}s`,
        gracefulStop: '2s',
      },
    },
  },
  // The engine's warm-up (1 s against a sink in a thread of its own, before the test clock): at two worker
  // threads, the first 0.6 s ran at 0.74-0.83x the later rate without it, 0.92-0.98x with it (docs/benchmarks.md).
  warmup: { target: httpWarmupTarget },
  setupVu: httpSetupVu,
  teardownVu: httpTeardownVu,
  functions: { default: httpGetFunction() },
});

const CHILD = `
import { runLoad } from ${JSON.stringify(`${ROOT}src/load/run-load.ts`)};
import { aggregateMetric } from ${JSON.stringify(`${ROOT}src/load/aggregate.ts`)};
const moduleUrl = ${JSON.stringify(import.meta.url)};
const { benchDefinition } = await import(moduleUrl);
const [url, workers, headers] = [process.argv[1], Number(process.argv[2]), JSON.parse(process.argv[3])];
const s = await runLoad(benchDefinition, {
  params: { url, headers },
  workers,
  module: { url: moduleUrl, exportName: 'benchDefinition' },
});
const agg = (name) => (s.metrics[name] === undefined ? undefined : aggregateMetric(s.metrics[name]));
console.log(JSON.stringify({
  requests: agg('http_reqs')?.value ?? 0,
  failed: agg('http_req_failed')?.trues ?? 0,
  cpuSec: s.saturation.processes[0]?.cpuSeconds ?? 0,
}));
`;

/** One engine test in a fresh process; throws when a request failed or the child did not report. */
export async function runEngine(o: EngineRun): Promise<EngineSample> {
  const { stdout } = await exec(
    process.execPath,
    moduleScriptArgs(CHILD, o.url, String(o.workers), JSON.stringify(o.headers)),
    {
      cwd: ROOT,
      env: { ...process.env, BENCH_CONNECTIONS: String(o.connections), BENCH_SECONDS: String(o.seconds) },
      timeout: (o.seconds + 60) * 1000,
    },
  );
  const last = stdout.trim().split('\n').pop() ?? '';
  const r = JSON.parse(last) as { requests: number; failed: number; cpuSec: number };
  if (r.failed > 0) throw new Error(`engine run had ${r.failed} failed requests`);
  return { requests: r.requests, cpuSec: r.cpuSec };
}
