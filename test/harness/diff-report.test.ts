// A differential run's results in Allure and JUnit (issue 15): under a `diff` parent suite, each property's
// area as the suite, the divergence as the failure; and beside a conformance run of the same property in one
// report, each is a test of its own (its own history id, not a retry of the other). Child processes, both
// sides in-process emulators, bounded.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labelValues, readResults } from '../reports/allure-results-reader.ts';
import { runCli, type CliRun } from '../support/run-cli.ts';

const work = mkdtempSync(join(tmpdir(), 'xapi-harness-diff-report-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const diffDir = join(work, 'diff');
const confDir = join(work, 'conformance');
const LOGOUT = 'sessions/session/logout/lifecycle';
let diffRun: CliRun;
let confRun: CliRun;

beforeAll(async () => {
  [diffRun, confRun] = await Promise.all([
    runCli(
      ['diff', '--a', 'emulator', '--b', 'emulator:--fault=logout-noop', '--suite', 'sessions,errors'].concat(
        ['--seed', '1', '--out', diffDir],
      ),
      { timeoutMs: 290_000 },
    ),
    runCli(['conformance', '--suite', 'sessions', '--seed', '1', '--out', confDir], { timeoutMs: 290_000 }),
  ]);
}, 300_000);

describe('diff results', () => {
  it('sit under a diff parent suite in Allure, each area its suite, the divergence its failure', async () => {
    expect(diffRun.code, diffRun.stdout + diffRun.stderr).toBe(1);
    const results = [...(await readResults(join(diffDir, 'allure-results'))).values()];
    expect(results.length).toBe(2);
    for (const r of results) {
      expect(labelValues(r, 'parentSuite'), r.name).toEqual(['diff']);
      expect(r.historyId?.startsWith('diff:')).toBe(true);
    }
    const suites = results.flatMap((r) => labelValues(r, 'suite')).sort();
    expect(suites).toEqual(['errors', 'sessions']);
    const failed = results.filter((r) => r.status === 'failed');
    expect(failed.length).toBe(1);
    expect(failed[0]?.historyId).toBe(`diff:${LOGOUT}`);
    expect(failed[0]?.statusDetails?.message).toContain('divergence');
  });

  it('and in JUnit, next to a conformance run of the same property as another test', async () => {
    expect(confRun.code, confRun.stdout + confRun.stderr).toBe(0);
    const junit = join(work, 'junit.xml');
    const r = await runCli(
      [
        'report',
        '--results',
        join(diffDir, 'allure-results'),
        '--results',
        join(confDir, 'allure-results'),
        '--out',
        join(work, 'report'),
        '--history',
        join(work, 'history.jsonl'),
        '--junit',
        junit,
      ],
      { timeoutMs: 120_000 },
    );
    expect(r.code, r.stdout + r.stderr).toBe(1);
    // Three tests: the two of the diff and the conformance one, none read as a retry of another.
    expect(r.stdout).toContain('report: 3 results');
    const xml = readFileSync(junit, 'utf8');
    const suite = (name: string) =>
      new RegExp(`<testsuite name="${name}"[^>]*>([\\s\\S]*?)</testsuite>`).exec(xml)?.[1] ?? '';
    const diffSuite = suite('diff');
    expect(diffSuite.match(/<testcase /g)?.length, xml).toBe(2);
    expect(diffSuite).toContain('classname="diff.sessions"');
    expect(diffSuite).toMatch(/<failure message="[^"]*divergence/);
    const sessions = suite('sessions');
    expect(sessions.match(/<testcase /g)?.length, xml).toBe(1);
    expect(sessions).not.toContain('<failure');
  }, 150_000);
});
