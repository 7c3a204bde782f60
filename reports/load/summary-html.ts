// The HTML load summary: one self-contained file (inline CSS and SVG, a CSP that forbids every request) with
// the verdicts, charts of latency percentiles, throughput, errors and VUs over time, and the tables of the
// console summary (thresholds, checks, per-method latencies, all metrics, generator saturation, errors).
// It reads the result format of src/results only (issue 13 §5): the figures computed when the summary was
// finalised (`values` per metric and tag set, percentiles per timeline bucket), never the HDR encodings.
import { formatDuration, formatSegment } from '../../src/results/index.ts';
import type { LoadSummary, SerializedSeries, WarmupReport } from '../../src/results/index.ts';
import { esc } from './html-escape.ts';
import { lineChart } from './svg-line-chart.ts';

const CSS = `body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1100px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
table{border-collapse:collapse;font-size:13px;margin:4px 0}td,th{border:1px solid #ddd;padding:3px 8px;text-align:right}
th{background:#f5f5f5}td:first-child,th:first-child{text-align:left}.meta{color:#555;font-size:13px}
.badge{display:inline-block;padding:2px 10px;border-radius:10px;font-size:13px;margin-right:6px;color:#fff}
.ok{background:#2e7d32}.bad{background:#c62828}.warn{background:#ef6c00}code{font-size:12px}`;

function ms(v: number): string {
  return formatDuration(v);
}

