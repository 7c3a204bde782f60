// `xapi-harness report` as a user runs it: the real bin, a real results file, exit codes and output.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { RESULTS_FORMAT, writeRunResults, type RunResults } from '../../src/results/index.ts';
import { passedResult, violationResult } from './fixtures/fixture-results.ts';
import { REPO_ROOT } from './run-fixture.ts';

interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

async function cli(args: readonly string[], cwd: string): Promise<CliRun> {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin/xapi-harness.mjs'), 'report', ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  return { code, stdout, stderr };
}

const base: Omit<RunResults, 'properties'> = {
  format: RESULTS_FORMAT,
  environment: {
    targetUrl: 'emulator (in-process)',
    productBrand: 'xapi-harness emulator',
    productVersion: '0.1.0',
    apiVersion: '2.21',
    profile: 'sdk-guide',
    harnessVersion: '0.1.0',
    seed: 1,
  },
  startedAt: 0,
  finishedAt: 1,
};

let work = '';
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'xh-report-cli-'));
  await writeRunResults(join(work, 'violation.json'), {
    ...base,
    properties: [passedResult, violationResult],
  });
  await writeRunResults(join(work, 'clean.json'), { ...base, properties: [passedResult] });
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('xapi-harness report', () => {
  test('a violation: exit 1, summary, report and JUnit under out/', async () => {
    const r = await cli(['--run-results', 'violation.json'], work);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toContain('report: 2 results: 1 passed, 1 failed, 0 broken, 0 skipped');
    expect(r.stdout).toContain('quality gate: contract/maxFailures:');
    expect(r.stdout).toContain('report: exit 1 (contract violation)');
    expect(existsSync(join(work, 'out/allure-report/index.html'))).toBe(true);
    expect(existsSync(join(work, 'out/junit.xml'))).toBe(true);
    expect(existsSync(join(work, 'out/allure-history/history.jsonl'))).toBe(true);
  }, 90_000);

  test('clean: exit 0; a tolerated violation: exit 0; bad flags and no results: exit 2', async () => {
    expect((await cli(['--run-results', 'clean.json', '--out', 'r1'], work)).code).toBe(0);
    expect(
      (await cli(['--run-results', 'violation.json', '--out', 'r2', '--max-violations', '1'], work)).code,
    ).toBe(0);
    const bad = await cli(['--max-violations', 'many'], work);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--max-violations expects a non-negative integer');
    const none = await cli(['--results', 'nowhere'], work);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no Allure results in nowhere');
    const unsafe = await cli(['--run-results', 'clean.json', '--out', '.'], work);
    expect(unsafe.code).toBe(2);
    expect(unsafe.stderr).toContain('refusing to use');
  }, 120_000);
});
