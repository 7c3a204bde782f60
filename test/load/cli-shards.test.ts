// The `load` CLI end to end: two shard processes against one bare HTTP target, then `load merge`. The merged
// summary must count exactly the single-process schedule and carry the histograms of both shards.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aggregateMetric } from '../../src/load/aggregate.ts';
import { isLoadSummary } from '../../src/load/merge-summaries.ts';
import type { LoadSummary } from '../../src/load/load-summary.ts';
import { decodeHistogram, newHistogram } from '../../src/load/histogram.ts';
import { run } from '../../src/cli/commands/load.ts';
import { readRunResults } from '../../src/results/index.ts';
import { startHttpTarget } from './fixtures/http-target.ts';
import type { HttpTarget } from './fixtures/http-target.ts';

const exec = promisify(execFile);
const BIN = new URL('../../bin/xapi-harness.mjs', import.meta.url).pathname;
const FIXTURE = new URL('./fixtures/http-definition.ts', import.meta.url).pathname;

async function readSummary(file: string): Promise<LoadSummary> {
  const data: unknown = JSON.parse(await readFile(file, 'utf8'));
  if (!isLoadSummary(data)) throw new Error(`${file} is not a load summary`);
  return data;
}

describe('load CLI', () => {
  let target: HttpTarget;
  let dir: string;
  beforeAll(async () => {
    target = await startHttpTarget(1);
    dir = await mkdtemp(join(tmpdir(), 'xh-load-'));
  });
  afterAll(async () => {
    await target.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('runs 2 shard processes and merges them into the whole test', async () => {
    const shard = (i: number) =>
      exec(
        process.execPath,
        [
          BIN,
          'load',
          FIXTURE,
          '--target',
          target.url,
          '--shard',
          `${i}/2`,
          '--workers',
          '1',
          '--out',
          dir,
          '--quiet',
        ],
        {
          timeout: 30_000,
        },
      );
    const [a, b] = await Promise.all([shard(1), shard(2)]);
    expect(a.stdout).toMatch(/shard 1\/2/);
    expect(b.stdout).toMatch(/shard 2\/2/);
    const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
    expect(files).toEqual(['http-fixture.shard-1-of-2.json', 'http-fixture.shard-2-of-2.json']);
    const parts = await Promise.all(files.map((f) => readSummary(join(dir, f))));
    // 200 iterations striped over 2 shards: 100 intended in each (run, dropped or interrupted).
    const intended = parts.map((p) =>
      ['iterations', 'dropped_iterations', 'interrupted_iterations'].reduce(
        (x, k) => x + (p.metrics[k] === undefined ? 0 : aggregateMetric(p.metrics[k]).value),
        0,
      ),
    );
    expect(intended).toEqual([100, 100]);

    const merged = await exec(
      process.execPath,
      [
        BIN,
        'load',
        'merge',
        ...files.map((f) => join(dir, f)),
        '--out',
        dir,
        '--results',
        join(dir, 'results.json'),
        '--allow-saturated',
      ],
      {
        timeout: 30_000,
      },
    );
    expect(merged.stdout).toMatch(/thresholds: 1 passed, 0 failed/);
    const m = await readSummary(join(dir, 'http-fixture.merged.json'));
    expect(m.shards).toHaveLength(2);
    const total = (k: string): number =>
      m.metrics[k] === undefined ? 0 : aggregateMetric(m.metrics[k]).value;
    const done = total('iterations');
    // On a busy machine a few iterations may be dropped (no free VU at their time): counted, never lost.
    expect(done + total('dropped_iterations') + total('interrupted_iterations')).toBe(200);
    expect(done).toBeGreaterThan(100);
    expect(target.hits()).toBeGreaterThanOrEqual(done);
    expect(target.hits()).toBeLessThanOrEqual(done + total('interrupted_iterations'));
    // The merged histogram is the sum of the shards' histograms: same percentiles as one histogram of all.
    const all = newHistogram();
    for (const p of parts)
      for (const s of p.metrics['http_req_duration']!.series)
        if (s.type === 'trend') all.add(decodeHistogram(s.hdr));
    const md = aggregateMetric(m.metrics['http_req_duration']!);
    expect(md.count).toBe(all.totalCount);
    for (const q of [50, 95, 99])
      expect(md.percentile(q)).toBeCloseTo(
        Math.min(md.max, Math.max(md.min, all.getValueAtPercentile(q) / 1000)),
        6,
      );
    expect(m.timeline.points.reduce((x, p) => x + p.requests, 0)).toBe(done);
    // Computed numbers next to the histograms, as k6's --summary-export (`jq '.metrics.X.values["p(95)"]'`),
    // recomputed on the merged data, for the metric and for each tag set.
    const dv = m.metrics['http_req_duration']!.values!;
    for (const k of ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)'])
      expect(typeof dv[k], k).toBe('number');
    expect(dv['p(95)']).toBeCloseTo(md.percentile(95), 6);
    expect(dv['count']).toBe(md.count);
    for (const s of m.metrics['http_req_duration']!.series)
      if (s.type === 'trend') expect(s.values?.['count']).toBe(s.count);
    expect(m.metrics['http_reqs']!.values).toMatchObject({ count: total('http_reqs') });
    expect(m.metrics['http_req_failed']!.values).toMatchObject({ rate: 0, fails: total('http_reqs') });
    // ... and for each scenario's submetric (what the Allure writer shows per scenario).
    const [scenario = ''] = Object.keys(m.scenarios);
    expect(m.metrics['http_reqs']!.byScenario?.[scenario]).toMatchObject({ count: total('http_reqs') });
    // The results file holds the same summary (the one load format), with where its HTML went.
    const results = await readRunResults(join(dir, 'results.json'));
    expect(Object.keys(results.load?.scenarios ?? {})).toEqual([scenario]);
    expect({ ...results.load, summaryHtml: undefined }).toEqual({ ...m, summaryHtml: undefined });
    expect(results.load?.summaryHtml).toBe(join(dir, 'http-fixture.merged.html'));
    expect(results.load?.saturationAccepted).toBe(true);
    expect(await readFile(join(dir, 'http-fixture.merged.html'), 'utf8')).toMatch(/<svg/);
  }, 60_000);

  it('exits 1 when a threshold fails and 2 on bad flags', async () => {
    const out = join(dir, 'fail');
    const args = [
      '--target',
      target.url,
      '--workers',
      '1',
      '--out',
      out,
      '--results',
      join(out, 'results.json'),
      '--quiet',
    ];
    expect(await run([FIXTURE, '--export', 'failing', ...args])).toBe(1);
    // --smoke: a saturated generator (a busy CI machine) is reported, not failed; thresholds still count.
    expect(await run([FIXTURE, '--duration', '300ms', '--smoke', ...args])).toBe(0);
    expect(await run(['no-such-scenario', '--quiet'])).toBe(2);
    expect(await run([FIXTURE, '--shard', '3/2', '--quiet'])).toBe(2);
    expect(await run([FIXTURE, '--vus', 'many', '--quiet'])).toBe(2);
  }, 30_000);
});