/** One thread's warm-up (LoadDefinition.warmup): how long, how much, and what failed against the stand-in. */
function warmupText(w: WarmupReport): string {
  return `${formatDuration(w.durationMs)}, ${w.iterations} iterations against ${w.target}${w.failures > 0 ? `, ${w.failures} failed` : ''}`;
}

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return '<p class="meta">none</p>';
  return `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

function charts(s: LoadSummary): string {
  const start = Date.parse(s.startedAt);
  const width = s.timeline.bucketMs / 1000;
  const pts = s.timeline.points.map((p) => ({
    t: Math.max(0, p.t + s.timeline.bucketMs / 2 - start), // mid-bucket, since the test start
    p50: p.p50 ?? 0,
    p95: p.p95 ?? 0,
    p99: p.p99 ?? 0,
    max: p.max ?? 0,
    p,
  }));
  const latency = lineChart({
    title: `${s.requestMetric} latency (${Object.values(s.scenarios).some((o) => o.executor.endsWith('arrival-rate')) ? 'open model: from the intended start' : 'service time'})`,
    yLabel: 'ms',
    series: [
      { name: 'p50', color: '#2e7d32', points: pts.map((x) => [x.t, x.p50]) },
      { name: 'p95', color: '#f9a825', points: pts.map((x) => [x.t, x.p95]) },
      { name: 'p99', color: '#c62828', points: pts.map((x) => [x.t, x.p99]) },
      { name: 'max', color: '#6a1b9a', points: pts.map((x) => [x.t, x.max]), dashed: true },
    ],
  });
  const rate = lineChart({
    title: 'throughput and errors per second',
    yLabel: 'per second',
    format: (v) => v.toFixed(0),
    series: [
      { name: 'requests/s', color: '#1565c0', points: pts.map((x) => [x.t, x.p.requests / width]) },
      { name: 'errors/s', color: '#c62828', points: pts.map((x) => [x.t, x.p.failures / width]) },
      {
        name: 'iterations/s',
        color: '#00838f',
        points: pts.map((x) => [x.t, x.p.iterations / width]),
        dashed: true,
      },
      {
        name: 'dropped/s',
        color: '#ef6c00',
        points: pts.map((x) => [x.t, x.p.dropped / width]),
        dashed: true,
      },
    ],
  });
  const vus = lineChart({
    title: 'active VUs',
    yLabel: 'VUs',
    format: (v) => v.toFixed(0),
    height: 180,
    series: [{ name: 'VUs', color: '#455a64', points: pts.map((x) => [x.t, x.p.vus]) }],
  });
  return `${latency}<br>${rate}<br>${vus}`;
}

function tagsText(tags: Readonly<Record<string, string>>): string {
  return JSON.stringify(Object.entries(tags).sort(([a], [b]) => a.localeCompare(b)));
}

function v(x: SerializedSeries | undefined, stat: string): number | undefined {
  return x?.values?.[stat];
}

/** One row per scenario, method and outcome (one tag set of the request trend). */
function methodRows(s: LoadSummary): string[][] {
  const metric = s.metrics[`${s.requestMetric}_duration`];
  const latency = s.metrics[`${s.requestMetric}_latency`];
  if (metric === undefined) return [];
  const byTags = new Map((latency?.series ?? []).map((x) => [tagsText(x.tags), x]));
  const t = (x: number | undefined): string => (x === undefined ? '-' : ms(x));
  return [...metric.series]
    .sort((a, b) => tagsText(a.tags).localeCompare(tagsText(b.tags)))
    .map((x) => [
      x.tags['scenario'] ?? '',
      x.tags['method'] ?? '',
      x.tags['outcome'] ?? '',
      String(v(x, 'count') ?? 0),
      t(v(x, 'avg')),
      t(v(x, 'med')),
      t(v(x, 'p(95)')),
      t(v(x, 'p(99)')),
      t(v(x, 'max')),
      t(v(byTags.get(tagsText(x.tags)), 'p(99)')),
    ]);
}

function metricRows(s: LoadSummary): string[][] {
  return Object.keys(s.metrics)
    .sort()
    .map((name) => {
      const m = s.metrics[name];
      if (m === undefined) return [name, '', ''];
      const x = m.values ?? {};
      const f =
        m.contains === 'time' ? ms : (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(2));
      const g = (k: string): string => (x[k] === undefined ? '-' : f(x[k]));
      const text =
        m.type === 'trend'
          ? x['count'] === 0
            ? 'no data'
            : `avg=${g('avg')} min=${g('min')} med=${g('med')} p(95)=${g('p(95)')} p(99)=${g('p(99)')} max=${g('max')}`
          : m.type === 'rate'
            ? x['rate'] === undefined
              ? 'no data'
              : `${(x['rate'] * 100).toFixed(2)}% (${x['passes'] ?? 0} of ${(x['passes'] ?? 0) + (x['fails'] ?? 0)})`
            : m.type === 'counter'
              ? `${x['count'] ?? 0} (${(x['rate'] ?? 0).toFixed(1)}/s)`
              : `${x['value'] ?? 0} (min ${x['min'] ?? 0}, max ${x['max'] ?? 0})`;
      return [name, m.type, text];
    });
}

export function renderSummaryHtml(s: LoadSummary): string {
  const failed = s.thresholdResults.filter((r) => !r.ok).length;
  const badges = [
    `<span class="badge ${failed === 0 ? 'ok' : 'bad'}">thresholds: ${s.thresholdResults.length - failed} passed, ${failed} failed</span>`,
    `<span class="badge ${s.valid ? 'ok' : 'warn'}">generator: ${s.valid ? 'valid' : 'saturated — figures describe the generator'}</span>`,
    s.aborted === undefined ? '' : `<span class="badge bad">aborted: ${esc(s.aborted)}</span>`,
  ].join('');
  const scenarios = table(
    ['scenario', 'executor', 'options'],
    Object.entries(s.scenarios).map(([name, o]) => {
      const { executor, ...rest } = o;
      return [name, executor, JSON.stringify(rest)];
    }),
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${esc(s.name)} — load summary</title><style>${CSS}</style></head><body>
<h1>${esc(s.name)}</h1>
<p class="meta">${esc(s.description ?? '')}</p>
<p class="meta">target <code>${esc(s.target)}</code> · ${esc(s.startedAt)} → ${esc(s.endedAt)} (${esc(ms(s.durationMs))}) · shards ${esc(s.shards.map(formatSegment).join(', '))}${Object.keys(s.overrides).length === 0 ? '' : ` · overrides <code>${esc(JSON.stringify(s.overrides))}</code>`}</p>
<p>${badges}</p>
<h2>Over time</h2>${charts(s)}
<h2>Thresholds</h2>${table(
    ['metric', 'threshold', 'actual', 'result'],
    s.thresholdResults.map((r) => [
      r.key,
      r.source + (r.abortOnFail ? ' (abortOnFail)' : ''),
      r.actual === undefined ? '-' : r.actual.toFixed(3),
      r.ok ? '✓ passed' : '✗ FAILED',
    ]),
  )}
<h2>Checks</h2>${table(
    ['check', 'passes', 'fails', 'rate'],
    s.checks.map((c) => [
      c.name,
      String(c.passes),
      String(c.fails),
      `${((c.passes / Math.max(1, c.passes + c.fails)) * 100).toFixed(2)}%`,
    ]),
  )}
<h2>Requests by method and outcome</h2>${table(['scenario', 'method', 'outcome', 'count', 'avg', 'p50', 'p95', 'p99', 'max', 'p99 from intended start'], methodRows(s))}
<h2>Scenarios</h2>${scenarios}
<h2>All metrics</h2>${table(['metric', 'type', 'value'], metricRows(s))}
<h2>Generator</h2>${table(
    ['thread', 'event-loop delay p50', 'p90', 'p99', 'max', 'utilisation', 'warm-up (not counted)'],
    s.saturation.threads.map((t) => [
      t.thread,
      ms(t.eventLoopDelayP50Ms),
      ms(t.eventLoopDelayP90Ms),
      ms(t.eventLoopDelayP99Ms),
      ms(t.eventLoopDelayMaxMs),
      `${(t.utilization * 100).toFixed(0)}%`,
      t.warmup === undefined ? '—' : warmupText(t.warmup),
    ]),
  )}${table(
    ['process', 'CPU (share of all cores)', 'cores', 'includes target'],
    s.saturation.processes.map((p) => [
      p.label,
      `${(p.cpuFraction * 100).toFixed(0)}%`,
      String(p.cores),
      p.includesTarget ? 'yes' : 'no',
    ]),
  )}${s.saturation.reasons.map((r) => `<p class="meta">⚠ ${esc(r)}</p>`).join('')}
<h2>Errors</h2>${table(
    ['scenario', 'count', 'message'],
    s.errors.map((e) => [e.scenario, String(e.count), e.message]),
  )}
</body></html>
`;
}
