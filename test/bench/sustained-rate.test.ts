// The bench's sustained rate: requests the server counted after a generator's start, on the server's clock.
// The counter here is a function of time with a known shape (a late start, a slow first phase, then a steady
// rate), so the expected answer is known; the real server's counter is the bare server's in load.bench.ts.
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { SUSTAINED_WINDOW, sustainedRate } from '../../bench/lib/sustained-rate.ts';
import type { RequestCount } from '../../bench/lib/sustained-rate.ts';

/** A counter that sees nothing for `delayMs`, then `slow`/s for `warmMs`, then `fast`/s. */
function counter(delayMs: number, warmMs: number, slow: number, fast: number): () => Promise<RequestCount> {
  const t0 = performance.now();
  return () => {
    const at = performance.now();
    const t = at - t0 - delayMs;
    const requests =
      t <= 0 ? 7 : 7 + (Math.min(t, warmMs) * slow) / 1000 + (Math.max(0, t - warmMs) * fast) / 1000;
    return Promise.resolve({ requests: Math.floor(requests), at });
  };
}

describe('sustainedRate', () => {
  it('counts from the end of the warm-up to before the end, not from the launch', async () => {
    // Starts 150 ms after the call, runs at 20k/s for 200 ms, then at 100k/s. The window skips 250 ms from
    // the first request: a rate counted from the launch or from the first request would be far lower.
    const w = { ...SUSTAINED_WINDOW, seconds: 0.8, warmSeconds: 0.25, tailSeconds: 0.1, pollMs: 5 };
    const rate = await sustainedRate(counter(150, 200, 20_000, 100_000), w);
    expect(rate).toBeDefined();
    // Up to one poll (5 ms at 20k/s) of the slow phase can fall inside the window: a few hundred requests.
    expect(rate!).toBeGreaterThan(97_000);
    expect(rate!).toBeLessThan(100_500);
  });

  it('gives no rate for a run too short to leave a window, or one that never starts', async () => {
    const short = { ...SUSTAINED_WINDOW, seconds: 1.5, warmSeconds: 1, tailSeconds: 0.5 };
    expect(await sustainedRate(counter(0, 0, 1, 1), short)).toBeUndefined();
    const never = {
      ...SUSTAINED_WINDOW,
      seconds: 0.5,
      warmSeconds: 0.1,
      tailSeconds: 0.1,
      startTimeoutMs: 80,
    };
    expect(await sustainedRate(counter(10_000, 0, 1, 1), never)).toBeUndefined();
  });
});
