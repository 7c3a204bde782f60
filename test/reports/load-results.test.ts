// The Allure load writer reads the run's load summary (the one load result format) and nothing else.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { renderLatencyChart, scenarioMetrics, writeLoadResults } from '../../reports/allure/index.ts';
import { attachmentText, labelValues, readResults, type ResultJson } from './allure-results-reader.ts';
import { fixtureLoadSummary as fixture } from './fixtures/fixture-load.ts';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'xh-load-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function byStory(results: Map<string, ResultJson>, story: string): ResultJson {
  const r = [...results.values()].find((x) => labelValues(x, 'story').includes(story));
  if (r === undefined) throw new Error(`no result for ${story}`);
  return r;
}

describe('load results', () => {
  test('a saturated generator makes every scenario broken (setup), whatever its thresholds say', async () => {
    const out = join(dir, 'saturated');
    await writeLoadResults(out, {
      ...fixture,
      valid: false,
      saturation: { ...fixture.saturation, valid: false, reasons: ['event-loop delay p99 180 ms'] },
      shards: [{ index: 0, count: 2 }],
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

  test('each scenario: its own thresholds and status, figures from the summary', async () => {
    const out = join(dir, 'figures');
    await writeLoadResults(out, fixture);
    const results = await readResults(out);
    const dispatch = byStory(results, 'dispatch-path');
    const storm = byStory(results, 'session-storm');
    expect(dispatch.status).toBe('passed');
    expect(storm.status).toBe('failed');
    expect(storm.statusDetails?.message).toMatch(
      /^THRESHOLD CROSSED: xapi_req_duration\{scenario:session-storm\} p\(95\)<200 \(actual 353\)$/,
    );
    expect(storm.steps?.map((s) => s.name).filter((n) => n.startsWith('threshold'))).toEqual([
      'threshold xapi_req_duration{scenario:session-storm}: p(95)<200 → 353',
      'threshold xapi_req_duration{method:session.login_with_password}: p(95)<1000 → 340.2',
    ]);
    expect(dispatch.steps?.map((s) => s.name)).toEqual([
      'threshold xapi_req_latency{scenario:dispatch-path}: p(95)<200 → 3.901',
      'threshold xapi_req_failed{scenario:dispatch-path}: rate<0.01 → 0.0002222',
      'check status is Success: 8998 ✓ / 2 ✗',
    ]);
    expect(labelValues(dispatch, 'tag')).toEqual(['suite=smoke']);
    expect(dispatch.parameters).toEqual(expect.arrayContaining([{ name: 'max VUs', value: '250' }]));
    const tsv = await attachmentText(out, dispatch, 'latency per method and outcome');
    expect(tsv.split('\n')[0]).toBe('method\toutcome\tcount\tp50_ms\tp95_ms\tp99_ms\tmax_ms');
    expect(tsv).toMatch(/^host\.get_servertime\ttransport:ECONNRESET\t2\t21\.5\t21\.5\t21\.5\t21\.5$/m);
    expect(tsv).toMatch(/^VM\.get_record\tok\t4500\t/m);
    // The session figures: logins and SESSION_INVALID per method, evictions and re-logins per scenario.
    const stormTsv = await attachmentText(out, storm, 'latency per method and outcome');
    expect(stormTsv).toMatch(/^session\.login_with_password\tok\t1160\t/m);
    expect(stormTsv).toMatch(/^VM\.get_all\tSESSION_INVALID\t40\t/m);
    const json = JSON.parse(await attachmentText(out, storm, 'scenario summary')) as {
      options: { executor: string };
      metrics: Record<string, Record<string, number>>;
    };
    expect(json.options.executor).toBe('ramping-vus');
    expect(json.metrics['xapi_session_relogins']?.['count']).toBe(40);
    expect(json.metrics['session_evicted']?.['passes']).toBe(1000);
    expect(json.metrics['xapi_req_duration']?.['p(95)']).toBeCloseTo(353, 0);
  });

  test('a run that completed nothing is failed, with its first error', async () => {
    const out = join(dir, 'nothing');
    const { 'dispatch-path': only } = fixture.scenarios;
    await writeLoadResults(out, {
      ...fixture,
      scenarios: only === undefined ? {} : { 'dispatch-path': only },
      failure: 'no iteration completed (first error: SESSION_AUTHENTICATION_FAILED)',
      passed: false,
    });
    const [r] = [...(await readResults(out)).values()];
    expect(r?.status).toBe('failed');
    expect(r?.statusDetails?.message).toMatch(/no iteration completed.*SESSION_AUTHENTICATION_FAILED/);
  });

  test('named after the scenario file, the HTML summary attached and linked, thresholds show the value judged', async () => {
    const out = join(dir, 'named');
    const html = join(dir, 'dispatch-path.html');
    await writeFile(html, '<!doctype html><title>dispatch-path</title>');
    await writeLoadResults(
      out,
      {
        ...fixture,
        scenarioFile: 'scenarios/dispatch-path.scenario.ts',
        summaryHtml: html,
        thresholdResults: [
          ...fixture.thresholdResults,
          {
            key: 'xapi_req_duration{method:VM.start}',
            source: 'p(95)<200',
            ok: false,
            actual: undefined,
            abortOnFail: false,
            noData: true,
          },
        ],
      },
      new Set(['dispatch-path']),
    );
    const results = await readResults(out);
    expect(results.size).toBe(1);
    const [r] = [...results.values()];
    expect(r?.name).toBe('load scenarios/dispatch-path.scenario.ts: dispatch-path');
    expect((r as { links?: { url: string }[] } | undefined)?.links?.map((l) => l.url)).toEqual([html]);
    expect(r?.attachments?.map((a) => a.name)).toContain('load summary (HTML)');
    expect(r?.steps?.map((st) => st.name)).toEqual(
      expect.arrayContaining(['threshold xapi_req_duration{method:VM.start}: p(95)<200 → no data']),
    );
    expect(r?.statusDetails?.message).toMatch(
      /xapi_req_duration\{method:VM.start\} p\(95\)<200 \(actual no data\)/,
    );
  });

  test('the latency chart is well-formed, self-contained SVG, also with no series', () => {
    const start = Date.parse(fixture.startedAt);
    const full = renderLatencyChart('a <b> & "c"', fixture.timeline, start);
    const empty = renderLatencyChart('empty', { bucketMs: 1000, points: [] }, start);
    for (const svg of [full, empty]) {
      expect(XMLValidator.validate(svg)).toBe(true);
      expect(svg.replaceAll('http://www.w3.org/2000/svg', '')).not.toMatch(/https?:|<script|<image/);
    }
    expect(full.match(/<path /g)).toHaveLength(4);
    expect(empty).toContain('no time series recorded');
  });

  test('metrics: stable keys, direction of better, read from the scenario submetrics', async () => {
    const metrics = scenarioMetrics(fixture, 'dispatch-path');
    expect(metrics.map((m) => m.key)).toEqual([
      'load.dispatch-path.p50_ms',
      'load.dispatch-path.p95_ms',
      'load.dispatch-path.p99_ms',
      'load.dispatch-path.max_ms',
      'load.dispatch-path.rps',
      'load.dispatch-path.error_rate',
      'load.dispatch-path.dropped_iterations',
    ]);
    const value = (k: string): number | undefined => metrics.find((m) => m.key.endsWith(k))?.value;
    expect(value('p95_ms')).toBe(
      fixture.metrics['xapi_req_latency']?.byScenario?.['dispatch-path']?.['p(95)'],
    );
    expect(value('max_ms')).toBe(21.5);
    expect(value('rps')).toBeCloseTo(9000 / 16, 6);
    expect(value('error_rate')).toBeCloseTo(2 / 9000, 9);
    expect(metrics.find((m) => m.key.endsWith('error_rate'))).toMatchObject({
      better: 'lower',
      group: 'errors',
    });
    // A scenario that measured nothing: no made-up 0 ms latency, only the counts.
    const idle = scenarioMetrics(
      { ...fixture, scenarios: { ...fixture.scenarios, idle: { executor: 'constant-vus', duration: '1s' } } },
      'idle',
    );
    expect(idle.map((m) => [m.key, m.value])).toEqual([
      ['load.idle.rps', 0],
      ['load.idle.error_rate', 0],
      ['load.idle.dropped_iterations', 0],
    ]);
    expect(
      JSON.parse(
        await readFile(
          join(
            dir,
            'figures',
            (await readdir(join(dir, 'figures'))).find((f) => f.endsWith('-perf.json')) ?? '',
          ),
          'utf8',
        ),
      ),
    ).toHaveLength(14);
  });
});
