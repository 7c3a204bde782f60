// `npm run soak [-- --minutes N] [--only fuzz|crash|concurrency|faults|slow]`: the long versions of the
// robustness suites (issue 8), bounded in time. Rounds run until the time is up, each with fresh seeds:
// - fuzz: the body, call, HTTP-garbage and memory fuzzers at FUZZ_SCALE × their default run counts;
// - crash: SIGKILL during a write storm, CRASH_ITERATIONS kills per round;
// - concurrency: the linearizability suite with a new seed;
// - faults: the conformance runner through the fault proxy with new seeds;
// - slow: once, the 60 s slow-body timeout that the default run skips.
// Every round prints its seeds and, on failure, the command that replays it. Exit 0 when every round
// passed, 1 when one failed, 2 on a usage error.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const VITEST = 'node_modules/vitest/vitest.mjs';

interface Job {
  readonly name: string;
  readonly files: readonly string[];
  readonly env: () => Record<string, string>;
  /** Run once only (the first round). */
  readonly once?: boolean;
  /** A vitest config other than the default (soak-only files, *.soak.ts). */
  readonly config?: string;
}

const seed = (): string => String(Math.floor(Math.random() * 2 ** 31));

const JOBS: readonly Job[] = [
  {
    name: 'fuzz',
    files: [
      'test/robustness/fuzz-bodies.test.ts',
      'test/robustness/fuzz-calls.test.ts',
      'test/robustness/http-garbage.test.ts',
      'test/robustness/memory.test.ts',
    ],
    env: () => ({ FUZZ_SCALE: '10', FUZZ_SEED: seed() }),
  },
  {
    name: 'crash',
    files: ['test/robustness/crash-safety.test.ts', 'test/robustness/crash-lifecycle.test.ts'],
    env: () => ({ CRASH_ITERATIONS: '15', CRASH_SEED: seed() }),
  },
  {
    name: 'concurrency',
    files: ['test/concurrency/lifecycle-linearizable.test.ts'],
    env: () => ({ CONC_SEED: seed() }),
  },
  {
    name: 'faults',
    files: ['test/faultproxy/harness-under-faults.test.ts', 'test/faultproxy/fault-proxy.test.ts'],
    env: () => ({ FAULT_SEED: seed() }),
  },
  {
    name: 'slow',
    files: ['test/robustness/slow-body.soak.ts'],
    env: () => ({}),
    config: 'vitest.soak.config.ts',
    once: true,
  },
];

function usage(): string {
  return `usage: npm run soak -- [--minutes N] [--only ${JOBS.map((j) => j.name).join('|')}]\n`;
}

function runJob(
  job: Job,
  env: Record<string, string>,
  killAtMs: number,
): Promise<{ code: number; ms: number; tail: string }> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        VITEST,
        'run',
        ...(job.config === undefined ? [] : ['--config', job.config]),
        ...job.files,
        '--reporter=dot',
      ],
      {
        cwd: ROOT,
        env: { ...process.env, ...env, FORCE_COLOR: '0', NO_COLOR: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    const keep = (d: Buffer): void => {
      out = (out + d.toString('utf8')).slice(-20_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    // The soak is bounded: a round still running at the deadline (plus a grace) is stopped.
    const timer = setTimeout(() => child.kill('SIGTERM'), Math.max(1_000, killAtMs - Date.now()));
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: signal === null ? (code ?? 1) : 124, ms: Date.now() - t0, tail: out });
    });
  });
}

export async function main(argv: string[]): Promise<number> {
  let minutes: number;
  let only: string | undefined;
  try {
    const { values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        minutes: { type: 'string' },
        only: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help === true) {
      process.stdout.write(usage());
      return 0;
    }
    minutes = Number(values.minutes ?? '5');
    if (!Number.isFinite(minutes) || minutes <= 0) throw new Error(`--minutes expects a positive number`);
    only = values.only;
    if (only !== undefined && !JOBS.some((j) => j.name === only)) throw new Error(`unknown job '${only}'`);
  } catch (e) {
    process.stderr.write(`soak: ${e instanceof Error ? e.message : String(e)}\n${usage()}`);
    return 2;
  }
  const deadline = Date.now() + minutes * 60_000;
  const grace = 90_000; // a round that started before the deadline may finish, up to this much later
  const jobs = JOBS.filter((j) => only === undefined || j.name === only);
  const failures: string[] = [];
  let rounds = 0;
  process.stdout.write(`soak: ${minutes} min, jobs ${jobs.map((j) => j.name).join(', ')}\n`);
  for (let round = 1; Date.now() < deadline; round += 1) {
    for (const job of jobs) {
      if (Date.now() >= deadline) break;
      if (job.once === true && round > 1) continue;
      const env = job.env();
      const envText = Object.entries(env)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ');
      const left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
      process.stdout.write(`[round ${round}] ${job.name} (${envText}) … ${left} s left\n`);
      const r = await runJob(job, env, deadline + grace);
      rounds += 1;
      const verdict = r.code === 0 ? 'passed' : r.code === 124 ? 'stopped at the deadline' : 'FAILED';
      process.stdout.write(`[round ${round}] ${job.name} ${verdict} in ${(r.ms / 1000).toFixed(1)} s\n`);
      if (r.code !== 0 && r.code !== 124) {
        const replay = `${envText} npx vitest run ${job.files.join(' ')}`;
        failures.push(`${job.name} (round ${round}): replay with: ${replay}`);
        process.stdout.write(`${r.tail.split('\n').slice(-40).join('\n')}\n  replay: ${replay}\n`);
      }
    }
  }
  process.stdout.write(
    `\nsoak: ${rounds} rounds in ${minutes} min, ${failures.length} failed${failures.length > 0 ? `:\n  ${failures.join('\n  ')}` : ''}\n`,
  );
  return failures.length === 0 ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
