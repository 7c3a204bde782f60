// The conformance CLI as a user runs it, seen from the reports (issue 6 §1): each property's result comes
// back in process and the one Allure writer gives it its labels, call steps (passwords masked), evidence and
// status; stale results are cleaned; `report` shows each property exactly once beside load scenarios; and
// plain vitest (no Allure reporter) still runs the suites. Child processes, emulator in-process, bounded.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli, runNode, type CliRun } from '../support/run-cli.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PropertyResult } from '../../src/results/index.ts';
import {
  RESULTS_FORMAT,
  counterexampleLengthText,
  readRunResults,
  writeRunResults,
} from '../../src/results/index.ts';
import {
  allAttachments,
  allSteps,
  attachmentText,
  labelValues,
  readResults,
  type ResultJson,
} from '../reports/allure-results-reader.ts';
import { fixtureLoadSummary } from '../reports/fixtures/fixture-load.ts';
import { passedResult, staleEnvironment } from '../reports/fixtures/fixture-results.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'xapi-harness-allure-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

type Run = CliRun;

function node(args: string[], env: Record<string, string> = {}, timeoutMs = 120_000): Promise<Run> {
  return runNode(args, { env, timeoutMs });
}

const cli = (args: string[]): Promise<Run> => runCli(args);

const clean = join(work, 'clean');
const faulty = join(work, 'faulty');
let cleanRun: Run;
let faultRun: Run;

function properties(dir: string): PropertyResult[] {
  return (JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as { properties: PropertyResult[] })
    .properties;
}

beforeAll(async () => {
  // Leftovers of an earlier run: an Allure result and a results file with a property and a load report.
  mkdirSync(join(clean, 'allure-results'), { recursive: true });
  writeFileSync(join(clean, 'allure-results', 'stale-result.json'), '{"name":"stale","historyId":"stale"}');
  await writeRunResults(join(clean, 'results.json'), {
    format: RESULTS_FORMAT,
    environment: staleEnvironment('emulator'),
    properties: [{ ...passedResult, id: 'stale/property', name: 'stale property' }],
    load: fixtureLoadSummary,
    startedAt: 0,
    finishedAt: 1,
  });
  [cleanRun, faultRun] = await Promise.all([
    cli(['conformance', '--suite', 'sessions', '--runs', '3', '--seed', '11', '--out', clean]),
    cli([
      'conformance',
      '--suite',
      'vm-lifecycle',
      '--fault',
      'start-template',
      '--runs',
      '10',
      '--seed',
      '11',
      '--out',
      faulty,
    ]),
  ]);
}, 240_000);

