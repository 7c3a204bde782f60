// `xapi-harness diff` end to end (issue 15 "Done when"): the real binary, both sides built-in emulators in
// process. The emulator against itself shows no divergence; against a faulty emulator it finds one, whose
// printed replay command reproduces it; against release 24.19 it reports the fields that release lacks and
// passes on a suite that never reads them. Each run is a child process bounded by a timeout.
//
// Budget: the whole default run (22 properties, all suites) takes about 4.5 min on a shared 2-core machine,
// too slow for CI; here the default runs go over the cheap suites (sessions, errors), and each fault over
// its own area's suite (src/emulator/faults.ts `area`) for a few faults. The whole catalogue is measured by
// bench/diff-faults.ts (docs/differential.md). The cases run concurrently (child processes): 3.7 min on the
// shared 2-core machine at load 20 (each diff 20-150 s there, 10-80 s alone); each child may take 290 s.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FAULTS } from '../../src/emulator/faults.ts';
import { SCHEMA, findRelease, servedIn } from '../../src/xapi/index.ts';
import { runCli, type CliRun } from '../support/run-cli.ts';

const out = mkdtempSync(join(tmpdir(), 'xapi-harness-diff-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

interface Results {
  readonly properties: readonly {
    readonly id: string;
    readonly status: string;
    readonly kind?: string;
    readonly message?: string;
    readonly steps?: readonly unknown[];
  }[];
}

function diff(name: string, args: readonly string[]): Promise<CliRun> {
  return runCli(['diff', ...args, '--seed', '1', '--out', join(out, name)], { timeoutMs: 290_000 });
}

function results(name: string): Results {
  return JSON.parse(readFileSync(join(out, name, 'results.json'), 'utf8')) as Results;
}

describe.concurrent('xapi-harness diff', () => {
  it('finds no divergence between the emulator and itself (default runs, sessions and errors suites)', async () => {
    const r = await diff('clean', ['--a', 'emulator', '--b', 'emulator', '--suite', 'sessions,errors']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout + r.stderr).not.toContain('divergence');
    const props = results('clean').properties;
    expect(props.length).toBeGreaterThanOrEqual(2);
    expect(props.every((p) => p.status === 'passed')).toBe(true);
  }, 300_000);

  // One fault per kind of answer: an outcome (logout-noop), an error code (wrong-error-code), a list of
  // events (missing-mod-event), a task that never ends on side B while it ends on A (task-stuck-pending: the
  // model allows a pending read, but not past the settle window), a clock only (task-finished-before-created:
  // equal after normalisation, but side B's answer breaks the model's contract), a call to a pool member
  // (member-accepts-login: mirrored to side B's host of the same address); each over its own area only.
  // lost-write leaves state behind on side B only (a VM whose tag was lost, which no cleanup finds): each case
  // starts from fresh emulators, so its shrunk counterexample shows the lost write itself, and its printed
  // replay, run alone, gives the same divergence.
  for (const fault of [
    'logout-noop',
    'wrong-error-code',
    'missing-mod-event',
    'task-stuck-pending',
    'task-finished-before-created',
    'member-accepts-login',
    'lost-write',
  ] as const) {
    it(`finds the divergence of --b emulator:--fault=${fault}`, async () => {
      const area = FAULTS[fault].area;
      const r = await diff(fault, ['--a', 'emulator', '--b', `emulator:--fault=${fault}`, '--suite', area]);
      const text = r.stdout + r.stderr;
      expect(r.code, text).toBe(1);
      expect(text).toContain('divergence:');
      expect(text).toContain('side A');
      expect(text).toContain('side B');
      const failed = results(fault).properties.filter((p) => p.status === 'failed');
      expect(failed.length).toBeGreaterThan(0);
      expect(failed[0]?.kind).toBe('contract-violation');
      expect(failed[0]?.message).toContain('divergence');
      expect(failed[0]?.steps?.length).toBeGreaterThan(0);
      if (fault !== 'logout-noop' && fault !== 'lost-write') return;
      // The printed replay command is a diff command naming both sides, and it reproduces the divergence.
      const replay = /replay: npx xapi-harness (diff .*)$/m.exec(text)?.[1];
      expect(replay, text).toBeDefined();
      expect(replay).toContain(`--a emulator --b emulator:--fault=${fault}`);
      const words = (replay ?? '').split(' ');
      const again = await runCli([...words, '--out', join(out, `${fault}-replay`)], { timeoutMs: 290_000 });
      expect(again.code, again.stdout + again.stderr).toBe(1);
      expect(again.stdout + again.stderr).toContain(/divergence: (.*)/.exec(text)?.[1] ?? 'divergence:');
      // The same counterexample: the same length, setup and commands.
      expect(again.stdout + again.stderr).toContain(/^length: .*$/m.exec(text)?.[0] ?? 'length:');
    }, 600_000);
  }

  it('reports what release 24.19 lacks, and passes on the sessions suite that never reads it', async () => {
    const sessions = await diff('r24-sessions', [
      '--a',
      'emulator',
      '--b',
      'emulator:--release=24.19',
      '--suite',
      'sessions',
    ]);
    expect(sessions.code, sessions.stdout + sessions.stderr).toBe(0);
    const errors = await diff('r24-errors', [
      '--a',
      'emulator',
      '--b',
      'emulator:--release=24.19',
      '--suite',
      'errors',
    ]);
    const text = errors.stdout + errors.stderr;
    expect(errors.code, text).toBe(1);
    // The divergence is a VM record field that side A has and side B has not: one the datamodel says arrived
    // after 24.19 (a field of the release, not a random difference).
    const field = /divergence: VM\.get_all_records value\.OpaqueRef:[^.\s]+\.(\w+)/.exec(text)?.[1];
    expect(field, text).toBeDefined();
    const r24 = findRelease('24.19');
    const latest = findRelease('latest');
    expect(r24 && latest).toBeTruthy();
    if (r24 === undefined || latest === undefined) return;
    expect(servedIn(r24, 'field', `VM.${field ?? ''}`)).toBe(false);
    expect(servedIn(latest, 'field', `VM.${field ?? ''}`)).toBe(true);
    expect(text).toContain('(absent)');
  }, 600_000);

  // Past the fields (listed as volatile), the events suite still shows the release: event.from's
  // valid_ref_counts names every class the host serves, and 24.19 does not serve the classes that came after it
  // (Host_driver, …). The behaviour rules that changed (last_active refreshed on every check before 24.29.0;
  // OTHER_OPERATION_IN_PROGRESS's parameters before 25.27.0) are not shown: last_active is a clock, never
  // compared, and the suites met no two operations on one VM at once (docs/differential.md).
  it('reports the classes release 24.19 does not serve, past its fields', async () => {
    const r24 = findRelease('24.19');
    const latest = findRelease('latest');
    if (r24 === undefined || latest === undefined) throw new Error('no release 24.19 or latest');
    // Every field of a class 24.19 serves that arrived after it, listed as volatile.
    const fields = new Set(
      [...SCHEMA.classes.values()]
        .filter((c) => servedIn(r24, 'class', c.name))
        .flatMap((c) => c.fields.map((f) => f.name).filter((f) => !servedIn(r24, 'field', `${c.name}.${f}`))),
    );
    expect(fields.size).toBeGreaterThan(0);
    const r = await diff('r24-events', [
      '--a',
      'emulator',
      '--b',
      'emulator:--release=24.19',
      '--suite',
      'events',
      '--volatile',
      [...fields].join(','),
    ]);
    const text = r.stdout + r.stderr;
    expect(r.code, text).toBe(1);
    const cls = /divergence: event\.from value\.valid_ref_counts\.(\w+)/.exec(text)?.[1];
    expect(cls, text).toBeDefined();
    // valid_ref_counts names classes in lower case (SEMANTICS.md §6): find the class of that name.
    const name = [...SCHEMA.classes.keys()].find((c) => c.toLowerCase() === cls);
    expect(name, cls).toBeDefined();
    expect(servedIn(r24, 'class', name ?? '')).toBe(false);
    expect(servedIn(latest, 'class', name ?? '')).toBe(true);
  }, 600_000);
});
