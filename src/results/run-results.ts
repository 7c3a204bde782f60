// The one file between running and reporting: `out/results.json`. Running writes it (conformance CLI,
// load engine), reporting reads it (Allure load writer, JUnit, a later `report`). Versioned, so a report
// never misreads a file written by an older harness.
import { HarnessError } from '../xapi/harness-errors.ts';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SUMMARY_FORMAT, type LoadSummary } from './load-summary.ts';
import { scenarioThresholds } from './load-scenario.ts';
import type { PropertyResult } from './property-result.ts';
import { redactUrl, type RunEnvironment } from './run-environment.ts';
import { isPropertyStatus } from './status.ts';
import { exitCodeForStatuses, type ExitCode, type StatusEntry } from './exit-code.ts';
import { toJsonText } from './format-value.ts';

export const RESULTS_FORMAT = 'xapi-harness/results@1';

export interface RunResults {
  readonly format: typeof RESULTS_FORMAT;
  readonly environment: RunEnvironment;
  readonly properties: readonly PropertyResult[];
  /** The load run's summary, as the engine wrote it (src/results/load-summary.ts): the one load format. */
  readonly load?: LoadSummary;
  /** Epoch milliseconds. */
  readonly startedAt: number;
  readonly finishedAt: number;
}

export class ResultsFormatError extends HarnessError {
  override readonly name = 'ResultsFormatError';
  readonly code = 'RESULTS_FORMAT';
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Checks the parts reports rely on; a wrong file fails loudly here instead of as a half-empty report. */
export function parseRunResults(text: string, source = 'results'): RunResults {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new ResultsFormatError(`${source}: not JSON (${(err as Error).message})`);
  }
  if (!isRecord(data)) throw new ResultsFormatError(`${source}: not an object`);
  if (data['format'] !== RESULTS_FORMAT) {
    throw new ResultsFormatError(
      `${source}: format ${JSON.stringify(data['format'])}, expected ${RESULTS_FORMAT}`,
    );
  }
  if (!isRecord(data['environment'])) throw new ResultsFormatError(`${source}: missing environment`);
  const properties = data['properties'];
  if (!Array.isArray(properties)) throw new ResultsFormatError(`${source}: properties is not an array`);
  properties.forEach((p: unknown, i) => {
    if (
      !isRecord(p) ||
      typeof p['id'] !== 'string' ||
      !isPropertyStatus(p['status']) ||
      !Array.isArray(p['steps'])
    ) {
      throw new ResultsFormatError(`${source}: properties[${i}] lacks id, status or steps`);
    }
  });
  const load = data['load'];
  if (load !== undefined) {
    if (!isRecord(load) || load['format'] !== SUMMARY_FORMAT)
      throw new ResultsFormatError(`${source}: load is not a load summary (${SUMMARY_FORMAT})`);
    if (
      !isRecord(load['scenarios']) ||
      !isRecord(load['metrics']) ||
      !Array.isArray(load['thresholdResults'])
    )
      throw new ResultsFormatError(`${source}: load lacks scenarios, metrics or thresholdResults`);
  }
  return data as unknown as RunResults;
}

export async function readRunResults(file: string): Promise<RunResults> {
  return parseRunResults(await readFile(file, 'utf8'), file);
}

/**
 * Writes atomically (temp file + rename): a killed run never leaves a truncated results file. The target
 * URL is written without credentials (user:password@), whatever the caller passes: the file is uploaded
 * as a CI artifact.
 */
export async function writeRunResults(file: string, results: RunResults): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  const safe: RunResults = {
    ...results,
    environment: { ...results.environment, targetUrl: redactUrl(results.environment.targetUrl) },
  };
  await writeFile(tmp, `${toJsonText(safe)}\n`);
  await rename(tmp, file);
}

/**
 * Exit code of a run (exit-code.ts): properties, plus one status per load scenario (its thresholds), a
 * failed load run (nothing completed), and a saturated generator unless accepted.
 */
export function exitCodeForRun(results: RunResults): ExitCode {
  const statuses: StatusEntry[] = results.properties.map((p) => ({
    status: p.status,
    ...(p.kind === undefined ? {} : { kind: p.kind }),
  }));
  const load = results.load;
  if (load !== undefined) {
    for (const name of Object.keys(load.scenarios))
      statuses.push(scenarioThresholds(load, name).every((t) => t.ok) ? 'passed' : 'failed');
    if (load.failure !== undefined) statuses.push('failed');
    if (!load.valid && load.saturationAccepted !== true) statuses.push('broken');
  }
  return exitCodeForStatuses(statuses);
}
