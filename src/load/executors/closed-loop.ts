// The loop of one closed-model VU: iterate back to back while `more()` allows (k6 closed model: a VU starts
// its next iteration only when the previous one ended).
import type { ScenarioRuntime } from '../scenario-runtime.ts';
import type { Vu } from '../vu.ts';

export async function closedLoop<S>(rt: ScenarioRuntime<S>, vu: Vu<S>, more: () => boolean): Promise<void> {
  rt.state.activeVus++;
  try {
    while (!rt.stopping && more()) {
      await rt.iterate(vu);
      // A VU function that never awaits real I/O would otherwise starve timers and the progress line.
      if (vu.iterationInVu % 256 === 0) await new Promise<void>((r) => setImmediate(r));
    }
  } finally {
    rt.state.activeVus--;
  }
}
