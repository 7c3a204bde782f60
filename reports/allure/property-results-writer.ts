// Writes property results (src/results) straight into an Allure results directory, without vitest: for
// results that come from a results file (`xapi-harness report --run-results`), a replay, or merged shards.
// Same labels, steps, evidence and statuses as a result reported from inside a test (report-property.ts).
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Stage, Status } from 'allure-js-commons';
import { FileSystemWriter, ReporterRuntime } from 'allure-js-commons/sdk/reporter';
import {
  counterexampleLengthText,
  formatValue,
  toJsonText,
  type PropertyResult,
  type RunResults,
} from '../../src/results/index.ts';
import { callStepResults } from './call-step-result.ts';
import { ALLURE2_CATEGORIES } from './categories.ts';
import { writeEnvironmentProperties } from './environment.ts';
import { deviationNote, failureMessage, messagePrefix, violationDetails } from './failure-text.ts';
import { propertyLabels } from './labels.ts';
import { propertyEvidence } from './attachments.ts';
import { loadHistoryId, writeLoadResults } from './load-results.ts';

/**
 * Allure's status for each of ours. Allure has no `inconclusive`: skipped, with the `failure_kind: inconclusive`
 * label and its reason.
 */
const ALLURE_STATUS: Readonly<Record<PropertyResult['status'], Status>> = {
  passed: Status.PASSED,
  failed: Status.FAILED,
  broken: Status.BROKEN,
  skipped: Status.SKIPPED,
  inconclusive: Status.SKIPPED,
};

function allureStatus(p: PropertyResult): Status {
  return p.unexpectedPass === true ? Status.FAILED : ALLURE_STATUS[p.status];
}

/**
 * The story (Allure's third level) is the XAPI message under test; for a violation it is the call whose
 * answer broke the contract, which is what a reader looks for (issue 12, friction).
 */
function storyOf(p: PropertyResult): string {
  if (p.status !== 'failed') return p.story;
  const culprit = [...(p.counterexample?.steps ?? p.steps)].reverse().find((s) => s.violation === true);
  return culprit?.method.replace(/^(Async|InternalAsync)\./, '') ?? p.story;
}

function asText(v: unknown): string {
  return typeof v === 'string' ? v : formatValue(v, 4000);
}

/**
 * A result's Allure history id: its property id, or (a result filed under another parent than its id's area: a
 * differential run's, under `diff`) that parent and the id, so that it is another test than the property's
 * conformance result in a shared report, with its own history, never a retry of it (issue 15).
 */
function historyIdOf(p: Pick<PropertyResult, 'id' | 'area'>): string {
  return p.id.startsWith(`${p.area}/`) ? p.id : `${p.area}:${p.id}`;
}

/** Writes one Allure result per property; returns the Allure uuid per property id. */
export async function writePropertyResults(
  resultsDir: string,
  properties: readonly PropertyResult[],
): Promise<Record<string, string>> {
  await mkdir(resultsDir, { recursive: true });
  const runtime = new ReporterRuntime({ writer: new FileSystemWriter({ resultsDir }) });
  const uuids: Record<string, string> = {};
  for (const p of properties) {
    const status = allureStatus(p);
    const deviation = p.knownDeviation;
    const key = historyIdOf(p);
    const uuid = runtime.startTest({
      name: p.name,
      fullName: p.file !== undefined ? `${p.file}#${p.name}` : key,
      historyId: key,
      testCaseId: key,
      titlePath: [p.area, p.feature, storyOf(p)],
      labels: [
        ...propertyLabels({ ...p, story: storyOf(p) }),
        { name: 'parentSuite', value: p.area },
        { name: 'suite', value: p.feature },
      ],
      start: p.startedAt,
      // The shrunk counterexample's length (issue 17 item 5), shown beside the result.
      ...(p.counterexample?.length === undefined
        ? {}
        : {
            parameters: [
              { name: 'counterexample length', value: counterexampleLengthText(p.counterexample.length) },
            ],
          }),
      ...(deviation !== undefined
        ? { description: `Known deviation \`${deviation.id}\`: ${deviation.reason}` }
        : {}),
    });
    for (const s of callStepResults(p.counterexample?.steps ?? p.steps)) {
      const step = runtime.startStep(uuid, undefined, {
        name: s.name,
        start: s.start,
        parameters: [...(s.parameters ?? [])],
      });
      if (step === undefined) continue;
      runtime.updateStep(step, (r) => {
        r.status = s.status;
        r.stage = Stage.FINISHED;
        if (s.statusDetails !== undefined) r.statusDetails = { ...s.statusDetails };
      });
      runtime.stopStep(step, { stop: s.stop });
    }
    for (const e of propertyEvidence(p)) {
      runtime.writeAttachment(uuid, undefined, e.name, Buffer.from(e.content), {
        contentType: e.contentType,
        fileExtension: e.fileExtension,
      });
    }
    runtime.updateTest(uuid, (r) => {
      r.status = status;
      r.stage = Stage.FINISHED;
      if (status === Status.FAILED || status === Status.BROKEN) {
        const prefix = messagePrefix(p);
        const text =
          p.unexpectedPass === true && deviation !== undefined
            ? `known deviation '${deviation.id}' did not reproduce (${deviation.reason}); remove it from the expectations file`
            : failureMessage(p);
        const message = prefix !== undefined && !text.startsWith(prefix) ? `${prefix}: ${text}` : text;
        r.statusDetails =
          status === Status.FAILED
            ? {
                message,
                expected: asText(violationDetails(p).expected),
                actual: asText(violationDetails(p).actual),
              }
            : { message };
      } else if (status === Status.SKIPPED) {
        const note =
          p.status === 'inconclusive'
            ? `inconclusive: ${p.message ?? 'too few conclusive cases'}`
            : deviationNote(p);
        if (note !== undefined) r.statusDetails = { message: note };
      }
    });
    runtime.stopTest(uuid, { stop: p.startedAt + p.durationMs });
    runtime.writeTest(uuid);
    uuids[p.id] = uuid;
  }
  return uuids;
}

/**
 * A whole results file as Allure results: environment.properties, categories.json, one result per
 * property, and the load scenarios (load-results.ts).
 */
export async function writeRunResultsToAllure(
  resultsDir: string,
  run: RunResults,
  options: {
    readonly skipHistoryIds?: ReadonlySet<string>;
    /** false: another results directory of the same report already holds the environment and categories. */
    readonly environment?: boolean;
  } = {},
): Promise<void> {
  const skip = options.skipHistoryIds ?? new Set<string>();
  await mkdir(resultsDir, { recursive: true });
  if (options.environment !== false) {
    await writeEnvironmentProperties(resultsDir, run.environment);
    await writeFile(join(resultsDir, 'categories.json'), toJsonText(ALLURE2_CATEGORIES));
  }
  await writePropertyResults(
    resultsDir,
    run.properties.filter((p) => !skip.has(historyIdOf(p))),
  );
  if (run.load !== undefined) {
    const name = run.load.name;
    const scenarios = Object.keys(run.load.scenarios).filter((s) => !skip.has(loadHistoryId(s, name)));
    if (scenarios.length > 0) await writeLoadResults(resultsDir, run.load, new Set(scenarios));
  }
}
