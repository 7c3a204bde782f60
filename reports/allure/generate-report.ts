// `xapi-harness report` and the last step of `npm start` (issue 6 §3): the Allure 3 report, generated
// offline through Allure's own library (@allurereport/core AllureReport, as `allure generate` does in
// allure/dist/commands/commons/generate.js), with history kept under out/, the harness quality gate deciding
// the exit code, every third-party request stripped from the HTML, and out/junit.xml written alongside.
import { stripVTControlCharacters } from 'node:util';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import type { QualityGateValidationResult } from '@allurereport/plugin-api';
import { EXIT_CODES, readRunResults, type ExitCode, type RunEnvironment } from '../../src/results/index.ts';
import { writeJunitFromAllure, type JunitSummary } from '../junit/index.ts';
import { harnessAllureConfig } from './allure-config.ts';
import { installIteratorToArray } from './iterator-to-array.ts';
import { writeRunResultsToAllure } from './property-results-writer.ts';
import { exitCodeFromQualityGate, type QualityGateOptions } from './quality-gate.ts';
import { stripThirdParty } from './third-party.ts';

export const REPORT_DEFAULTS = {
  resultsDir: 'out/allure-results',
  outDir: 'out/allure-report',
  historyPath: 'out/allure-history/history.jsonl',
  junitFile: 'out/junit.xml',
  /** The run's results file (src/results); `load` writes its report there. */
  runResults: 'out/results.json',
} as const;

export interface GenerateReportOptions {
  /** Allure results directories; default out/allure-results (a missing directory holds no results). */
  readonly resultsDirs?: readonly string[];
  /**
   * Results files (src/results `RunResults`, e.g. out/results.json) to include: converted to Allure results
   * in a temporary directory first, minus what the Allure results already hold (same history id). The first
   * file's environment is shown unless `environment` is given. Default: out/results.json when it exists and
   * `resultsDirs` is not given either.
   */
  readonly runResults?: readonly string[];
  /** Report directory, emptied first; default out/allure-report. */
  readonly outDir?: string;
  /** Allure history (JSONL) kept across runs; default out/allure-history/history.jsonl. */
  readonly historyPath?: string;
  readonly historyLimit?: number;
  /** JUnit XML converted from the same results; `false` to skip; default out/junit.xml. */
  readonly junitFile?: string | false;
  readonly name?: string;
  /** Shown as report variables (environment.properties in the results is shown too). */
  readonly environment?: RunEnvironment;
  readonly qualityGate?: QualityGateOptions;
  readonly singleFile?: boolean;
  /** Base for relative paths; default process.cwd(). */
  readonly cwd?: string;
  /** Progress lines; default silent. */
  readonly log?: (line: string) => void;
}

export interface ReportStats {
  readonly total: number;
  readonly passed: number;
  readonly failed: number;
  readonly broken: number;
  readonly skipped: number;
}

export interface GenerateReportResult {
  readonly exitCode: ExitCode;
  readonly reportDir: string;
  readonly indexHtml: string;
  readonly stats: ReportStats;
  readonly qualityGate: readonly QualityGateValidationResult[];
  readonly junit?: { readonly file: string; readonly summary: JunitSummary };
  /** Third-party URLs and scripts removed from the generated files. */
  readonly removed: readonly string[];
  /** Set when no report could be generated (no results): exit code 2. */
  readonly problem?: string;
}

async function countResults(dir: string): Promise<number> {
  try {
    return (await readdir(dir)).filter((n) => n.endsWith('-result.json')).length;
  } catch {
    return 0;
  }
}

/** Refuses to empty a directory that holds the working directory, the results, or the history. */
function assertSafeOutDir(outDir: string, cwd: string, keep: readonly string[]): void {
  const inside = (child: string, parent: string): boolean =>
    child === parent || child.startsWith(parent + sep);
  if (inside(cwd, outDir))
    throw new Error(`refusing to use ${outDir} as report directory: it contains ${cwd}`);
  for (const k of keep) {
    if (inside(k, outDir)) throw new Error(`refusing to use ${outDir} as report directory: it contains ${k}`);
  }
}

