// Load results in the same report as conformance (issue 6 §6): each scenario is one Allure test, each
// threshold (and check) a step, the latency chart and the figures attached, and the figures written as
// Allure performance metrics so the report trends them run over run. Written straight into the results
// directory with allure-js-commons' ReporterRuntime, since load runs outside vitest. It reads the run's load
// summary (the one load result format, src/results/load-summary.ts) and nothing else.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ContentType, Stage, Status, type Label } from 'allure-js-commons';
import { FileSystemWriter, ReporterRuntime, md5 } from 'allure-js-commons/sdk/reporter';
import {
  scenarioThresholds,
  scenarioValues,
  seriesMatching,
  toJsonText,
  type LoadSummary,
  type ThresholdResult,
} from '../../src/results/index.ts';
import { MESSAGE_PREFIXES } from './categories.ts';
import { LABEL_NAMES } from './labels.ts';
import { renderLatencyChart } from './latency-chart.ts';
import { scenarioMetrics } from './load-metrics.ts';

const LOAD_EPIC = 'load';

interface LoadResultsWritten {
  /** Allure test uuid per scenario name. */
  readonly tests: Readonly<Record<string, string>>;
  readonly metricsFile: string;
}

/**
 * The Allure history id of a load scenario: stable across runs, so trends line up. With the definition's
 * name, since two scenario files may both have a scenario called "default" or "waiters".
 */
export function loadHistoryId(scenario: string, definition?: string): string {
  return md5(definition === undefined ? `load/${scenario}` : `load/${definition}/${scenario}`);
}

function actualText(t: ThresholdResult): string {
  if (t.noData === true) return 'no data';
  if (t.actual === undefined) return 'n/a';
  return Number.isInteger(t.actual) ? String(t.actual) : String(Number(t.actual.toPrecision(4)));
}

/** The step title carries the value judged, so a failed threshold reads at a glance (issue 12). */
function thresholdStepName(t: ThresholdResult): string {
  return `threshold ${t.key}: ${t.source} → ${actualText(t)}`;
}

/** One row per tag set of the request trend in this scenario (its method and outcome), from their values. */
function methodTable(summary: LoadSummary, scenario: string): string | undefined {
  const rows = seriesMatching(summary, `${summary.requestMetric}_duration`, { scenario })
    .map((x) => {
      const v = x.values ?? {};
      const f = (k: string): string => (v[k] === undefined ? '' : String(v[k]));
      return [
        x.tags['method'] ?? '',
        x.tags['outcome'] ?? '',
        f('count'),
        f('med'),
        f('p(95)'),
        f('p(99)'),
        f('max'),
      ];
    })
    .sort((a, b) => `${a[0]}\u0000${a[1]}`.localeCompare(`${b[0]}\u0000${b[1]}`));
  if (rows.length === 0) return undefined;
  const head = ['method', 'outcome', 'count', 'p50_ms', 'p95_ms', 'p99_ms', 'max_ms'];
  return `${[head, ...rows].map((r) => r.join('\t')).join('\n')}\n`;
}

/** The scenario's checks, summed over its series by check name. */
function scenarioChecks(
  summary: LoadSummary,
  scenario: string,
): { name: string; passes: number; fails: number }[] {
  const by = new Map<string, { name: string; passes: number; fails: number }>();
  for (const x of seriesMatching(summary, 'checks', { scenario })) {
    if (x.type !== 'rate') continue;
    const name = x.tags['check'] ?? '?';
    const c = by.get(name) ?? { name, passes: 0, fails: 0 };
    c.passes += x.trues;
    c.fails += x.total - x.trues;
    by.set(name, c);
  }
  return [...by.values()];
}

/** What the scenario's JSON attachment holds: its options, its thresholds and its submetrics' numbers. */
function scenarioJson(summary: LoadSummary, scenario: string): string {
  const metrics: Record<string, Readonly<Record<string, number>>> = {};
  for (const name of Object.keys(summary.metrics).sort()) {
    const v = scenarioValues(summary, name, scenario);
    if (v !== undefined) metrics[name] = v;
  }
  return toJsonText({
    name: scenario,
    options: summary.scenarios[scenario],
    thresholds: scenarioThresholds(summary, scenario),
    metrics,
  });
}

function scenarioStatus(
  summary: LoadSummary,
  thresholds: readonly ThresholdResult[],
): { status: Status; message?: string; kind?: string } {
  if (!summary.valid && summary.saturationAccepted !== true) {
    const reason = summary.saturation.reasons.join('; ');
    return {
      status: Status.BROKEN,
      kind: 'setup',
      message: `${MESSAGE_PREFIXES.setup}: load generator saturated, figures are not trustworthy (${reason === '' ? 'no reason given' : reason})`,
    };
  }
  const crossed = thresholds.filter((t) => !t.ok);
  if (crossed.length > 0) {
    const list = crossed.map((t) => `${t.key} ${t.source} (actual ${actualText(t)})`);
    return {
      status: Status.FAILED,
      kind: 'threshold',
      message: `${MESSAGE_PREFIXES.threshold}: ${list.join('; ')}`,
    };
  }
  // The run measured nothing (issue 12 §1): failed, as the CLI's exit code says, with the first error.
  if (summary.failure !== undefined)
    return { status: Status.FAILED, message: `load run failed: ${summary.failure}` };
  return { status: Status.PASSED };
}

/** "i/n" when the summary is one shard of several. */
function shardOf(summary: LoadSummary): string | undefined {
  const only = summary.shards.length === 1 ? summary.shards[0] : undefined;
  return only !== undefined && only.count > 1 ? `${only.index + 1}/${only.count}` : undefined;
}

