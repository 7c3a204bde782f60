// The engine over worker threads (TypeScript workers under tsx, here under vitest too): the segment split
// keeps the schedule exact, every thread reports its own saturation figures, and results merge.
import { describe, expect, it } from 'vitest';
import { runLoad } from '../../src/load/run-load.ts';
import { startHttpTarget } from './fixtures/http-target.ts';
import { scenario } from './fixtures/http-definition.ts';
import { agg, count } from './fixtures/inline.ts';

describe('worker threads', () => {
  it('splits an arrival-rate scenario over 2 threads and merges their metrics', async () => {
    const target = await startHttpTarget(1);
    try {
      const s = await runLoad(scenario, {
        params: { url: target.url },
        workers: 2,
        module: {
          url: new URL('./fixtures/http-definition.ts', import.meta.url).href,
          exportName: 'scenario',
        },
      });
      expect(s.saturation.threads.map((t) => t.thread)).toEqual(['worker 1/2', 'worker 2/2']);
      const done = count(s, 'iterations');
      expect(done + count(s, 'dropped_iterations') + count(s, 'interrupted_iterations')).toBe(200);
      expect(target.hits()).toBeGreaterThanOrEqual(done);
      expect(agg(s, 'http_req_duration')?.count).toBe(agg(s, 'http_reqs')?.value);
      // Each thread set up its own share of the 20 pre-allocated VUs (10 + 10), with distinct ids.
      expect(agg(s, 'vus_max')?.max).toBeGreaterThanOrEqual(20);
      expect(s.timeline.points.reduce((a, p) => a + p.requests, 0)).toBe(agg(s, 'http_reqs')?.value);
    } finally {
      await target.close();
    }
  });

  it('reports a worker that cannot load its definition as an error', async () => {
    await expect(
      runLoad(scenario, {
        params: { url: 'http://127.0.0.1:9' },
        workers: 1,
        module: { url: new URL('./fixtures/http-definition.ts', import.meta.url).href, exportName: 'nope' },
      }),
    ).rejects.toThrow(/exports no 'nope'/);
  });
});
