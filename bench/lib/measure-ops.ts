// Throughput measurement for synchronous operations, fair across candidates: all candidates run in
// the same process, interleaved round by round (the order rotates each round), so GC pauses, CPU
// frequency changes and noisy neighbours hit all of them alike; rates are per CPU second by
// default. The reported figure is the median of the per-round rates (ARCHITECTURE.md Habits 8:
// ratios against a baseline measured in the same run, never a bare time).

export interface Candidate {
  readonly name: string;
  /** One operation. Its result is consumed so the JIT cannot drop the work. */
  readonly fn: () => unknown;
}

export interface Measurement {
  readonly name: string;
  /** Median operations per second over the rounds. */
  readonly opsPerSec: number;
  /** Per-round rates, in round order. */
  readonly rounds: readonly number[];
  /** (max - min) / median of the round rates: a rough noise indicator. */
  readonly spread: number;
}

export interface MeasureOptions {
  /** Rounds per candidate. Default BENCH_ROUNDS or 7. */
  readonly rounds?: number;
  /** Minimum time per candidate per round. Default BENCH_MS or 150 ms. */
  readonly minMs?: number;
  /** Warm-up time per candidate before measuring (lets the JIT settle). Default minMs. */
  readonly warmupMs?: number;
  /**
   * What a round's rate is computed from. Default 'cpu' (BENCH_CLOCK): the process's CPU time, so
   * a busy shared machine (CI, other jobs) changes how long a round takes, not the ops/s it
   * reports. 'wall' for operations whose cost is waiting rather than computing.
   */
  readonly clock?: Clock;
}

let sink = 0;

function consume(v: unknown): void {
  // A cheap, type-independent dependency on the result.
  if (v !== undefined && v !== null) sink = (sink + 1) | 0;
}

export type Clock = 'cpu' | 'wall';

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/**
 * Runs `fn` until `ms` have elapsed on `clock`; returns [operations, elapsed ms on that clock].
 * Time is read every `batch` calls. With the CPU clock a round also ends after 20 × ms of wall time,
 * so a starved process cannot stall the run.
 */
function runFor(fn: () => unknown, ms: number, clock: Clock): [number, number] {
  let ops = 0;
  let batch = 1;
  const w0 = performance.now();
  const c0 = clock === 'cpu' ? cpuMs() : 0;
  let elapsed = 0;
  while (elapsed < ms) {
    for (let i = 0; i < batch; i++) consume(fn());
    ops += batch;
    const wall = performance.now() - w0;
    elapsed = clock === 'cpu' ? cpuMs() - c0 : wall;
    if (clock === 'cpu' && wall > 20 * ms) break;
    // Grow the batch until a batch takes ~1 ms, so reading the clock costs nothing measurable.
    if (wall < 1 && batch < 1 << 20) batch *= 2;
  }
  return [ops, Math.max(elapsed, 1e-3)];
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

function envNumber(name: string): number | undefined {
  const v = process.env[name];
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

/** Measures every candidate, interleaved. Throws if a candidate throws (a benchmark must be valid). */
export function measureOps(candidates: readonly Candidate[], options: MeasureOptions = {}): Measurement[] {
  const rounds = options.rounds ?? envNumber('BENCH_ROUNDS') ?? 7;
  const minMs = options.minMs ?? envNumber('BENCH_MS') ?? 150;
  const warmupMs = options.warmupMs ?? minMs;
  const clock: Clock = options.clock ?? (process.env['BENCH_CLOCK'] === 'wall' ? 'wall' : 'cpu');
  for (const c of candidates) runFor(c.fn, warmupMs, clock);
  const rates: number[][] = candidates.map(() => []);
  for (let r = 0; r < rounds; r++) {
    for (let j = 0; j < candidates.length; j++) {
      const i = (j + r) % candidates.length;
      const [ops, ms] = runFor((candidates[i] as Candidate).fn, minMs, clock);
      (rates[i] as number[]).push((ops * 1000) / ms);
    }
  }
  return candidates.map((c, i) => {
    const xs = rates[i] as number[];
    const m = median(xs);
    return { name: c.name, opsPerSec: m, rounds: xs, spread: (Math.max(...xs) - Math.min(...xs)) / m };
  });
}

/**
 * The Measurement of rates measured elsewhere (closed HTTP loops, one per round): the median round (the upper
 * one of an even count) and the spread.
 */
export function measurementOf(name: string, rounds: readonly number[]): Measurement {
  const sorted = [...rounds].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  return { name, opsPerSec: median, rounds, spread: (sorted[sorted.length - 1]! - sorted[0]!) / median };
}
