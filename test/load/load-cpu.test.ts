// The generator's CPU figure covers the load only: from the test start to the end of its scenarios. VU
// tear-down (and the summary after it) is not load, as VU set-up is not (issue 16).
import { describe, expect, it } from 'vitest';
import { defineLoad } from '../../src/load/definition.ts';
import { runLoad } from '../../src/load/run-load.ts';
import { block, sleep } from './fixtures/inline.ts';

describe('generator CPU', () => {
  it('counts neither VU set-up nor tear-down', async () => {
    const def = defineLoad<undefined>({
      name: 'cpu-window',
      requestMetric: 'test_req',
      options: { scenarios: { s: { executor: 'per-vu-iterations', vus: 1, iterations: 1 } } },
      setupVu: () => {
        block(300);
        return Promise.resolve(undefined);
      },
      teardownVu: () => {
        block(300);
        return Promise.resolve();
      },
      functions: { default: () => sleep(50) },
    });
    const s = await runLoad(def, { params: {} });
    const p = s.saturation.processes[0];
    // The iteration sleeps: its CPU is a few milliseconds, far from either 300 ms busy loop.
    expect(p?.cpuSeconds).toBeGreaterThanOrEqual(0);
    expect(p?.cpuSeconds).toBeLessThan(0.2);
    expect((p?.cpuFraction ?? 1) * (p?.cores ?? 1)).toBeLessThan(0.5);
  });
});
