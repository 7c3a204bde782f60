// Verdicts a CI can trust (issue 12, items 2, 3, 4, 5, 7, 10, 12), each through the real binary. Every
// case here gave a wrong verdict before: exit 0 for a run that checked nothing, a pinned file that could
// not replay, a printed replay that did not run as pasted, a replay that ran everything, a report mixing
// an earlier run's load results, a property cut after a few cases reported passed, and --runs ignored.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESULTS_FORMAT, readRunResults, writeRunResults } from '../../src/results/index.ts';
import { fixtureLoadSummary } from '../reports/fixtures/fixture-load.ts';
import { staleEnvironment } from '../reports/fixtures/fixture-results.ts';
import { startEmulatorProcess, type EmulatorProcess } from '../robustness/emulator-process.ts';
import { reportOutputArgs } from '../support/report-args.ts';
import { pastedArgs, runCli } from './run-cli.ts';

const work = mkdtempSync(join(tmpdir(), 'xapi-harness-verdicts-'));
const PW = 'verdicts-pw';
let faulty: EmulatorProcess;
let clean: EmulatorProcess;

beforeAll(async () => {
  const base = ['--db', ':memory:', '--auth-failure-delay', '0', '--password', PW];
  [faulty, clean] = await Promise.all([
    startEmulatorProcess([...base, '--fault', 'suspend-wrong-state']),
    startEmulatorProcess(base),
  ]);
}, 60_000);
afterAll(async () => {
  await Promise.all([faulty?.kill(), clean?.kill()]);
  rmSync(work, { recursive: true, force: true });
});

/** `conformance` against a host, the password by variable name (PW in the child's environment). */
function hostArgs(host: EmulatorProcess, ...args: string[]): string[] {
  return ['conformance', '--target', host.url, '--user', 'root', '--password-env', 'PW', ...args];
}

/** `report` over a run's out/ folder, with its history and JUnit files beside it. */
function reportArgs(out: string): string[] {
  return [
    'report',
    '--results',
    join(out, 'allure-results'),
    '--run-results',
    join(out, 'results.json'),
    ...reportOutputArgs(out),
  ];
}

const VM_PROP = 'vm-lifecycle/VM/start/power-state-machine';
/** A seed at which the default budget catches suspend-wrong-state (checked by the pin test below). */
const CATCHING_SEED = '1';

