// The CLI as a new user meets it (issue 12, features and friction), through the real binary: --version,
// conformance --list, --fail-fast, named targets from xapi-harness.config.json, and the mistakes that must
// stop a run at once with one clear line (exit 2) instead of running, crashing, or printing the help.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AREAS } from '../../suites/areas.ts';
import { startEmulatorProcess, type EmulatorProcess } from '../robustness/emulator-process.ts';
import { ROOT, runCli } from './run-cli.ts';
import { runCliOn } from '../support/run-cli.ts';

const work = mkdtempSync(join(tmpdir(), 'xapi-harness-cli-'));
const PW = 'features-pw';
let emu: EmulatorProcess;
let httpsUrl: string;

beforeAll(async () => {
  emu = await startEmulatorProcess([
    '--db',
    ':memory:',
    '--auth-failure-delay',
    '0',
    '--password',
    PW,
    '--https-port',
    '0',
  ]);
  httpsUrl = /HTTPS\s+(https:\/\/\S+?)\/?\s/.exec(emu.output())?.[1] ?? '';
}, 60_000);
afterAll(async () => {
  await emu?.kill();
  rmSync(work, { recursive: true, force: true });
});

function oneLine(text: string): void {
  // The error and a pointer to --help, not the usage text.
  expect(text).not.toContain('usage:');
  expect(text.trim().split('\n').length).toBeLessThanOrEqual(3);
}

describe('CLI features', { timeout: 240_000 }, () => {
  it('--version prints the package version', async () => {
    const r = await runCli(['--version']);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(`xapi-harness ${pkg.version}`);
  });

  it('conformance --list shows every area and property id, and what each needs', async () => {
    const r = await runCli(['conformance', '--list']);
    expect(r.code).toBe(0);
    for (const a of AREAS) {
      expect(r.stdout).toContain(`${a.id} — `);
      for (const p of a.properties) {
        const line = r.stdout.split('\n').find((l) => l.trim().startsWith(p.id)) ?? '';
        expect(line, p.id).not.toBe('');
        expect(line.includes('emulator only')).toBe(p.emulatorOnly === true);
        expect(line.includes('--allow-disruptive')).toBe(p.disruptive === true);
      }
    }
  });

  it('--fail-fast stops at the first violation and lists what it did not run as skipped, with why', async () => {
    const r = await runCli(
      [
        'conformance',
        '--fault',
        'suspend-wrong-state',
        '--seed',
        '1',
        '--fail-fast',
        '--out',
        join(work, 'ff'),
      ],
      { cwd: work },
    );
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/not run: --fail-fast stopped the run at \S+/);
    const results = JSON.parse(readFileSync(join(work, 'ff', 'results.json'), 'utf8')) as {
      properties: { status: string; message?: string }[];
    };
    const total = AREAS.reduce((n, a) => n + a.properties.length, 0);
    expect(results.properties).toHaveLength(total);
    expect(
      results.properties.filter((p) => p.message?.startsWith('not run: --fail-fast')).length,
    ).toBeGreaterThan(0);
  });

  it('a named target from xapi-harness.config.json: URL, user, password variable, profile', async () => {
    const cwd = mkdtempSync(join(work, 'config-'));
    writeFileSync(
      join(cwd, 'xapi-harness.config.json'),
      JSON.stringify({
        targets: { lab: { url: emu.url, user: 'root', passwordEnv: 'LAB_PW', profile: 'sdk-guide' } },
      }),
    );
    const r = await runCli(['conformance', '--target', 'lab', '--suite', 'sessions', '--runs', '2'], {
      cwd,
      env: { LAB_PW: PW },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`conformance: ${emu.url}`);
    expect(r.stderr).toContain('profile sdk-guide');
    const unknown = await runCli(['conformance', '--target', 'nosuch'], { cwd });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(
      '--target nosuch: not a URL (https://host…) nor a target named in xapi-harness.config.json (targets: lab)',
    );
    oneLine(unknown.stderr);
    writeFileSync(
      join(cwd, 'bad.json'),
      JSON.stringify({ targets: { lab: { url: emu.url, password: 'x' } } }),
    );
    const bad = await runCli(['conformance', '--config', 'bad.json', '--target', 'lab'], { cwd });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('bad.json: targets.lab: no passwords in the file; use passwordEnv');
  });
});

describe('mistakes stop the run at once, in one line (exit 2)', { timeout: 240_000 }, () => {
  it('unknown flags, in every command', async () => {
    for (const argv of [
      ['start', '--bogus'],
      ['conformance', '--bogus'],
      ['report', '--bogus'],
      ['sweep', '--bogus'],
    ]) {
      const r = await runCli(argv, { cwd: work, timeoutMs: 60_000 });
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr, argv.join(' ')).toMatch(/--bogus/);
      oneLine(r.stderr);
    }
  });

  it('--fault nosuch names the faults', async () => {
    const r = await runCli(['conformance', '--fault', 'nosuch']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown fault nosuch; faults: .*suspend-wrong-state/);
  });

  it('a missing or invalid expectations file, or ids matching no property, fail before any property runs', async () => {
    const cwd = mkdtempSync(join(work, 'exp-'));
    const run = (file: string) =>
      runCli(['conformance', '--suite', 'sessions', '--runs', '2', '--expectations', file], {
        cwd,
        timeoutMs: 60_000,
      });
    const missing = await run('missing.json');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('expectations file missing.json not found');
    writeFileSync(join(cwd, 'broken.json'), '{"deviations": [');
    const broken = await run('broken.json');
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('broken.json: not JSON');
    writeFileSync(
      join(cwd, 'typo.json'),
      JSON.stringify({ target: 'x', deviations: [{ id: 'sessions/typo', reason: 'r' }] }),
    );
    const typo = await run('typo.json');
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('typo.json: sessions/typo matches no property');
    for (const r of [missing, broken, typo]) expect(r.stderr).not.toMatch(/\[\d+\/\d+\]/);
  });

  it('a certificate the client cannot verify: the message suggests --insecure', async () => {
    expect(httpsUrl).toMatch(/^https:/);
    const r = await runCliOn('conformance', { url: httpsUrl, password: PW }, [], { timeoutMs: 60_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--insecure');
  });
});
