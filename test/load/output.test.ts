// The outputs of a run: console summary, HTML (self-contained, no request), the Allure adapter, progress line.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { renderSummaryHtml } from '../../reports/load/index.ts';
import { createProgress, formatProgress, formatSummaryText, runLoad } from '../../src/load/index.ts';
import {
  scenarioLatencyMetric,
  scenarioThresholds,
  scenarioValues,
  seriesMatching,
} from '../../src/results/index.ts';
import type { LoadSummary } from '../../src/load/index.ts';
import { inline, sleep } from './fixtures/inline.ts';

async function sample(): Promise<LoadSummary> {
  const def = inline(
    { executor: 'constant-arrival-rate', rate: 40, duration: '500ms', preAllocatedVUs: 20, maxVUs: 40 },
    async (ctx) => {
      await ctx.request('test_req', ctx.iterationInTest % 4 === 0 ? 'B.op' : 'A.op', async () => {
        await sleep(2);
        return ctx.iterationInTest % 10 === 0 ? 'SESSION_INVALID' : 'ok';
      });
      ctx.check(ctx.iterationInTest, {
        'is a number': (n) => typeof n === 'number',
        'is even': (n) => n % 2 === 0,
      });
    },
    {
      thresholds: {
        test_req_failed: ['rate<0.5'],
        'test_req_duration{method:A.op}': ['p(99)<0.001'],
        checks: ['rate>0.4'],
      },
    },
  );
  return runLoad(def, { params: {} });
}

describe('outputs', () => {
  it('prints a k6-style summary with threshold marks, checks and per-method lines', async () => {
    const s = await sample();
    const text = formatSummaryText(s);
    expect(text).toMatch(/✓ is a number \(100\.00% ✓ 20 ✗ 0\)/);
    expect(text).toMatch(/✗ is even/);
    expect(text).toMatch(/✓ test_req_failed\.+: 10\.00% ✓ 2 ✗ 18/);
    expect(text).toMatch(/✗\s+\{ method:A\.op \}\.+: avg=/);
    expect(text).toMatch(/iterations\.+: 20 /);
    expect(text).toMatch(/thresholds: 2 passed, 1 failed/);
    expect(text).toMatch(/generator: (valid|INVALID)/);
  });

  it('renders self-contained HTML: inline SVG charts, a CSP forbidding requests, no external URL', async () => {
    const s = await sample();
    const html = renderSummaryHtml(s);
    expect(html).toMatch(/Content-Security-Policy" content="default-src 'none'/);
    expect(html.match(/<svg /g)?.length).toBe(3);
    expect(html).toContain('SESSION_INVALID');
    // The only URL is the SVG namespace identifier, which is never fetched.
    const urls = [...html.matchAll(/(?:src|href)=["']?([^"' >]+)/g)].map((m) => m[1]);
    expect(urls).toEqual([]);
    expect(html.replace(/http:\/\/www\.w3\.org\/2000\/svg/g, '')).not.toMatch(/https?:\/\//);
  });

  it("computes each scenario's figures the reports read, without decoding a histogram", async () => {
    const s = await sample();
    expect(scenarioValues(s, 'iterations', 's')?.['count']).toBe(20);
    expect(scenarioValues(s, 'test_reqs', 's')?.['count']).toBe(20);
    expect(scenarioValues(s, 'test_req_failed', 's')).toMatchObject({ passes: 2, fails: 18 });
    expect(
      seriesMatching(s, 'test_req_duration', { scenario: 's' })
        .map((x) => `${x.tags['method']}/${x.tags['outcome']}/${x.values?.['count']}`)
        .sort(),
    ).toEqual(['A.op/SESSION_INVALID/1', 'A.op/ok/14', 'B.op/SESSION_INVALID/1', 'B.op/ok/4']);
    expect(
      scenarioThresholds(s, 's')
        .map((t) => t.ok)
        .sort(),
    ).toEqual([false, true, true]);
    // The open model's headline latency is measured from the intended start.
    expect(scenarioLatencyMetric(s, 's')).toBe('test_req_latency');
    const p99 = scenarioValues(s, 'test_req_latency', 's')?.['p(99)'];
    expect(p99).toBeGreaterThan(0);
    // One scenario: its submetric is the whole metric.
    expect(p99).toBe(s.metrics['test_req_latency']?.values?.['p(99)']);
    expect(s.timeline.points.some((p) => p.p99 !== undefined)).toBe(true);
  });

  it('formats the live progress line', () => {
    const line = formatProgress(
      {
        elapsedMs: 3000,
        intervalMs: 1000,
        requests: 1500,
        failures: 15,
        p99Ms: 12.5,
        activeVus: 9,
        allocatedVus: 10,
      },
      5000,
    );
    expect(line).toBe('running 3.00s/5.00s  rps 1500  p99 12.50ms  errors 1.00%  VUs 9/10');
  });

  it('writes a plain progress line every few seconds to a non-terminal (a CI log)', () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const p = createProgress({ stream, isTty: false, totalMs: 20_000 });
    for (let t = 0; t <= 20_000; t += 1000)
      p.onTick({
        elapsedMs: t,
        intervalMs: 1000,
        requests: 10,
        failures: 0,
        p99Ms: 1,
        activeVus: 1,
        allocatedVus: 1,
      });
    p.done();
    expect(lines.map((l) => /running (\S+)\//.exec(l)?.[1])).toEqual([
      '0s',
      '5.00s',
      '10.00s',
      '15.00s',
      '20.00s',
    ]);
    expect(lines.every((l) => l.endsWith('\n') && !l.includes('\x1b'))).toBe(true);
  });
});
