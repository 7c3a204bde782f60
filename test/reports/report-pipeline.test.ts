// The whole reporting path on a real vitest run: the fixture suite (fixtures/sample.fixture.ts) runs with
// the Allure reporter as the conformance CLI configures it, the load writer adds two scenarios, and the
// report is generated twice (history). Nothing is mocked; the only network is 127.0.0.1.
import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, readFile, readdir, copyFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test, type TestContext } from 'vitest';
import {
  ATTACHMENT_NAMES,
  findThirdPartyUrls,
  generateReport,
  writeLoadResults,
  type GenerateReportResult,
} from '../../reports/allure/index.ts';
import { EXIT_CODES } from '../../src/results/index.ts';
import {
  allAttachments,
  attachmentText,
  labelValues,
  readResults,
  type ResultJson,
} from './allure-results-reader.ts';
import { FIXTURE_PASSWORD } from './fixtures/fixture-results.ts';
import { fixtureLoadSummary } from './fixtures/fixture-load.ts';
import { REPO_ROOT, runFixtureSuite, type FixtureRun } from './run-fixture.ts';
import { serveDirectory } from './static-server.ts';
import { requirePrerequisite, skipOutsideCi } from '../support/ci-environment.ts';

let work = '';
let run: FixtureRun;
let results: Map<string, ResultJson>;
let first: GenerateReportResult;
let second: GenerateReportResult;
const paths = { report: '', history: '', junit: '' };
// A load test is named after its definition (or scenario file) and its scenario, as a real run names it
// (reports/allure/load-results.ts, issue 12): the fixture's definition is called "fixture".
const STORM_TEST = `load ${fixtureLoadSummary.name}: session-storm`;
const DISPATCH_TEST = `load ${fixtureLoadSummary.name}: dispatch-path`;

function result(name: string): ResultJson {
  const r = results.get(name);
  if (r === undefined) throw new Error(`no result named '${name}' (have: ${[...results.keys()].join(', ')})`);
  return r;
}

async function reportFrom(dir: string, outName: string): Promise<GenerateReportResult> {
  return generateReport({
    resultsDirs: [dir],
    outDir: join(work, outName),
    historyPath: join(work, `${outName}-history.jsonl`),
    junitFile: false,
    cwd: work,
  });
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'xh-report-'));
  run = await runFixtureSuite(work);
  await writeLoadResults(run.resultsDir, fixtureLoadSummary);
  results = await readResults(run.resultsDir);
  paths.report = join(work, 'allure-report');
  paths.history = join(work, 'history', 'history.jsonl');
  paths.junit = join(work, 'junit.xml');
  const options = {
    resultsDirs: [run.resultsDir],
    outDir: paths.report,
    historyPath: paths.history,
    junitFile: paths.junit,
    cwd: work,
  };
  first = await generateReport(options);
  second = await generateReport(options);
}, 180_000);

afterAll(async () => {
  if (work !== '') await rm(work, { recursive: true, force: true });
});