describe('conformance CLI → Allure results', () => {
  it('a clean run: one passed result per property with epic/feature/story, masked call steps, seed and stats', async () => {
    expect(cleanRun.code, cleanRun.stderr).toBe(0);
    const props = properties(clean);
    expect(props.length).toBeGreaterThan(0);
    const dir = join(clean, 'allure-results');
    const results = await readResults(dir);
    expect(results.size).toBe(props.length);
    for (const p of props) {
      const r = results.get(p.name);
      expect(r, p.name).toBeDefined();
      const res = r as ResultJson;
      expect(res.status).toBe('passed');
      expect(res.historyId).toBe(p.id);
      expect(labelValues(res, 'epic')).toEqual(['sessions']);
      expect(labelValues(res, 'feature')).toEqual([p.feature]);
      expect(labelValues(res, 'story')).toEqual([p.story]);
      const names = allAttachments(res).map((a) => a.name);
      expect(names).toEqual(expect.arrayContaining(['seed', 'property statistics']));
      const stats = JSON.parse(await attachmentText(dir, res, 'property statistics')) as Record<
        string,
        number
      >;
      expect(stats['runs']).toBeGreaterThanOrEqual(1);
      expect(stats).toHaveProperty('shrinks');
    }
    // The login step shows the user and a masked password, in Allure's masked mode.
    const logins = [...results.values()]
      .flatMap((r) => allSteps(r))
      .filter((s) => s.name.startsWith('session.login_with_password'));
    expect(logins.length).toBeGreaterThan(0);
    for (const s of logins) {
      const pw = s.parameters?.find((x) => x.name === '#1');
      expect(pw).toMatchObject({ value: '"******"', mode: 'masked' });
      expect(s.parameters?.map((x) => x.name)).toEqual(expect.arrayContaining(['expected', 'observed']));
    }
    const env = readFileSync(join(dir, 'environment.properties'), 'utf8');
    expect(env).toContain('Seed=11');
    // vitest's own JUnit is not configured: out/junit.xml is `report`'s to write.
    expect(existsSync(join(clean, 'junit.xml'))).toBe(false);
  });

  it('stale results of an earlier run are gone, its load report too (issue 12 §7: runs never mix)', async () => {
    expect(existsSync(join(clean, 'allure-results', 'stale-result.json'))).toBe(false);
    const run = await readRunResults(join(clean, 'results.json'));
    expect(run.properties.map((p) => p.id)).not.toContain('stale/property');
    expect(run.load).toBeUndefined();
  });

  it('an emulator fault: failed, with the violating step, trace (text + JSON), seed and replay command', async () => {
    expect(faultRun.code, faultRun.stderr).toBe(1);
    // The console (stderr) says how long each counterexample is, and their median.
    expect(faultRun.stderr).toMatch(/\n {6}counterexample: \d+ calls? /);
    expect(faultRun.stderr).toMatch(/\ncounterexamples: median \d+(\.5)? calls over \d+ failed propert/);
    const failed = properties(faulty).filter((p) => p.status === 'failed');
    expect(failed.length).toBeGreaterThan(0);
    const dir = join(faulty, 'allure-results');
    const results = await readResults(dir);
    for (const p of failed) {
      const r = results.get(p.name) as ResultJson;
      expect(r.status).toBe('failed');
      expect(r.statusDetails?.message).toMatch(/^CONTRACT VIOLATION/);
      expect(r.statusDetails?.message).toContain('replay: npx xapi-harness conformance');
      expect(allSteps(r).some((s) => s.status === 'failed' && s.name.startsWith('VM.'))).toBe(true);
      const text = await attachmentText(dir, r, 'counterexample trace');
      expect(text).toContain('<-- contract violation');
      const json = JSON.parse(await attachmentText(dir, r, 'counterexample trace (JSON)')) as {
        property: string;
        steps: unknown[];
      };
      expect(json.property).toBe(p.id);
      expect(json.steps.length).toBeGreaterThan(0);
      expect(await attachmentText(dir, r, 'seed')).toBe(`${p.seed}:${p.path}`);
      const replay = await attachmentText(dir, r, 'replay command');
      expect(replay).toContain('--fault start-template');
      expect(replay).toContain(`--property ${p.id}`);
      const stats = JSON.parse(await attachmentText(dir, r, 'property statistics')) as Record<string, number>;
      expect(stats['shrinks']).toBeGreaterThanOrEqual(0);
      // The counterexample's length (issue 17 item 5): in results.json, beside the result and in its trace.
      const length = p.counterexample?.length;
      expect(length?.calls).toBeGreaterThan(0);
      const shown = r.parameters?.find((x) => x.name === 'counterexample length')?.value;
      expect(shown).toBe(counterexampleLengthText(length!));
      expect(text).toContain(`length: ${shown}`);
    }
  });

  it('the report shows each property exactly once, next to the load scenarios', async () => {
    // What `npm start` does between conformance and report: the load CLI adds its report to results.json.
    const file = join(faulty, 'results.json');
    const run = await readRunResults(file);
    await writeRunResults(file, { ...run, load: fixtureLoadSummary });
    const junit = join(faulty, 'junit.xml');
    const r = await cli([
      'report',
      '--results',
      join(faulty, 'allure-results'),
      '--run-results',
      file,
      '--out',
      join(faulty, 'allure-report'),
      '--history',
      join(faulty, 'history.jsonl'),
      '--junit',
      junit,
    ]);
    expect(r.code, r.stderr).toBe(1);
    const expected = run.properties.length + Object.keys(fixtureLoadSummary.scenarios).length;
    expect(r.stdout).toContain(`report: ${expected} results`);
    const xml = readFileSync(junit, 'utf8');
    const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
    for (const p of run.properties) {
      expect(xml.split(`name="${esc(p.name)}"`).length - 1, p.name).toBe(1);
    }
    for (const s of Object.keys(fixtureLoadSummary.scenarios)) expect(xml).toContain(s);
    // The report itself: the single-file HTML embeds each data file as d("<path>","<base64>").
    const html = readFileSync(join(faulty, 'allure-report', 'index.html'), 'utf8');
    const files = new Map(
      [...html.matchAll(/d\("([^"]+)","([A-Za-z0-9+/=]*)"\)/g)].map((m) => [
        m[1] ?? '',
        Buffer.from(m[2] ?? '', 'base64').toString('utf8'),
      ]),
    );
    const shown = [...files]
      .filter(([k]) => k.startsWith('data/test-results/'))
      .map(([, v]) => (JSON.parse(v) as { name: string }).name);
    expect(shown.length).toBe(expected);
    for (const p of run.properties)
      expect(
        shown.filter((n) => n === p.name),
        p.name,
      ).toHaveLength(1);
    for (const s of Object.keys(fixtureLoadSummary.scenarios))
      expect(shown.some((n) => n.includes(s))).toBe(true);
    const failedOne = run.properties.find((p) => p.status === 'failed');
    const texts = [...files.values()];
    expect(texts.some((t) => t.includes(failedOne?.replay ?? '?'))).toBe(true);
    expect(texts.some((t) => t.includes('<-- contract violation'))).toBe(true);
  }, 120_000);

  it('a run that stops at setup (exit 2) leaves no earlier results behind', async () => {
    const dir = join(work, 'setup');
    mkdirSync(join(dir, 'allure-results'), { recursive: true });
    writeFileSync(join(dir, 'allure-results', 'old-result.json'), '{"name":"old","historyId":"old"}');
    const r = await node(
      [
        join(ROOT, 'bin/xapi-harness.mjs'),
        'conformance',
        '--target',
        'http://127.0.0.1:1',
        '--user',
        'root',
        '--call-timeout',
        '2s',
        '--out',
        dir,
      ],
      { XAPI_PASSWORD: 'pw' },
      60_000,
    );
    expect(r.code, r.stderr).toBe(2);
    expect(existsSync(join(dir, 'allure-results', 'old-result.json'))).toBe(false);
  }, 90_000);

  it('plain vitest runs a contract file as a thin entry point: same verdicts, nothing written', async () => {
    const r = await node([
      join(ROOT, 'node_modules/vitest/vitest.mjs'),
      'run',
      'suites/sessions.contract.test.ts',
    ]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/passed/);
  }, 120_000);
});
