// Waiting on the performance.now() clock, cut short by the test-wide abort signal.
import { performance } from 'node:perf_hooks';

/** Resolves at performance.now() >= t (or at once when already past), or early when `signal` aborts. */
export function sleepUntil(t: number, signal: AbortSignal): Promise<void> {
  const delay = t - performance.now();
  if (delay <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    // Timers may fire a little early relative to performance.now(); re-arm until the time is really reached.
    const arm = (): NodeJS.Timeout =>
      setTimeout(
        () => {
          if (performance.now() >= t) done();
          else timer = arm();
        },
        Math.max(1, t - performance.now()),
      );
    let timer = arm();
    signal.addEventListener('abort', done, { once: true });
  });
}
