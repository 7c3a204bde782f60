// A generator's sustained rate, counted by the server it drives (issue 16). A generator's own count over its
// whole run includes its start: for a generator on a JIT (our engine, the Node floor, autocannon) the first
// second runs partly in the interpreter while the compiler threads take CPU from the server (measured here,
// server-counted, 6 rounds: the engine's first second at 0.78× of its later rate, the Node floor's at 0.93×,
// wrk's at 1.04×). In a 6 s window that start alone is ~4 % of the engine's count, the size of the gap the
// bench reports to wrk, and a load test of minutes never sees it. So the bench reports both: the
// whole-window rate as before, and this one: the requests the server answered from one second after the
// first one it saw to half a second before the generator's end, on the server's own clock. The same
// observer counts every generator, whatever language it is written in.
import { sleep } from './child-server.ts';

export interface RequestCount {
  /** Requests the server has answered so far. */
  readonly requests: number;
  /** The server's clock (ms, performance.now()) when it counted them. */
  readonly at: number;
}

export interface SustainedWindow {
  /** The generator's run length (s), from its first request. */
  readonly seconds: number;
  /** The start left out (s). */
  readonly warmSeconds: number;
  /** Left out before the end (s), so the window closes before the generator stops. */
  readonly tailSeconds: number;
  /** How often to look for the first request (ms). */
  readonly pollMs: number;
  /** Give up when no request arrives within this long (ms): the generator failed to start. */
  readonly startTimeoutMs: number;
}

export const SUSTAINED_WINDOW: SustainedWindow = {
  seconds: 6,
  warmSeconds: 1,
  tailSeconds: 0.5,
  pollMs: 10,
  startTimeoutMs: 60_000,
};

/** Whether a run of `w.seconds` leaves a window once its start and its end are left out. */
export function leavesWindow(w: SustainedWindow): boolean {
  return w.seconds > w.warmSeconds + w.tailSeconds;
}

/**
 * Call as the generator starts: resolves with the requests per second the server answered in the window, or
 * undefined when the run is too short to leave one (seconds ≤ warm + tail) or no request arrived.
 */
export async function sustainedRate(
  read: () => Promise<RequestCount>,
  w: SustainedWindow,
): Promise<number | undefined> {
  if (!leavesWindow(w)) return undefined;
  const spanMs = (w.seconds - w.warmSeconds - w.tailSeconds) * 1000;
  const before = await read();
  const giveUp = Date.now() + w.startTimeoutMs;
  let first = before;
  while (first.requests === before.requests) {
    if (Date.now() > giveUp) return undefined;
    await sleep(w.pollMs);
    first = await read();
  }
  // Deadlines on the server's clock, slept out on ours: both are monotonic and tick at the same rate.
  const from = await readAfter(read, first.at + w.warmSeconds * 1000);
  const to = await readAfter(read, first.at + w.warmSeconds * 1000 + spanMs);
  const ms = to.at - from.at;
  return ms > 0 ? ((to.requests - from.requests) * 1000) / ms : undefined;
}

/** The first count read at or after the server's clock reaches `at`. */
async function readAfter(read: () => Promise<RequestCount>, at: number): Promise<RequestCount> {
  let c = await read();
  while (c.at < at) {
    await sleep(Math.max(1, at - c.at));
    c = await read();
  }
  return c;
}
