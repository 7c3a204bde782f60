import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { renderLatencyChart, scenarioMetrics, writeLoadResults } from '../../reports/allure/index.ts';
import { labelValues, readResults } from './allure-results-reader.ts';
import { dispatchPath, fixtureLoadReport } from './fixtures/fixture-load.ts';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'xh-load-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('load results', () => {
  test('a saturated generator makes every scenario broken (setup), whatever its thresholds say', async () => {
    const out = join(dir, 'saturated');
    await writeLoadResults(out, {
      ...fixtureLoadReport,
      valid: false,
      invalidReason: 'event-loop delay p99 180 ms',
      shard: '1/2',
    });
    const results = await readResults(out);
    for (const r of results.values()) {
      expect(r.status).toBe('broken');
      expect(r.statusDetails?.message).toMatch(
        /^SETUP PROBLEM: load generator saturated.*event-loop delay p99 180 ms/,
      );
      expect(labelValues(r, 'failure_kind')).toEqual(['setup']);
      expect(labelValues(r, 'shard')).toEqual(['1/2']);
    }
    expect(results.size).toBe(2);
    expect((await readdir(out)).filter((f) => f.endsWith('-perf.json'))).toHaveLength(1);
  });

  test('named after the scenario file, the HTML summary attached and linked, thresholds show the value judged', async () => {
    const out = join(dir, 'named');
    const html = join(dir, 'dispatch-path.html');
    await writeFile(html, '<!doctype html><title>dispatch-path</title>');
    await writeLoadResults(out, {
      ...fixtureLoadReport,
      name: 'dispatch-path',
      file: 'scenarios/dispatch-path.scenario.ts',
      summaryHtml: html,
      scenarios: [
        {
          ...dispatchPath,
          thresholds: [
            ...dispatchPath.thresholds,
            {
              metric: 'xapi_req_duration{method:VM.start}',
              expression: 'p(95)<200',
              ok: false,
              noData: true,
            },
          ],
        },
      ],
    });
    const [r] = [...(await readResults(out)).values()];
    expect(r?.name).toBe(`load scenarios/dispatch-path.scenario.ts: ${dispatchPath.name}`);
    expect((r as { links?: { url: string }[] } | undefined)?.links?.map((l) => l.url)).toEqual([html]);
    expect(r?.attachments?.map((a) => a.name)).toContain('load summary (HTML)');
    expect(r?.steps?.map((st) => st.name)).toEqual(
      expect.arrayContaining([
        'threshold xapi_req_duration: p(95)<200 → 4.4',
        'threshold xapi_req_failed: rate<0.01 → 0.0002',
        'threshold xapi_req_duration{method:VM.start}: p(95)<200 → no data',
      ]),
    );
    expect(r?.statusDetails?.message).toMatch(
      /xapi_req_duration\{method:VM.start\} p\(95\)<200 \(actual no data\)/,
    );
  });

  test('the latency chart is well-formed, self-contained SVG, also with no series', () => {
    for (const svg of [
      renderLatencyChart('a <b> & "c"', dispatchPath.series ?? []),
      renderLatencyChart('empty', []),
    ]) {
      expect(XMLValidator.validate(svg)).toBe(true);
      expect(svg.replaceAll('http://www.w3.org/2000/svg', '')).not.toMatch(/https?:|<script|<image/);
    }
    expect(renderLatencyChart('t', [])).toContain('no time series recorded');
  });

  test('metrics: stable keys, direction of better, finite values only', () => {
    const metrics = scenarioMetrics({ ...dispatchPath, requests: { count: 0, failed: 0, rps: Number.NaN } });
    expect(metrics.map((m) => m.key)).toEqual([
      'load.dispatch-path.p50_ms',
      'load.dispatch-path.p95_ms',
      'load.dispatch-path.p99_ms',
      'load.dispatch-path.max_ms',
      'load.dispatch-path.error_rate',
      'load.dispatch-path.dropped_iterations',
    ]);
    expect(metrics.find((m) => m.key.endsWith('error_rate'))).toMatchObject({
      value: 0,
      better: 'lower',
      group: 'errors',
    });
  });
});