describe('allure results of a real vitest run', () => {
  test('the fixture run fails as designed and writes one result per test', () => {
    expect(run.exitCode, run.output).toBe(1);
    expect(results.size).toBe(9 + Object.keys(fixtureLoadSummary.scenarios).length);
  });

  test('statuses: violation failed, transport broken, known deviation skipped, unexpected pass failed', () => {
    const statuses = Object.fromEntries([...results.values()].map((r) => [r.name, r.status]));
    expect(statuses).toMatchObject({
      'passing property': 'passed',
      'contract violation': 'failed',
      'transport failure': 'broken',
      'known deviation': 'skipped',
      'unexpected pass': 'failed',
      'fast-check counterexample': 'failed',
      'raw transport error': 'broken',
      'emulator: VM.start refuses a template': 'passed',
      'emulator fault start-template: VM.start refuses a template': 'failed',
      [DISPATCH_TEST]: 'passed',
      [STORM_TEST]: 'failed',
    });
  });

  test('labels: epic = area, feature = XAPI class, story = message, plus failure kind and deviation', () => {
    const r = result('contract violation');
    expect(labelValues(r, 'epic')).toEqual(['vm-lifecycle']);
    expect(labelValues(r, 'feature')).toEqual(['VM']);
    expect(labelValues(r, 'story')).toEqual(['VM.start']);
    expect(labelValues(r, 'failure_kind')).toEqual(['contract-violation']);
    expect(r.historyId).toBe('vm-lifecycle/VM/start/refuses-templates');
    expect(labelValues(result('known deviation'), 'deviation')).toEqual(['known']);
    expect(labelValues(result('unexpected pass'), 'deviation')).toEqual(['unexpected-pass']);
    expect(labelValues(result('unexpected pass'), 'failure_kind')).toEqual(['unexpected-pass']);
    expect(labelValues(result('transport failure'), 'failure_kind')).toEqual(['transport']);
  });

  test('each call is a step with its real timing, masked parameters, expected and observed outcome', () => {
    const steps = (result('contract violation').steps ?? []).filter((s) => s.status !== undefined);
    expect(steps.map((s) => [s.name, s.status])).toEqual([
      ['session.login_with_password → ok', 'passed'],
      ['VM.start ✗ contradicts the model', 'failed'],
    ]);
    const [login, start] = steps;
    expect(login?.start).toBe(Date.UTC(2026, 10, 29, 0, 0, 0));
    expect((login?.stop ?? 0) - (login?.start ?? 0)).toBe(3);
    expect(login?.parameters?.find((p) => p.name === '#1')).toMatchObject({
      value: '"******"',
      mode: 'masked',
    });
    expect(start?.parameters?.find((p) => p.name === 'expected')?.value).toContain('VM_IS_TEMPLATE');
    expect(start?.parameters?.find((p) => p.name === 'observed')?.value).toBe('success ""');
    const broken = (result('transport failure').steps ?? []).find((s) => s.name.startsWith('event.from'));
    expect(broken?.status).toBe('broken');
  });

  test('counterexample trace (JSON and text), seed, replay command and statistics are attached', async () => {
    const dir = run.resultsDir;
    const r = result('contract violation');
    expect(await attachmentText(dir, r, ATTACHMENT_NAMES.seed)).toBe('1234567:3:0:1');
    expect(await attachmentText(dir, r, ATTACHMENT_NAMES.replay)).toBe(
      'npx xapi-harness conformance --replay 1234567:3:0:1',
    );
    const trace = JSON.parse(await attachmentText(dir, r, ATTACHMENT_NAMES.traceJson)) as {
      steps: { method: string; violation?: boolean; params: unknown[] }[];
    };
    expect(trace.steps.map((s) => s.method)).toEqual(['session.login_with_password', 'VM.start']);
    expect(trace.steps[1]?.violation).toBe(true);
    expect(trace.steps[0]?.params[1]).toBe('******');
    const text = await attachmentText(dir, r, ATTACHMENT_NAMES.traceText);
    expect(text).toContain('expected: failure VM_IS_TEMPLATE');
    expect(text).toContain('<-- contract violation');
    expect(JSON.parse(await attachmentText(dir, r, ATTACHMENT_NAMES.stats))).toEqual({
      runs: 4,
      shrinks: 7,
      skips: 0,
    });
    expect(r.statusDetails?.message).toContain('replay: npx xapi-harness conformance --replay 1234567:3:0:1');
    expect(r.statusDetails?.expected).toContain('VM_IS_TEMPLATE');
  });

  test('a fast-check failure keeps its shrunk counterexample, seed and expected/actual', async () => {
    const r = result('fast-check counterexample');
    expect(r.statusDetails?.expected).toBe('<= 10');
    expect(r.statusDetails?.actual).toBe('11');
    expect(await attachmentText(run.resultsDir, r, ATTACHMENT_NAMES.seed)).toMatch(/^42:[0-9:]+$/);
    expect(JSON.parse(await attachmentText(run.resultsDir, r, ATTACHMENT_NAMES.stats))).toMatchObject({
      shrinks: expect.any(Number) as number,
    });
  });

  test('an emulator fault reaches the report as a violation, with the real calls, trace and replay command', async () => {
    const clean = result('emulator: VM.start refuses a template');
    expect((clean.steps ?? []).filter((s) => s.status !== undefined).map((s) => s.status)).toEqual([
      'passed',
      'passed',
      'passed',
    ]);
    const r = result('emulator fault start-template: VM.start refuses a template');
    const steps = (r.steps ?? []).filter((s) => s.status !== undefined);
    expect(steps.map((s) => [s.name, s.status])).toEqual([
      ['session.login_with_password → ok', 'passed'],
      ['VM.get_all_records → ok', 'passed'],
      ['VM.start ✗ contradicts the model', 'failed'],
    ]);
    const template = steps[2]?.parameters?.find((p) => p.name === '#1')?.value.replace(/"/g, '') ?? '';
    expect(template).toMatch(/^OpaqueRef:[0-9a-f-]{36}$/);
    expect(r.statusDetails?.message).toContain(
      `VM.start on template ${template} did not fail with VM_IS_TEMPLATE`,
    );
    expect(r.statusDetails?.expected).toContain('VM_IS_TEMPLATE');
    const replay = await attachmentText(run.resultsDir, r, ATTACHMENT_NAMES.replay);
    expect(replay).toMatch(/^npx xapi-harness conformance --replay 20261129:\d+(:\d+)*$/);
    expect(r.statusDetails?.message).toContain(`replay: ${replay}`);
    const text = await attachmentText(run.resultsDir, r, ATTACHMENT_NAMES.traceText);
    expect(text).toMatch(
      /#3 VM\.start\(.*\) {3}<-- contract violation\n {3}expected: failure VM_IS_TEMPLATE/,
    );
  });

  test('environment.properties and categories.json are written, credentials redacted', async () => {
    const env = await readFile(join(run.resultsDir, 'environment.properties'), 'utf8');
    // java.util.Properties escaping (allure-js-commons stringifyEnvInfo) may escape ':' and spaces.
    expect(env).toMatch(/^Target=http\\?:\/\/127\.0\.0\.1\\?:8080\/$/m);
    expect(env).toMatch(/API\\? version=2\.21/);
    expect(env).toContain('Seed=424242');
    expect(env).not.toContain('hunter2');
    const categories = JSON.parse(await readFile(join(run.resultsDir, 'categories.json'), 'utf8')) as {
      name: string;
    }[];
    expect(categories.map((c) => c.name)).toEqual(
      expect.arrayContaining([
        'Contract violation',
        'Transport failure',
        'Known deviation',
        'Unexpected pass',
      ]),
    );
  });

  test('no password reaches the results, the report or the JUnit file', async () => {
    const files = [
      ...(await readdir(run.resultsDir)).map((f) => join(run.resultsDir, f)),
      join(paths.report, 'index.html'),
      paths.junit,
    ];
    for (const f of files) {
      const text = await readFile(f, 'utf8');
      expect(text.includes(FIXTURE_PASSWORD), f).toBe(false);
      expect(text.includes('hunter2'), f).toBe(false);
    }
  });

  test('load scenarios: one test each, thresholds as steps, chart attached, metrics written', async () => {
    const storm = result(STORM_TEST);
    expect(labelValues(storm, 'epic')).toEqual(['load']);
    expect(storm.statusDetails?.message).toMatch(
      /^THRESHOLD CROSSED: xapi_req_duration\{scenario:session-storm\} p\(95\)<200 \(actual 353\)/,
    );
    expect((storm.steps ?? []).map((s) => [s.name, s.status])).toEqual([
      ['threshold xapi_req_duration{scenario:session-storm}: p(95)<200 → 353', 'failed'],
      ['threshold xapi_req_duration{method:session.login_with_password}: p(95)<1000 → 340.2', 'passed'],
      ['check status is Success: 1160 ✓ / 40 ✗', 'failed'],
    ]);
    const dispatch = result(DISPATCH_TEST);
    expect((dispatch.steps ?? []).filter((s) => s.name.startsWith('threshold')).map((s) => s.status)).toEqual(
      ['passed', 'passed'],
    );
    const svg = await attachmentText(run.resultsDir, dispatch, 'latency over time');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect(allAttachments(dispatch).map((a) => a.name)).toContain('latency per method and outcome');
    const perf = (await readdir(run.resultsDir)).filter((f) => f.endsWith('-perf.json'));
    expect(perf).toHaveLength(1);
    const metrics = JSON.parse(await readFile(join(run.resultsDir, perf[0] ?? ''), 'utf8')) as {
      key: string;
      value: number;
    }[];
    // The storm is a closed model (ramping-vus): its headline latency is the service time.
    expect(metrics.find((m) => m.key === 'load.session-storm.p95_ms')?.value).toBe(
      fixtureLoadSummary.metrics['xapi_req_duration']?.byScenario?.['session-storm']?.['p(95)'],
    );
    expect(metrics.find((m) => m.key === 'load.dispatch-path.rps')?.value).toBeCloseTo(9000 / 16, 6);
  });
});

describe('the generated report', () => {
  test('quality gate: a contract violation gives exit code 1', () => {
    expect(second.exitCode).toBe(EXIT_CODES.contractViolation);
    const failed = second.qualityGate.filter((q) => !q.success).map((q) => q.rule);
    expect(failed).toEqual(['contract/maxFailures', 'setup-or-transport/maxFailures']);
    expect(second.stats).toEqual({ total: 11, passed: 3, failed: 5, broken: 2, skipped: 1 });
  });

  test('the HTML requests nothing from a third party, and the analytics were really there to strip', async () => {
    const html = await readFile(second.indexHtml, 'utf8');
    expect(findThirdPartyUrls(html)).toEqual([]);
    expect(html).not.toMatch(/googletagmanager|gtag\(/);
    expect(html).toContain('http-equiv="Content-Security-Policy"');
    expect(first.removed.some((r) => r.includes('googletagmanager.com'))).toBe(true);
  });

  test('history is kept across runs', async () => {
    const lines = (await readFile(paths.history, 'utf8')).split('\n').filter((l) => l.trim() !== '');
    expect(lines).toHaveLength(2);
  });

  test('JUnit: failures, errors and skips split as in the report; vitest junit written too', async () => {
    const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' });
    const doc = parser.parse(await readFile(paths.junit, 'utf8')) as { testsuites: Record<string, string> };
    expect(doc.testsuites).toMatchObject({ tests: '11', failures: '5', errors: '2', skipped: '1' });
    expect(second.junit?.summary).toEqual({ tests: 11, failures: 5, errors: 2, skipped: 1 });
    const junitText = await readFile(paths.junit, 'utf8');
    expect(junitText).toContain('<skipped message="known deviation gc-pass-eviction: ');
    expect(junitText).toContain('<error message="TRANSPORT FAILURE: connect ECONNREFUSED');
    const vitest = parser.parse(await readFile(run.vitestJunit, 'utf8')) as {
      testsuites: Record<string, string>;
    };
    expect(vitest.testsuites).toMatchObject({ tests: '9' });
  });

  test('exit code 2 for transport problems only, 0 for a clean run, 2 for no results', async () => {
    const only = async (names: readonly string[], dirName: string): Promise<string> => {
      const dir = join(work, dirName);
      await mkdir(dir, { recursive: true });
      for (const r of results.values()) {
        if (!names.includes(r.name)) continue;
        const file = (await readdir(run.resultsDir)).find(
          (f) => f.startsWith(r.uuid) && f.endsWith('-result.json'),
        );
        if (file !== undefined) await copyFile(join(run.resultsDir, file), join(dir, file));
      }
      return dir;
    };
    expect(
      (await reportFrom(await only(['transport failure', 'passing property'], 'only-broken'), 'r-broken'))
        .exitCode,
    ).toBe(EXIT_CODES.setupOrTransport);
    expect(
      (await reportFrom(await only(['passing property', 'known deviation'], 'only-clean'), 'r-clean'))
        .exitCode,
    ).toBe(EXIT_CODES.conformant);
    const empty = await reportFrom(join(work, 'does-not-exist'), 'r-empty');
    expect(empty.exitCode).toBe(EXIT_CODES.setupOrTransport);
    expect(empty.problem).toMatch(/no Allure results/);
  });
});

// Headless Chromium (Debian's `chromium`, installed by .ci/run) opens the report and logs every request.
// The report must render and request nothing but its own files.
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_MISSING = `${CHROMIUM} is absent: install Debian's chromium package (apt-get install chromium) to run this test`;
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const SCREENSHOT = join(REPO_ROOT, 'out', 'report-screenshot.png');

/**
 * The browser for one test, closed once the test is over; the test is skipped when Chromium is absent
 * outside CI, and fails under CI=true (test/support/ci-environment.ts).
 */
async function headlessChromium(ctx: TestContext): Promise<Browser> {
  if (skipOutsideCi(existsSync(CHROMIUM))) ctx.skip(CHROMIUM_MISSING);
  requirePrerequisite(existsSync(CHROMIUM), CHROMIUM_MISSING);
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 60_000 });
  ctx.onTestFinished(() => browser.close());
  return browser;
}
const FAULT_TEST = 'emulator fault start-template: VM.start refuses a template';

