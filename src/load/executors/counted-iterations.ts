// The iteration-count executors (shared-iterations, per-vu-iterations): every ready VU loops back to back
// while its quota allows, until maxDuration; the planned iterations not started by then are counted in
// dropped_iterations (k6 docs: concepts/dropped-iterations).
import type { ScenarioRuntime } from '../scenario-runtime.ts';
import { closedLoop } from './closed-loop.ts';
import { sleepUntil } from './sleep-until.ts';

/**
 * Runs `planned` iterations at most; a VU starts one when `mayStart(mine, started)` allows, given how many it
 * started itself and how many all VUs did.
 */
export async function runCountedIterations<S>(
  rt: ScenarioRuntime<S>,
  t0: number,
  abort: AbortSignal,
  planned: number,
  mayStart: (mine: number, started: number) => boolean,
): Promise<void> {
  const end = t0 + rt.plan.durationMs;
  let started = 0;
  const loops = Promise.all(
    rt.vus
      .filter((v) => v.ready)
      .map((vu) => {
        let mine = 0;
        return closedLoop(rt, vu, (now) => {
          if (!mayStart(mine, started) || now >= end) return false;
          mine++;
          started++;
          return true;
        });
      }),
  );
  const deadline = new AbortController();
  await Promise.race([loops, sleepUntil(end, AbortSignal.any([abort, deadline.signal]))]);
  deadline.abort();
  rt.stopping = true;
  if (started < planned) rt.dropped(planned - started);
  await rt.finish(abort.aborted ? 0 : undefined);
}
