// Load results in the same report as conformance (issue 6 §6): each scenario is one Allure test, each
// threshold (and check) a step, the latency chart and the figures attached, and the figures written as
// Allure performance metrics so the report trends them run over run. Written straight into the results
// directory with allure-js-commons' ReporterRuntime, since load runs outside vitest.
import { mkdir, writeFile } from 'node:fs/promises';
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

/** The Allure history id of a load scenario: stable across runs, so trends line up. */
export function loadHistoryId(scenario: string): string {
  return md5(`load/${scenario}`);
}

function thresholdStepName(t: LoadScenarioResult['thresholds'][number]): string {
  return `threshold ${t.metric}: ${t.expression}`;
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
  if (!report.valid) {
    return {
      status: Status.BROKEN,
      kind: 'setup',
      message: `${MESSAGE_PREFIXES.setup}: load generator saturated, figures are not trustworthy (${report.invalidReason ?? 'no reason given'})`,
    };
  }
  const crossed = s.thresholds.filter((t) => !t.ok);
  if (crossed.length > 0) {
    const list = crossed.map(
      (t) => `${t.metric} ${t.expression}${t.actual !== undefined ? ` (actual ${t.actual})` : ''}`,
    );
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
  for (const s of report.scenarios) {
    const fullName = `load/${s.name}`;
    const { status, message, kind } = scenarioStatus(report, s);
    const labels: Label[] = [
      { name: 'epic', value: LOAD_EPIC },
      { name: 'feature', value: s.executor },
      { name: 'story', value: s.name },
      { name: 'parentSuite', value: 'load' },
      { name: 'suite', value: s.name },
      ...Object.entries(s.tags ?? {}).map(([k, v]) => ({ name: 'tag', value: `${k}=${v}` })),
      ...(kind !== undefined ? [{ name: LABEL_NAMES.failureKind, value: kind }] : []),
      ...(report.shard !== undefined ? [{ name: 'shard', value: report.shard }] : []),
    ];
    const uuid = runtime.startTest({
      name: `load: ${s.name}`,
      fullName,
      historyId: loadHistoryId(s.name),
      testCaseId: loadHistoryId(s.name),
      titlePath: ['load', s.name],
      labels,
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
          { name: 'actual', value: t.actual === undefined ? 'n/a' : String(t.actual) },
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
              actual: String(t.actual ?? 'n/a'),
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
