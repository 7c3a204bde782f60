// The engine's warm-up (LoadDefinition.warmup): before the test, every generator thread runs the scenarios
// against the kit's stand-in and drops the result. None of it reaches the real target or the summary's
// figures; each thread reports what it did; the stand-in is closed once the test starts; "0s" turns it off;
// and an abort during the warm-up ends the run instead of leaving it to warm up to the end.
import { fc, test as fcTest } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import type { WarmupTarget } from '../../src/load/definition.ts';
import { renderSummaryHtml } from '../../reports/load/index.ts';
import { RequestEnds } from '../../src/load/http-sink.ts';
import { httpWarmupTarget } from '../../src/load/http-warmup.ts';
import { runLoad } from '../../src/load/run-load.ts';
import { formatSummaryText } from '../../src/load/summary-text.ts';
import { warmed } from './fixtures/http-definition.ts';
import { startHttpTarget } from './fixtures/http-target.ts';
import { agg, count } from './fixtures/inline.ts';

const MODULE = { url: new URL('./fixtures/http-definition.ts', import.meta.url).href, exportName: 'warmed' };

/** httpWarmupTarget, recording the stand-in's URL and whether it was closed. */
function watchedTarget(): { target: WarmupTarget; url: () => string | undefined; closed: () => boolean } {
  let url: string | undefined;
  let closed = false;
  return {
    url: () => url,
    closed: () => closed,
    target: {
      label: httpWarmupTarget.label,
      async start(params) {
        const session = await httpWarmupTarget.start(params);
        url = session.params.url;
        return {
          params: session.params,
          close: async () => {
            await session.close();
            closed = true;
          },
        };
      },
    },
  };
}

/** Whether something still accepts connections at `url`. */
async function accepts(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2000) });
    return true;
  } catch {
    return false;
  }
}

describe('the engine warm-up', () => {
  it('warms up in this thread against the stand-in only, then closes it', async () => {
    const target = await startHttpTarget();
    const watched = watchedTarget();
    try {
      const def = { ...warmed, warmup: { target: watched.target, duration: '200ms' } };
      const s = await runLoad(def, { params: { url: target.url } });
      // Every request the summary counts reached the real target, and no other did.
      expect(count(s, 'http_reqs')).toBeGreaterThan(0);
      expect(target.hits()).toBe(count(s, 'http_reqs'));
      expect(agg(s, 'http_req_failed')?.trues).toBe(0);
      const [thread] = s.saturation.threads;
      expect(thread?.warmup?.target).toBe(httpWarmupTarget.label);
      expect(thread?.warmup?.iterations).toBeGreaterThan(0);
      expect(thread?.warmup?.failures).toBe(0);
      expect(thread?.warmup?.durationMs).toBeGreaterThanOrEqual(150);
      expect(formatSummaryText(s)).toMatch(/warm-up, not counted: .* iterations over 1 thread/);
      // The HTML report's generator table gives the thread's warm-up in a column of its own.
      expect(renderSummaryHtml(s)).toMatch(
        new RegExp(
          `<td>[^<]+, ${thread!.warmup!.iterations} iterations against ${httpWarmupTarget.label}</td>`,
        ),
      );
      expect(watched.closed()).toBe(true);
      expect(await accepts(watched.url()!)).toBe(false);
    } finally {
      await target.close();
    }
  });

  it('warms up every worker thread against the one stand-in, and counts only the real requests', async () => {
    const target = await startHttpTarget();
    try {
      const s = await runLoad(warmed, { params: { url: target.url }, workers: 2, module: MODULE });
      expect(target.hits()).toBe(count(s, 'http_reqs'));
      expect(s.saturation.threads.map((t) => t.thread)).toEqual(['worker 1/2', 'worker 2/2']);
      for (const t of s.saturation.threads) {
        expect(t.warmup?.iterations).toBeGreaterThan(0);
        expect(t.warmup?.failures).toBe(0);
      }
    } finally {
      await target.close();
    }
  });

  it('does not warm up with a duration of 0s, nor start the stand-in', async () => {
    const target = await startHttpTarget();
    const watched = watchedTarget();
    try {
      const s = await runLoad(
        { ...warmed, warmup: { target: watched.target, duration: '0s' } },
        { params: { url: target.url } },
      );
      expect(s.saturation.threads[0]?.warmup).toBeUndefined();
      expect(watched.url()).toBeUndefined();
      expect(formatSummaryText(s)).not.toMatch(/warm-up/);
      expect(renderSummaryHtml(s)).not.toMatch(/iterations against/);
      expect(target.hits()).toBe(count(s, 'http_reqs'));
    } finally {
      await target.close();
    }
  });

  it('ends the run when it is aborted during the warm-up', { timeout: 10_000 }, async () => {
    const target = await startHttpTarget();
    const watched = watchedTarget();
    try {
      const def = { ...warmed, warmup: { target: watched.target, duration: '30s' } };
      const s = await runLoad(def, { params: { url: target.url }, signal: AbortSignal.timeout(200) });
      expect(s.aborted).toBe('interrupted');
      expect(s.saturation.threads[0]?.warmup?.durationMs).toBeLessThan(5000);
      expect(watched.closed()).toBe(true);
    } finally {
      await target.close();
    }
  });
});

describe('the HTTP stand-in', () => {
  const REQUEST = Buffer.from('GET / HTTP/1.1\r\nHost: x\r\nUser-Agent: xapi-harness\r\n\r\n', 'latin1');

  fcTest.prop([fc.integer({ min: 1, max: 6 }), fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 20 })])(
    'answers each request once however the stream is cut into reads',
    (requests, cuts) => {
      const stream = Buffer.concat(Array.from({ length: requests }, () => REQUEST));
      const counter = new RequestEnds();
      let ends = 0;
      let at = 0;
      for (const n of [...cuts, stream.length]) {
        if (at >= stream.length) break;
        ends += counter.feed(stream.subarray(at, Math.min(stream.length, at + n)));
        at += n;
      }
      expect(ends).toBe(requests);
    },
  );
});