/**
 * Writes one Allure test per scenario of the summary (or only those in `only`), plus `<uuid>-perf.json`
 * with the scenario figures.
 */
export async function writeLoadResults(
  resultsDir: string,
  summary: LoadSummary,
  only?: ReadonlySet<string>,
): Promise<LoadResultsWritten> {
  await mkdir(resultsDir, { recursive: true });
  const runtime = new ReporterRuntime({ writer: new FileSystemWriter({ resultsDir }) });
  const tests: Record<string, string> = {};
  // Named after the scenario file (or definition) as well as the scenario: "waiters" alone says nothing.
  const source = summary.scenarioFile ?? summary.name;
  const summaryHtml =
    summary.summaryHtml === undefined
      ? undefined
      : await readFile(summary.summaryHtml).catch(() => undefined);
  const startedAt = Date.parse(summary.startedAt);
  const stop = startedAt + summary.durationMs;
  const shard = shardOf(summary);
  const maxVus = summary.metrics['vus']?.values?.['max'];
  const names = Object.keys(summary.scenarios).filter((n) => only === undefined || only.has(n));
  for (const name of names) {
    const options = summary.scenarios[name];
    const executor = options?.executor ?? '';
    const thresholds = scenarioThresholds(summary, name);
    const { status, message, kind } = scenarioStatus(summary, thresholds);
    const labels: Label[] = [
      { name: 'epic', value: LOAD_EPIC },
      { name: 'feature', value: executor },
      { name: 'story', value: name },
      { name: 'parentSuite', value: 'load' },
      { name: 'suite', value: summary.name },
      { name: 'subSuite', value: name },
      ...Object.entries(options?.tags ?? {}).map(([k, v]) => ({ name: 'tag', value: `${k}=${v}` })),
      ...(kind !== undefined ? [{ name: LABEL_NAMES.failureKind, value: kind }] : []),
      ...(shard !== undefined ? [{ name: 'shard', value: shard }] : []),
    ];
    const id = loadHistoryId(name, summary.name);
    const uuid = runtime.startTest({
      name: `load ${source}: ${name}`,
      fullName: `load/${summary.name}/${name}`,
      historyId: id,
      testCaseId: id,
      titlePath: ['load', summary.name, name],
      labels,
      ...(summary.summaryHtml === undefined
        ? {}
        : { links: [{ name: 'load summary (HTML)', url: summary.summaryHtml, type: 'link' }] }),
      start: startedAt,
      parameters: [
        { name: 'target', value: summary.target },
        { name: 'executor', value: executor },
        ...(maxVus !== undefined ? [{ name: 'max VUs', value: String(maxVus) }] : []),
      ],
    });
    for (const t of thresholds) {
      const step = runtime.startStep(uuid, undefined, {
        name: thresholdStepName(t),
        start: stop,
        parameters: [
          { name: 'actual', value: actualText(t) },
          { name: 'abortOnFail', value: String(t.abortOnFail) },
        ],
      });
      if (step !== undefined) {
        runtime.updateStep(step, (r) => {
          r.status = t.ok ? Status.PASSED : Status.FAILED;
          r.stage = Stage.FINISHED;
          if (!t.ok)
            r.statusDetails = {
              message: `crossed: ${t.key} ${t.source}${t.error === undefined ? '' : ` (${t.error})`}`,
              expected: t.source,
              actual: actualText(t),
            };
        });
        runtime.stopStep(step, { stop });
      }
    }
    for (const c of scenarioChecks(summary, name)) {
      const step = runtime.startStep(uuid, undefined, {
        name: `check ${c.name}: ${c.passes} ✓ / ${c.fails} ✗`,
        start: stop,
      });
      if (step !== undefined) {
        runtime.updateStep(step, (r) => {
          r.status = c.fails === 0 ? Status.PASSED : Status.FAILED;
          r.stage = Stage.FINISHED;
        });
        runtime.stopStep(step, { stop });
      }
    }
    runtime.writeAttachment(
      uuid,
      undefined,
      'latency over time',
      Buffer.from(renderLatencyChart(`${name}: latency and throughput`, summary.timeline, startedAt)),
      {
        contentType: ContentType.SVG,
        fileExtension: 'svg',
      },
    );
    if (summaryHtml !== undefined) {
      // The whole run's HTML summary travels with the report (a link to a local path breaks once served).
      runtime.writeAttachment(uuid, undefined, 'load summary (HTML)', summaryHtml, {
        contentType: ContentType.HTML,
        fileExtension: 'html',
      });
    }
    runtime.writeAttachment(uuid, undefined, 'scenario summary', Buffer.from(scenarioJson(summary, name)), {
      contentType: ContentType.JSON,
      fileExtension: 'json',
    });
    const methods = methodTable(summary, name);
    if (methods !== undefined) {
      runtime.writeAttachment(uuid, undefined, 'latency per method and outcome', Buffer.from(methods), {
        contentType: ContentType.TSV,
        fileExtension: 'tsv',
      });
    }
    runtime.updateTest(uuid, (r) => {
      r.status = status;
      r.stage = Stage.FINISHED;
      if (message !== undefined) r.statusDetails = { message };
    });
    runtime.stopTest(uuid, { stop });
    runtime.writeTest(uuid);
    tests[name] = uuid;
  }
  const metricsFile = join(resultsDir, `${md5(`${startedAt}:${shard ?? ''}:${names.join(',')}`)}-perf.json`);
  await writeFile(metricsFile, toJsonText(names.flatMap((n) => scenarioMetrics(summary, n))));
  return { tests, metricsFile };
}
