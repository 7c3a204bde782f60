// Run counts and seeds of the fuzz properties. The default run stays short (issue 8: ~20 s in total);
// `npm run soak` raises FUZZ_SCALE. A failure prints its seed and path; FUZZ_SEED replays it.
import type { Parameters } from 'fast-check';

function envNumber(name: string): number | undefined {
  const v = process.env[name];
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`${name} must be a number, got '${v}'`);
  return n;
}

/** fast-check parameters: `runs` in the default run, times FUZZ_SCALE in the soak run. */
export function fuzzParams<T>(runs: number): Parameters<T> {
  const scale = envNumber('FUZZ_SCALE') ?? 1;
  const seed = envNumber('FUZZ_SEED');
  const path = process.env['FUZZ_PATH'];
  return {
    numRuns: Math.max(1, Math.round(runs * scale)),
    ...(seed === undefined ? {} : { seed }),
    ...(path === undefined || path === '' ? {} : { path }),
    // A property that cannot finish in time fails as a hang instead of stalling the suite.
    interruptAfterTimeLimit: 10 * 60_000,
    markInterruptAsFailure: true,
  };
}

/** The fuzz budget multiplier (1 in the default run). */
export function fuzzScale(): number {
  return envNumber('FUZZ_SCALE') ?? 1;
}
