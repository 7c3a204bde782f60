// No password in any report, log or trace (issue 8 §5). A run with a unique password writes everything
// the project writes into a temp out/ dir: the emulator CLI's log, conformance property results (passing
// and failing, whose traces show every call, logins included), the emulator's log of client logins, the harness
// results file, Allure results, the Allure report and JUnit XML. Then every file is searched for the
// password, in clear and in the encodings it could hide in (JSON/XML escaping, base64, URL encoding).
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { httpTransport, XapiClient } from '../../src/client/index.ts';
import {
  configFor,
  defaultOptions,
  NO_EXPECTATIONS,
  preflight,
  remoteTarget,
  runProperty,
} from '../../src/harness/index.ts';
import { redactUrl, RESULTS_FORMAT, writeRunResults, type PropertyResult } from '../../src/results/index.ts';
import { writeRunResultsToAllure } from '../../reports/allure/index.ts';
import { SESSION_PROPERTIES, VM_LIFECYCLE_PROPERTIES } from '../../suites/properties/index.ts';
import { startEmulatorProcess, type EmulatorProcess } from '../robustness/emulator-process.ts';
import { reportOutputArgs } from '../support/report-args.ts';

const SECRET = `Pw-${randomBytes(6).toString('hex')}-sEcReT`;
const WRONG = `Wrong-${randomBytes(6).toString('hex')}-pAsS`;
const AUDITOR_SECRET = `Au-${randomBytes(6).toString('hex')}-dItOr`;
const out = mkdtempSync(join(tmpdir(), 'xapi-harness-out-'));
const procs: EmulatorProcess[] = [];

function forms(secret: string): string[] {
  return [
    secret,
    JSON.stringify(secret).slice(1, -1),
    encodeURIComponent(secret),
    Buffer.from(secret).toString('base64').replace(/=+$/, ''),
    Buffer.from(`root:${secret}`).toString('base64').replace(/=+$/, ''),
  ];
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

async function emulator(extra: readonly string[]): Promise<EmulatorProcess> {
  const p = await startEmulatorProcess([
    '--db',
    ':memory:',
    '--auth-failure-delay',
    '0',
    '--password',
    SECRET,
    '--read-only-user',
    `auditor:${AUDITOR_SECRET}`,
    ...extra,
  ]);
  procs.push(p);
  return p;
}

async function conformance(
  url: string,
  defs: typeof SESSION_PROPERTIES,
  runId: string,
): Promise<PropertyResult[]> {
  const options = {
    ...defaultOptions(),
    target: url,
    user: 'root',
    password: SECRET,
    runs: 3,
    timeLimitMs: 3_000,
    runId,
    outDir: join(out, runId),
  };
  const target = remoteTarget(options);
  try {
    const pre = await preflight(target, 'auto');
    const ctx = { options, target, preflight: pre, config: configFor(target, pre) };
    const results: PropertyResult[] = [];
    for (const def of defs) {
      const r = await runProperty(def, ctx, { expectations: NO_EXPECTATIONS });
      results.push(r);
    }
    return results;
  } finally {
    await target.close();
  }
}

let results: PropertyResult[] = [];

beforeAll(async () => {
  // 1. A clean emulator and a faulty one (its failures carry full traces).
  const good = await emulator([]);
  const bad = await emulator(['--fault', 'logout-noop', '--fault', 'start-template']);
  const defs = [
    ...SESSION_PROPERTIES.filter((p) => !/evict|storm/i.test(p.id)).slice(0, 3),
    ...VM_LIFECYCLE_PROPERTIES.slice(0, 2),
  ];
  results = [...(await conformance(good.url, defs, 'good')), ...(await conformance(bad.url, defs, 'bad'))];

  // 2. Logins, a failed login, the read-only user and a password change (the emulator logs them).
  const client = new XapiClient({ transport: httpTransport(good.url) });
  const s = await client.login('root', SECRET);
  await client.attempt('session.login_with_password', ['root', WRONG]);
  await client.attempt('session.login_with_password', ['auditor', AUDITOR_SECRET, '1.0', 'test']);
  await s.attempt('session.change_password', [SECRET, SECRET]);
  await client.attempt('session.slave_local_login_with_password', ['root', SECRET]);
  await s.logout();
  await client.close();

  // 3. The results file, Allure results, the report and JUnit.
  const run = {
    format: RESULTS_FORMAT,
    environment: {
      // The producer's duty (RunEnvironment.targetUrl: "credentials removed"): a user may give the
      // target with credentials in it.
      targetUrl: redactUrl(`http://root:${SECRET}@${new URL(good.url).host}`),
      productBrand: 'xapi-harness emulator',
      productVersion: '',
      apiVersion: '2.23',
      profile: 'sdk-guide',
      harnessVersion: '0.1.0',
      seed: 1,
      runId: 'no-password',
    },
    properties: results,
    startedAt: Date.now() - 1_000,
    finishedAt: Date.now(),
  } as const;
  await writeRunResults(join(out, 'results.json'), run);
  await writeRunResultsToAllure(join(out, 'allure-results'), run);
  const report = await import('../../src/cli/commands/report.ts');
  await report.run(['--results', join(out, 'allure-results'), ...reportOutputArgs(out)]);

  // 4. The emulator logs, after everything above happened.
  await Promise.all(procs.map((p) => p.kill('SIGTERM')));
  procs.forEach((p, i) => writeFileSync(join(out, `emulator-${i}.log`), p.output()));
}, 150_000);

afterAll(async () => {
  await Promise.all(procs.map((p) => p.kill('SIGKILL')));
  rmSync(out, { recursive: true, force: true });
});

it('the run wrote what it should: passing and failing results, traces, report, JUnit, logs', () => {
  const files = filesUnder(out);
  expect(results.some((r) => r.status === 'passed')).toBe(true);
  expect(results.some((r) => r.status === 'failed')).toBe(true);
  expect(files.some((f) => f.endsWith('junit.xml'))).toBe(true);
  expect(files.some((f) => f.includes(`${join(out, 'report')}`))).toBe(true);
  expect(files.some((f) => f.includes('allure-results'))).toBe(true);
  // The traces do show the logins (masked), so the search below is not vacuous.
  const all = files.map((f) => readFileSync(f, 'latin1')).join('\n');
  expect(all).toContain('session.login_with_password');
});

it('no file contains a password, in any encoding', () => {
  const leaks: string[] = [];
  for (const file of filesUnder(out)) {
    const text = readFileSync(file, 'latin1');
    for (const secret of [SECRET, WRONG, AUDITOR_SECRET]) {
      for (const form of forms(secret)) {
        const at = text.indexOf(form);
        if (at >= 0)
          leaks.push(
            `${file.slice(out.length + 1)}: …${text.slice(Math.max(0, at - 60), at + form.length + 20)}…`,
          );
      }
    }
  }
  expect(leaks).toEqual([]);
});
