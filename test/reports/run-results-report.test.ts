// The results file as the interchange format: RunResults → Allure results without vitest → report.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  ATTACHMENT_NAMES,
  generateReport,
  writePropertyResults,
  writeRunResultsToAllure,
} from '../../reports/allure/index.ts';
import { EXIT_CODES, RESULTS_FORMAT, writeRunResults, type RunResults } from '../../src/results/index.ts';
import { attachmentText, labelValues, readResults, type ResultJson } from './allure-results-reader.ts';
import { fixtureLoadSummary } from './fixtures/fixture-load.ts';
import {
  FIXTURE_PASSWORD,
  brokenResult,
  knownDeviationResult,
  passedResult,
  unexpectedPassResult,
  violationResult,
} from './fixtures/fixture-results.ts';

const run: RunResults = {
  format: RESULTS_FORMAT,
  environment: {
    targetUrl: `https://root:${FIXTURE_PASSWORD}@xs.example/`,
    productBrand: 'XCP-ng',
    productVersion: '8.3.0',
    apiVersion: '2.21',
    profile: 'xapi-current',
    harnessVersion: '0.1.0',
    seed: 77,
  },
  properties: [passedResult, violationResult, brokenResult, knownDeviationResult, unexpectedPassResult],
  load: fixtureLoadSummary,
  startedAt: 0,
  finishedAt: 1,
};

let work = '';
let results: Map<string, ResultJson>;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'xh-runresults-'));
  await writeRunResultsToAllure(join(work, 'allure'), run);
  results = await readResults(join(work, 'allure'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

function get(name: string): ResultJson {
  const r = results.get(name);
  if (r === undefined) throw new Error(`no result '${name}'`);
  return r;
}

describe('results file → Allure results', () => {
  test('statuses and category prefixes match the in-test path', () => {
    expect(get(passedResult.name).status).toBe('passed');
    expect(get(violationResult.name).status).toBe('failed');
    expect(get(violationResult.name).statusDetails?.message).toMatch(
      /^CONTRACT VIOLATION: VM.start on a template/,
    );
    expect(get(violationResult.name).statusDetails?.expected).toContain('VM_IS_TEMPLATE');
    expect(get(brokenResult.name).status).toBe('broken');
    expect(get(brokenResult.name).statusDetails?.message).toMatch(/^TRANSPORT FAILURE: connect ECONNREFUSED/);
    expect(get(knownDeviationResult.name).status).toBe('skipped');
    expect(get(knownDeviationResult.name).statusDetails?.message).toBe(
      'known deviation gc-pass-eviction: xapi evicts in a 30 s GC pass (SEMANTICS.md §3)',
    );
    expect(get(unexpectedPassResult.name).status).toBe('failed');
    expect(get(unexpectedPassResult.name).statusDetails?.message).toMatch(
      /^UNEXPECTED PASS: known deviation 'creation-order-eviction'/,
    );
    expect(get('load fixture: session-storm').status).toBe('failed');
  });

  test('labels, history id, steps and evidence', async () => {
    const r = get(violationResult.name);
    expect(labelValues(r, 'epic')).toEqual(['vm-lifecycle']);
    expect(labelValues(r, 'story')).toEqual(['VM.start']);
    expect(r.historyId).toBe(violationResult.id);
    expect((r.steps ?? []).map((s) => [s.name, s.status])).toEqual([
      ['session.login_with_password → ok', 'passed'],
      ['VM.start ✗ contradicts the model', 'failed'],
    ]);
    expect(await attachmentText(join(work, 'allure'), r, ATTACHMENT_NAMES.replay)).toBe(
      violationResult.replay,
    );
  });

  test('environment without credentials; no password anywhere', async () => {
    const env = await readFile(join(work, 'allure', 'environment.properties'), 'utf8');
    expect(env).toMatch(/^Product=XCP-ng 8\.3\.0$/m);
    for (const r of results.values()) expect(JSON.stringify(r)).not.toContain(FIXTURE_PASSWORD);
    expect(env).not.toContain(FIXTURE_PASSWORD);
  });

  test('a report straight from the results file: exit code 1, all results in', async () => {
    const file = join(work, 'results.json');
    await writeRunResults(file, run);
    const report = await generateReport({
      runResults: [file],
      outDir: join(work, 'report'),
      historyPath: join(work, 'history.jsonl'),
      junitFile: join(work, 'junit.xml'),
      cwd: work,
    });
    expect(report.exitCode).toBe(EXIT_CODES.contractViolation);
    expect(report.stats).toEqual({ total: 7, passed: 2, failed: 3, broken: 1, skipped: 1 });
    expect(report.junit?.summary).toEqual({ tests: 7, failures: 3, errors: 1, skipped: 1 });
    const html = await readFile(report.indexHtml, 'utf8');
    expect(html).not.toContain(FIXTURE_PASSWORD);
  }, 60_000);

  test('what vitest already reported is not repeated from the results file; its load part is added', async () => {
    const vitestDir = join(work, 'vitest-results');
    await writePropertyResults(vitestDir, [passedResult, violationResult]);
    const file = join(work, 'results-dup.json');
    await writeRunResults(file, run);
    const report = await generateReport({
      resultsDirs: [vitestDir],
      runResults: [file],
      outDir: join(work, 'report-dup'),
      historyPath: join(work, 'history-dup.jsonl'),
      junitFile: false,
      cwd: work,
    });
    // 5 properties (2 of them from vitest) + 2 load scenarios, each once: no retries.
    expect(report.stats).toEqual({ total: 7, passed: 2, failed: 3, broken: 1, skipped: 1 });
  }, 60_000);

  test('one environment per report: the results file adds none when the results directory has one', async () => {
    const dir = join(work, 'env-once');
    await writeRunResultsToAllure(dir, run);
    await writeRunResultsToAllure(join(work, 'env-none'), run, { environment: false });
    expect(await readFile(join(dir, 'environment.properties'), 'utf8')).toContain('Seed=');
    await expect(readFile(join(work, 'env-none', 'environment.properties'), 'utf8')).rejects.toThrow(
      /ENOENT/,
    );
  });

  test('by default the report reads out/allure-results and out/results.json under cwd', async () => {
    const cwd = join(work, 'project');
    await writePropertyResults(join(cwd, 'out', 'allure-results'), [passedResult]);
    await writeRunResults(join(cwd, 'out', 'results.json'), { ...run, properties: [passedResult] });
    const report = await generateReport({ cwd });
    expect(report.indexHtml).toBe(join(cwd, 'out', 'allure-report', 'index.html'));
    expect(report.stats).toEqual({ total: 3, passed: 2, failed: 1, broken: 0, skipped: 0 });
  }, 60_000);
});
