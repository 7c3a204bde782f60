// The end-of-test summary on the console, in k6's layout: scenarios, checks, then every metric on one dotted
// line (trends: the summaryTrendStats; rates: % and ✓/✗ counts; counters: count and per-second rate), with
// ✓/✗ in front of the metrics and submetrics that carry thresholds, request metrics broken down by method,
// and the generator's verdict (valid, or why not).
import { aggregateMetric } from './aggregate.ts';
import { formatDuration, parseDuration } from './duration.ts';
import type { LoadSummary } from './load-summary.ts';
import type { MetricAggregate, SerializedMetric } from './metric-types.ts';
import { trendStat } from './metric-values.ts';
import { formatSegment } from './segment.ts';
import { parseThresholdKey } from './thresholds.ts';

const LABEL_WIDTH = 42;

function stat(a: MetricAggregate, name: string): number {
  return trendStat(a, name) ?? Number.NaN;
}

function num(x: number): string {
  if (Number.isInteger(x)) return String(x);
  return Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(2);
}

function valueText(a: MetricAggregate, trendStats: readonly string[], seconds: number): string {
  if (a.count === 0 && (a.type === 'trend' || a.type === 'rate')) return 'no data';
  switch (a.type) {
    case 'trend': {
      const f = a.contains === 'time' ? formatDuration : num;
      return trendStats.map((s) => `${s}=${f(stat(a, s))}`).join(' ');
    }
    case 'rate':
      return `${(a.value * 100).toFixed(2)}% ✓ ${a.trues} ✗ ${a.count - a.trues}`;
    case 'counter':
      return `${num(a.value)} ${num(seconds > 0 ? a.value / seconds : 0)}/s`;
    case 'gauge':
      return `${num(a.value)} min=${num(a.min)} max=${num(a.max)}`;
  }
}

function dotted(label: string, indent: number): string {
  const l = ' '.repeat(indent) + label;
  return l.length >= LABEL_WIDTH ? `${l}: ` : `${l}${'.'.repeat(LABEL_WIDTH - l.length)}: `;
}

function mark(results: LoadSummary['thresholdResults'], key: string): string {
  const mine = results.filter((r) => r.key === key);
  if (mine.length === 0) return '  ';
  return mine.every((r) => r.ok) ? '✓ ' : '✗ ';
}

function methodsOf(metric: SerializedMetric): string[] {
  return [
    ...new Set(metric.series.map((s) => s.tags['method']).filter((m): m is string => m !== undefined)),
  ].sort();
}