describe('conformance verdicts (real binary)', { timeout: 300_000 }, () => {
  it('item 2: an unknown property or suite is exit 2 with the valid ids, in one message, not the help', async () => {
    const r = await runCli(['conformance', '--property', 'nosuch']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown property nosuch');
    expect(r.stderr).toContain(VM_PROP);
    expect(r.stderr).not.toContain('--time-limit DUR');
    const s = await runCli(['conformance', '--suite', 'nosuch']);
    expect(s.code).toBe(2);
    expect(s.stderr).toMatch(/unknown suite nosuch; suites: wire, sessions/);
  });

  it('item 2: a run whose every property was skipped is exit 2, and so is its report', async () => {
    // Against a host, the eviction area is emulator-only or needs --allow-disruptive: all skipped.
    const out = join(work, 'skipped');
    const r = await runCli(hostArgs(clean, '--suite', 'eviction', '--out', out), { env: { PW } });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/0 passed, 0 failed, 0 broken, 0 inconclusive, 4 skipped/);
    expect(r.stderr).toContain('--allow-disruptive');
    const rep = await runCli(reportArgs(out));
    expect(rep.code, rep.stdout + rep.stderr).toBe(2);
  });

  it('item 5: --replay without --property is refused, not a full run', async () => {
    const r = await runCli(['conformance', '--replay', '5:1:0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--replay needs --property');
  });

  it('item 3: --pin writes a file that replays (commands included), says where, and the next run replays it', async () => {
    const cwd = mkdtempSync(join(work, 'pin-'));
    const first = await runCli(
      [
        'conformance',
        '--fault',
        'suspend-wrong-state',
        '--suite',
        'vm-lifecycle',
        '--pin',
        '--seed',
        CATCHING_SEED,
      ],
      { cwd },
    );
    expect(first.code, first.stderr).toBe(1);
    const files = readdirSync(join(cwd, 'suites', 'regressions'));
    expect(files).toHaveLength(1);
    const file = join('suites', 'regressions', files[0] ?? '');
    expect(first.stderr).toContain(`pinned ${VM_PROP}: ${file}`);
    const pinned = JSON.parse(readFileSync(join(cwd, file), 'utf8')) as Record<string, unknown>;
    expect(typeof pinned['commands']).toBe('string');
    // Another seed: only the pinned replay can find it at once; the run is a violation, never broken.
    const again = await runCli(
      ['conformance', '--fault', 'suspend-wrong-state', '--suite', 'vm-lifecycle', '--seed', '2'],
      {
        cwd,
      },
    );
    expect(again.code, again.stderr).toBe(1);
    expect(again.stderr).toContain(`the pinned regression ${file} still fails`);
    expect(again.stderr).not.toContain('Unable to replay');
    // Fixed target: the pinned case passes, the run goes on and is conformant.
    const fixed = await runCli(['conformance', '--suite', 'vm-lifecycle', '--runs', '3', '--seed', '2'], {
      cwd,
    });
    expect(fixed.code, fixed.stderr).toBe(0);
  });

  it('item 4: the printed replay runs as pasted against a host (credentials by variable name) and keeps the run', async () => {
    const cwd = mkdtempSync(join(work, 'replay-'));
    const run = await runCli(hostArgs(faulty, '--suite', 'vm-lifecycle', '--seed', CATCHING_SEED), {
      cwd,
      env: { PW },
    });
    expect(run.code, run.stderr).toBe(1);
    const line = /replay: (npx xapi-harness conformance .*)$/m.exec(run.stderr)?.[1];
    expect(line, run.stderr).toBeDefined();
    const printed = line ?? '';
    expect(printed).toContain('--user root --password-env PW');
    expect(printed).not.toContain(PW);
    const before = readdirSync(join(cwd, 'out', 'allure-results')).sort();
    const replay = await runCli(pastedArgs(printed), { cwd, env: { PW } });
    expect(replay.code, replay.stderr).toBe(1);
    expect(replay.stderr).toContain('<-- contract violation');
    // The full run's results are untouched; the replay's are apart.
    expect(readdirSync(join(cwd, 'out', 'allure-results')).sort()).toEqual(before);
    expect(existsSync(join(cwd, 'out', 'replay', 'results.json'))).toBe(true);
  });

  it("item 7: a new run drops an earlier run's load results, so the report does not mix them", async () => {
    const out = join(work, 'mixed');
    await writeRunResults(join(out, 'results.json'), {
      format: RESULTS_FORMAT,
      environment: staleEnvironment('emulator (in-process)'),
      properties: [],
      load: fixtureLoadSummary,
      startedAt: 0,
      finishedAt: 1,
    });
    const r = await runCli(hostArgs(clean, '--suite', 'sessions', '--runs', '2', '--out', out), {
      env: { PW },
    });
    expect(r.code, r.stderr).toBe(0);
    expect((await readRunResults(join(out, 'results.json'))).load).toBeUndefined();
    const rep = await runCli(reportArgs(out));
    expect(rep.code, rep.stdout + rep.stderr).toBe(0);
    expect(readFileSync(join(out, 'junit.xml'), 'utf8')).not.toMatch(/load/i);
  });

  it('item 10: a property cut by its time limit after fewer cases than its minimum is inconclusive (exit 3)', async () => {
    const r = await runCli([
      'conformance',
      '--property',
      VM_PROP,
      '--time-limit',
      '1ms',
      '--runs',
      '25',
      '--out',
      join(work, 'cut'),
    ]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/\? \[1\/1\] vm-lifecycle\/VM\/start\/power-state-machine \(.*, \d+\/25 runs/);
    expect(r.stderr).toMatch(/INCONCLUSIVE .*of 25 asked \(minimum 13\).*time limit/);
    expect(r.stderr).toContain('exit 3 (inconclusive');
  });

  it('item 12: --runs N is honoured by every property, and each result shows runs done / asked', async () => {
    const r = await runCli([
      'conformance',
      '--suite',
      'wire,schema',
      '--runs',
      '2',
      '--out',
      join(work, 'runs'),
    ]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stderr.split('\n').filter((l) => /^\s+✓ \[/.test(l));
    expect(lines.length).toBe(4);
    for (const l of lines.filter((x) => x.includes('wire/'))) expect(l).toMatch(/, 2\/2 runs,/);
    // The schema check is one deterministic case: its budget is 1 whatever --runs says, and it says so.
    expect(lines.find((l) => l.includes('schema/'))).toMatch(/, 1\/1 runs,/);
  });
});
