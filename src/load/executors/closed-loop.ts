// The loop of one closed-model VU: iterate back to back while `more(now)` allows (k6 closed model: a VU starts
// its next iteration only when the previous one ended). `now` is the clock reading the previous iteration
// ended at, which is also where the next one starts: one clock read per iteration boundary (issue 16).
import type { ScenarioRuntime } from '../scenario-runtime.ts';
import type { Vu } from '../vu.ts';

/**
 * Lets timers and I/O run; resolves with the clock reading after. A function of its own, so that the loop's
 * optimised code has no allocation site it used once in 256 iterations (scenario-runtime.ts, rare paths).
 */
async function yieldToLoop(): Promise<number> {
  await new Promise<void>((r) => setImmediate(r));
  return performance.now();
}

export async function closedLoop<S>(
  rt: ScenarioRuntime<S>,
  vu: Vu<S>,
  more: (now: number) => boolean,
): Promise<void> {
  rt.state.activeVus++;
  try {
    let now = performance.now();
    while (!rt.stopping && more(now)) {
      now = await rt.iterate(vu, undefined, -1, now);
      // A VU function that never awaits real I/O would otherwise starve timers and the progress line. From the
      // first iteration on, so that the call has been seen before the loop is optimised.
      if (vu.iterationInVu % 256 === 1) now = await yieldToLoop();
    }
  } finally {
    rt.state.activeVus--;
  }
}