/** History ids of the results already in `dirs`. */
async function reportedHistoryIds(dirs: readonly string[]): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const dir of dirs) {
    let names: string[];
    try {
      names = (await readdir(dir)).filter((n) => n.endsWith('-result.json'));
    } catch {
      continue;
    }
    for (const name of names) {
      try {
        const id = (JSON.parse(await readFile(join(dir, name), 'utf8')) as { historyId?: unknown }).historyId;
        if (typeof id === 'string') ids.add(id);
      } catch {
        // A truncated result file (killed run) is Allure's to report; it identifies nothing here.
      }
    }
  }
  return ids;
}

async function filesUnder(dir: string, exts: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(p, exts)));
    else if (exts.some((e) => entry.name.endsWith(e))) out.push(p);
  }
  return out;
}

/**
 * Generates the report; never throws for a bad run, only for a bad invocation (unsafe paths, an unreadable
 * results file).
 */
export async function generateReport(options: GenerateReportOptions = {}): Promise<GenerateReportResult> {
  const cwd = resolve(options.cwd ?? process.cwd());
  // With no sources named at all, the defaults are the Allure results and, when present, the results file.
  const defaultRunResults = resolve(cwd, REPORT_DEFAULTS.runResults);
  const runResults =
    options.runResults?.map((f) => resolve(cwd, f)) ??
    (options.resultsDirs === undefined && existsSync(defaultRunResults) ? [defaultRunResults] : []);
  if (runResults.length === 0) return generate(options, []);
  const reported = await reportedHistoryIds(
    (options.resultsDirs ?? [REPORT_DEFAULTS.resultsDir]).map((d) => resolve(cwd, d)),
  );
  const scratch = await mkdtemp(join(tmpdir(), 'xapi-harness-run-results-'));
  try {
    let environment = options.environment;
    const dirs: string[] = [];
    for (const [i, file] of runResults.entries()) {
      const run = await readRunResults(file);
      environment ??= run.environment;
      const dir = join(scratch, String(i));
      // What vitest already reported (same history id) is not written twice: Allure would read it as a retry.
      // One environment per report: a second environment.properties (the conformance run's own, then the
      // results file's) shows every entry twice in the overview (issue 12, friction).
      const given = (options.resultsDirs ?? [REPORT_DEFAULTS.resultsDir]).map((d) => resolve(cwd, d));
      const hasEnvironment = i > 0 || given.some((d) => existsSync(join(d, 'environment.properties')));
      await writeRunResultsToAllure(dir, run, { skipHistoryIds: reported, environment: !hasEnvironment });
      dirs.push(dir);
    }
    return await generate({ ...options, ...(environment !== undefined ? { environment } : {}) }, dirs);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

async function generate(
  options: GenerateReportOptions,
  extraDirs: readonly string[],
): Promise<GenerateReportResult> {
  const log = options.log ?? ((): void => undefined);
  const cwd = resolve(options.cwd ?? process.cwd());
  const given = options.resultsDirs ?? [REPORT_DEFAULTS.resultsDir];
  const resultsDirs = [...given.map((d) => resolve(cwd, d)), ...extraDirs];
  const reportDir = resolve(cwd, options.outDir ?? REPORT_DEFAULTS.outDir);
  const historyPath = resolve(cwd, options.historyPath ?? REPORT_DEFAULTS.historyPath);
  const junitFile =
    options.junitFile === false ? undefined : resolve(cwd, options.junitFile ?? REPORT_DEFAULTS.junitFile);
  const indexHtml = join(reportDir, 'index.html');
  assertSafeOutDir(reportDir, cwd, [...resultsDirs, historyPath]);

  const counts = await Promise.all(resultsDirs.map(countResults));
  const found = counts.reduce((a, b) => a + b, 0);
  const empty: ReportStats = { total: 0, passed: 0, failed: 0, broken: 0, skipped: 0 };
  if (found === 0) {
    const where = given.map((d) => relative(cwd, resolve(cwd, d)) || '.').join(', ');
    const problem = `no Allure results in ${where}${extraDirs.length > 0 ? ' nor in the results file' : ''}: run \`xapi-harness conformance\` (or \`load\`) first`;
    return {
      exitCode: EXIT_CODES.setupOrTransport,
      reportDir,
      indexHtml,
      stats: empty,
      qualityGate: [],
      removed: [],
      problem,
    };
  }

  installIteratorToArray();
  // Allure's Allure-2-style plugin reads this (plugin-allure2 generators.js); the Awesome one ignores it and
  // its analytics are stripped below.
  process.env['ALLURE_NO_ANALYTICS'] ??= 'true';
  // Loaded lazily: Allure's libraries are large, and the polyfill must be in place first.
  const { AllureReport, resolveConfig } = await import('@allurereport/core');

  await mkdir(join(historyPath, '..'), { recursive: true });
  await rm(reportDir, { recursive: true, force: true });
  const config = await resolveConfig(
    harnessAllureConfig({
      ...(options.name !== undefined ? { name: options.name } : {}),
      output: reportDir,
      historyPath,
      ...(options.historyLimit !== undefined ? { historyLimit: options.historyLimit } : {}),
      ...(options.environment !== undefined ? { environment: options.environment } : {}),
      ...(options.qualityGate !== undefined ? { qualityGate: options.qualityGate } : {}),
      ...(options.singleFile !== undefined ? { singleFile: options.singleFile } : {}),
    }),
  );
  const report = new AllureReport({ ...config, cwd });
  await report.start();
  // A missing directory holds no results (the conformance CLI may write only the results file); Allure's
  // readDirectory would log an ENOENT stack for it.
  for (const dir of resultsDirs) if (existsSync(dir)) await report.readDirectory(dir);
  const trs = await report.store.allTestResults({ includeRetries: false });
  const { results: rawGate } = await report.validate({ trs });
  // Allure's rule messages carry terminal colour codes (yoctocolors bold): not in quality-gate.json, not in
  // the HTML, not in a CI log that is no terminal (issue 12, friction).
  const qualityGate = rawGate.map((r) => ({ ...r, message: stripVTControlCharacters(r.message) }));
  // The report shows the gate's verdict (allure/dist/commands/commons/run.js does the same before done()).
  report.realtimeDispatcher.sendQualityGateResults(qualityGate);
  await report.done();

  const removed: string[] = [];
  for (const file of await filesUnder(reportDir, ['.html', '.css'])) {
    const text = await readFile(file, 'utf8');
    const { html, removed: r } = stripThirdParty(text);
    if (html !== text) await writeFile(file, html);
    removed.push(...r);
  }
  if (removed.length > 0)
    log(`report: removed ${removed.length} third-party reference(s): ${removed.join(', ')}`);

  const stats: ReportStats = {
    total: trs.length,
    passed: trs.filter((t) => t.status === 'passed').length,
    failed: trs.filter((t) => t.status === 'failed').length,
    broken: trs.filter((t) => t.status === 'broken').length,
    skipped: trs.filter((t) => t.status === 'skipped').length,
  };
  let junit: GenerateReportResult['junit'];
  if (junitFile !== undefined) {
    junit = { file: junitFile, summary: await writeJunitFromAllure(resultsDirs, junitFile, options.name) };
  }
  await stat(indexHtml);
  return {
    exitCode: exitCodeFromQualityGate(qualityGate, trs),
    reportDir,
    indexHtml,
    stats,
    qualityGate,
    ...(junit !== undefined ? { junit } : {}),
    removed,
  };
}