describe('the report in headless Chromium', () => {
  test('served from 127.0.0.1: renders, shows the failure with trace and replay, requests only local files', async (ctx) => {
    const browser = await headlessChromium(ctx);
    const server = await serveDirectory(paths.report);
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const requested: string[] = [];
      page.on('request', (r) => requested.push(r.url()));
      await page.goto(`${server.origin}/index.html`, { waitUntil: 'load', timeout: 30_000 });
      await page.getByText('contract violation', { exact: true }).first().waitFor({ timeout: 45_000 });
      await page.getByText('Target', { exact: true }).first().waitFor({ timeout: 5_000 });
      await page.getByText('contract violation', { exact: true }).first().click();
      await page
        .getByText('replay: npx xapi-harness conformance --replay 1234567:3:0:1')
        // The message is also in the step's collapsed error: wait for the copy a reader sees.
        .filter({ visible: true })
        .first()
        .waitFor({ timeout: 20_000 });
      await page.getByText('Category: Contract violation').first().waitFor({ timeout: 5_000 });
      // The screenshot shows the real emulator fault: its error box with the trace and replay command.
      await page.goto(`${server.origin}/index.html`, { waitUntil: 'load', timeout: 30_000 });
      await page.getByText(FAULT_TEST, { exact: true }).first().click({ timeout: 45_000 });
      await page
        .getByText(/replay: npx xapi-harness conformance --replay 20261129:/)
        .filter({ visible: true })
        .first()
        .waitFor({ timeout: 20_000 });
      await mkdir(join(REPO_ROOT, 'out'), { recursive: true });
      await page.screenshot({ path: SCREENSHOT });
      // Categories as the report assigns them: by label, and by message for a raw error thrown without helpers.
      for (const [name, category] of [
        [FAULT_TEST, 'Contract violation'],
        ['raw transport error', 'Transport failure'],
        ['unexpected pass', 'Unexpected pass'],
        [STORM_TEST, 'Load threshold crossed'],
      ] as const) {
        await page.goto(`${server.origin}/index.html`, { waitUntil: 'load', timeout: 30_000 });
        await page
          .getByText(name, { exact: true })
          .filter({ visible: true })
          .first()
          .click({ timeout: 45_000 });
        // The test's own page says "Category: X"; when the name is found in the overview's category
        // widget instead (Allure 3.18 lists each category's tests there), the category shows beside it.
        await page
          .getByText(new RegExp(`^(Category: )?${category}$`, 'i'))
          .filter({ visible: true })
          .first()
          .waitFor({ timeout: 20_000 });
      }
      const foreign = requested.filter(
        (u) => !u.startsWith(`${server.origin}/`) && !/^(data|blob|about):/.test(u),
      );
      expect(foreign, `requests: ${requested.join(', ')}`).toEqual([]);
      expect(server.served).toContain('/index.html');
    } finally {
      await server.close();
    }
  }, 180_000);

  test('opened from file:// (a double click): renders with no request beyond the file itself', async (ctx) => {
    const browser = await headlessChromium(ctx);
    const page = await browser.newPage();
    const requested: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    await page.goto(pathToFileURL(second.indexHtml).href, { waitUntil: 'load', timeout: 30_000 });
    await page.getByText('fast-check counterexample', { exact: true }).first().waitFor({ timeout: 45_000 });
    const foreign = requested.filter((u) => !u.startsWith('file://') && !/^(data|blob|about):/.test(u));
    expect(foreign, `requests: ${requested.join(', ')}`).toEqual([]);
  }, 180_000);
});