export function formatSummaryText(s: LoadSummary): string {
  const out: string[] = [];
  const seconds = s.durationMs / 1000;
  const shards = s.shards.map(formatSegment).join(', ');
  out.push('');
  out.push(`  ${s.name} → ${s.target}`);
  out.push(
    `  ${formatDuration(s.durationMs)} (shard ${shards})${s.aborted === undefined ? '' : `, ABORTED: ${s.aborted}`}`,
  );
  out.push('');
  out.push('  scenarios:');
  for (const [name, o] of Object.entries(s.scenarios)) {
    const what =
      'vus' in o && o.vus !== undefined
        ? `${o.vus} VUs`
        : 'rate' in o
          ? `${o.rate}/${String(o.timeUnit ?? '1s')}, ${o.preAllocatedVUs}..${o.maxVUs ?? o.preAllocatedVUs} VUs`
          : 'stages' in o
            ? `${o.stages.length} stages`
            : '';
    // The timeline as it ran (the summary's scenarios carry --duration's rescaling): start and length.
    const length =
      'duration' in o
        ? String(o.duration)
        : 'stages' in o
          ? formatDuration(o.stages.reduce((a, st) => a + parseDuration(st.duration), 0))
          : `≤ ${String(o.maxDuration ?? '10m')}`;
    out.push(
      `    * ${name}: ${o.executor} ${what}, ${length}${o.startTime === undefined ? '' : ` from ${String(o.startTime)}`}`,
    );
  }
  if (s.checks.length > 0) {
    out.push('');
    for (const c of s.checks) {
      const total = c.passes + c.fails;
      const pct = total === 0 ? 0 : (c.passes / total) * 100;
      out.push(`    ${c.fails === 0 ? '✓' : '✗'} ${c.name} (${pct.toFixed(2)}% ✓ ${c.passes} ✗ ${c.fails})`);
    }
  }
  out.push('');
  const thresholdKeys = new Set(s.thresholdResults.map((r) => r.key));
  for (const name of Object.keys(s.metrics).sort()) {
    const metric = s.metrics[name];
    if (metric === undefined) continue;
    const a = aggregateMetric(metric);
    if (a.count === 0 && a.type !== 'gauge' && !thresholdKeys.has(name)) continue;
    out.push(
      `  ${mark(s.thresholdResults, name)}${dotted(name, 0)}${valueText(a, s.summaryTrendStats, seconds)}`,
    );
    const subs = new Map<string, Record<string, string>>();
    for (const key of thresholdKeys) {
      const k = parseThresholdKey(key);
      if (k.metric === name && Object.keys(k.filter).length > 0) subs.set(key, k.filter);
    }
    // Request metrics: one line per method (all outcomes together).
    if (name.startsWith(s.requestMetric) && (metric.type === 'trend' || metric.type === 'rate')) {
      for (const m of methodsOf(metric)) {
        const key = `${name}{method:${m}}`;
        if (!subs.has(key)) subs.set(key, { method: m });
      }
    }
    for (const [key, filter] of subs) {
      const label = `{ ${Object.entries(filter)
        .map(([k, v]) => `${k}:${v}`)
        .join(', ')} }`;
      const sub = aggregateMetric(metric, filter);
      out.push(
        `  ${mark(s.thresholdResults, key)}${dotted(label, 2)}${valueText(sub, s.summaryTrendStats, seconds)}`,
      );
    }
  }
  out.push('');
  const failed = s.thresholdResults.filter((r) => !r.ok);
  out.push(`  thresholds: ${s.thresholdResults.length - failed.length} passed, ${failed.length} failed`);
  if (s.failure !== undefined) out.push(`  FAILED: ${s.failure}`);
  for (const f of failed) {
    out.push(
      `    ✗ ${f.key}: ${f.source} (${f.error ?? (f.noData === true ? 'no data: nothing was measured' : `actual ${f.actual === undefined ? '-' : num(f.actual)}`)})`,
    );
  }
  const worst = Math.max(0, ...s.saturation.threads.map((t) => t.eventLoopDelayP90Ms));
  const cpu = s.saturation.processes.map(
    (p) =>
      `${(p.cpuFraction * 100).toFixed(0)}% of ${p.cores} cores${p.includesTarget ? ' incl. target' : ''}`,
  );
  out.push(
    `  generator: ${s.valid ? 'valid' : 'INVALID (saturated)'} — event-loop delay p90 ≤ ${worst.toFixed(1)} ms over ${s.saturation.threads.length} thread(s); CPU ${cpu.join(', ')}`,
  );
  for (const r of s.saturation.reasons) out.push(`    ! ${r}`);
  const warm = s.saturation.threads.flatMap((t) => (t.warmup === undefined ? [] : [t.warmup]));
  if (warm.length > 0) {
    const iterations = warm.reduce((n, w) => n + w.iterations, 0);
    const failures = warm.reduce((n, w) => n + w.failures, 0);
    out.push(
      `  warm-up, not counted: ${formatDuration(Math.max(...warm.map((w) => w.durationMs)))} against ${warm[0]!.target} before the test, ${iterations} iterations over ${warm.length} thread(s)${failures > 0 ? `, ${failures} FAILED (the stand-in or the kit, not the target)` : ''}`,
    );
  }
  for (const e of s.errors.slice(0, 5)) out.push(`  error ×${e.count} in ${e.scenario}: ${e.message}`);
  out.push('');
  return out.join('\n');
}
