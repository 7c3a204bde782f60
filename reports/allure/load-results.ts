// Load results in the same report as conformance (issue 6 §6): each scenario is one Allure test, each
// threshold (and check) a step, the latency chart and the figures attached, and the figures written as
// Allure performance metrics so the report trends them run over run. Written straight into the results
// directory with allure-js-commons' ReporterRuntime, since load runs outside vitest.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ContentType, Stage, Status, type Label } from 'allure-js-commons';
import { FileSystemWriter, ReporterRuntime, md5 } from 'allure-js-commons/sdk/reporter';
import { toJsonText, type LoadReport, type LoadScenarioResult } from '../../src/results/index.ts';
import { MESSAGE_PREFIXES } from './categories.ts';
import { LABEL_NAMES } from './labels.ts';
import { renderLatencyChart } from './latency-chart.ts';
import { scenarioMetrics } from './load-metrics.ts';

export const LOAD_EPIC = 'load';

export interface LoadResultsWritten {
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

function actualText(t: LoadScenarioResult['thresholds'][number]): string {
  if (t.noData === true) return 'no data';
  if (t.actual === undefined) return 'n/a';
  return Number.isInteger(t.actual) ? String(t.actual) : String(Number(t.actual.toPrecision(4)));
}

/** The step title carries the value judged, so a failed threshold reads at a glance (issue 12). */
function thresholdStepName(t: LoadScenarioResult['thresholds'][number]): string {
  return `threshold ${t.metric}: ${t.expression} → ${actualText(t)}`;
}

function methodTable(s: LoadScenarioResult): string {
  const rows = ['method\toutcome\tcount\tp50_ms\tp95_ms\tp99_ms\tmax_ms'];
  for (const m of s.methods ?? []) {
    const l = m.latencyMs;
    rows.push([m.method, m.outcome, m.count, l.p50, l.p95, l.p99, l.max].join('\t'));
  }
  return `${rows.join('\n')}\n`;
}

function scenarioStatus(
  report: LoadReport,
  s: LoadScenarioResult,
): { status: Status; message?: string; kind?: string } {
  if (!report.valid && report.saturationAccepted !== true) {
    return {
      status: Status.BROKEN,
      kind: 'setup',
      message: `${MESSAGE_PREFIXES.setup}: load generator saturated, figures are not trustworthy (${report.invalidReason ?? 'no reason given'})`,
    };
  }
  const crossed = s.thresholds.filter((t) => !t.ok);
  if (crossed.length > 0) {
    const list = crossed.map((t) => `${t.metric} ${t.expression} (actual ${actualText(t)})`);
    return {
      status: Status.FAILED,
      kind: 'threshold',
      message: `${MESSAGE_PREFIXES.threshold}: ${list.join('; ')}`,
    };
  }
  return { status: Status.PASSED };
}

/** Writes one Allure test per scenario, plus `<uuid>-perf.json` with the scenario figures. */
export async function writeLoadResults(resultsDir: string, report: LoadReport): Promise<LoadResultsWritten> {
  await mkdir(resultsDir, { recursive: true });
  const runtime = new ReporterRuntime({ writer: new FileSystemWriter({ resultsDir }) });
  const tests: Record<string, string> = {};
  // Named after the scenario file (or definition) as well as the scenario: "waiters" alone says nothing.
  const source = report.file ?? report.name;
  const summaryHtml =
    report.summaryHtml === undefined ? undefined : await readFile(report.summaryHtml).catch(() => undefined);
  for (const s of report.scenarios) {
    const fullName = report.name === undefined ? `load/${s.name}` : `load/${report.name}/${s.name}`;
    const { status, message, kind } = scenarioStatus(report, s);
    const labels: Label[] = [
      { name: 'epic', value: LOAD_EPIC },
      { name: 'feature', value: s.executor },
      { name: 'story', value: s.name },
      { name: 'parentSuite', value: 'load' },
      { name: 'suite', value: report.name ?? s.name },
      ...(report.name === undefined ? [] : [{ name: 'subSuite', value: s.name }]),
      ...Object.entries(s.tags ?? {}).map(([k, v]) => ({ name: 'tag', value: `${k}=${v}` })),
      ...(kind !== undefined ? [{ name: LABEL_NAMES.failureKind, value: kind }] : []),
      ...(report.shard !== undefined ? [{ name: 'shard', value: report.shard }] : []),
    ];
    const id = loadHistoryId(s.name, report.name);
    const uuid = runtime.startTest({
      name: source === undefined ? `load: ${s.name}` : `load ${source}: ${s.name}`,
      fullName,
      historyId: id,
      testCaseId: id,
      titlePath: ['load', ...(report.name === undefined ? [] : [report.name]), s.name],
      labels,
      ...(report.summaryHtml === undefined
        ? {}
        : { links: [{ name: 'load summary (HTML)', url: report.summaryHtml, type: 'link' }] }),
      start: s.startedAt,
      parameters: [
        { name: 'target', value: report.target },
        { name: 'executor', value: s.executor },
        ...(s.vus !== undefined ? [{ name: 'max VUs', value: String(s.vus.max) }] : []),
      ],
    });
    const stop = s.startedAt + s.durationMs;
    for (const t of s.thresholds) {
      const step = runtime.startStep(uuid, undefined, {
        name: thresholdStepName(t),
        start: stop,
        parameters: [
          { name: 'actual', value: actualText(t) },
          { name: 'abortOnFail', value: String(t.abortOnFail ?? false) },
        ],
      });
      if (step !== undefined) {
        runtime.updateStep(step, (r) => {
          r.status = t.ok ? Status.PASSED : Status.FAILED;
          r.stage = Stage.FINISHED;
          if (!t.ok)
            r.statusDetails = {
              message: `crossed: ${t.metric} ${t.expression}`,
              expected: t.expression,
              actual: actualText(t),
            };
        });
        runtime.stopStep(step, { stop });
      }
    }
    for (const c of s.checks ?? []) {
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
      Buffer.from(renderLatencyChart(`${s.name}: latency and throughput`, s.series ?? [])),
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
    runtime.writeAttachment(uuid, undefined, 'scenario summary', Buffer.from(toJsonText(s)), {
      contentType: ContentType.JSON,
      fileExtension: 'json',
    });
    if ((s.methods ?? []).length > 0) {
      runtime.writeAttachment(
        uuid,
        undefined,
        'latency per method and outcome',
        Buffer.from(methodTable(s)),
        {
          contentType: ContentType.TSV,
          fileExtension: 'tsv',
        },
      );
    }
    runtime.updateTest(uuid, (r) => {
      r.status = status;
      r.stage = Stage.FINISHED;
      if (message !== undefined) r.statusDetails = { message };
    });
    runtime.stopTest(uuid, { stop });
    runtime.writeTest(uuid);
    tests[s.name] = uuid;
  }
  const metricsFile = join(
    resultsDir,
    `${md5(`${report.startedAt}:${report.shard ?? ''}:${report.scenarios.map((s) => s.name).join(',')}`)}-perf.json`,
  );
  await writeFile(metricsFile, toJsonText(report.scenarios.flatMap(scenarioMetrics)));
  return { tests, metricsFile };
}
