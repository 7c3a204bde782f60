// `xapi-harness emulator` argument handling, through the real command in a child process (the
// serving path is covered by persistence.test.ts, which also runs the CLI as a child process).
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

function cli(args: readonly string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/xapi-harness.mjs', 'emulator', ...args],
      { cwd: ROOT, timeout: 30_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, out: stdout, err: stderr });
      },
    );
  });
}

describe('emulator command', () => {
  it('--help prints the options and exits 0', { timeout: 60_000 }, async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    for (const flag of [
      '--port',
      '--https-port',
      '--cert',
      '--db',
      '--session-policy',
      '--password',
      '--fault',
      '--timing',
    ]) {
      expect(r.out).toContain(flag);
    }
  });

  it(
    'rejects bad values and unknown faults with exit code 2 and a message',
    { timeout: 60_000 },
    async () => {
      const cases = [
        ['--port', 'abc'],
        ['--session-policy', 'lru'],
        ['--timing', 'slow'],
        ['--cert', 'only-cert.pem'],
        ['--no-such-flag'],
        ['--read-only-user', 'nocolon'],
        ['--port', '0', '--db', ':memory:', '--fault', 'no-such-fault'],
      ];
      const results = await Promise.all(cases.map((c) => cli(c)));
      results.forEach((r, i) => {
        expect(r.code, cases[i]!.join(' ')).toBe(2);
        expect(r.err).toMatch(/xapi-harness emulator: /);
      });
      expect(results[6]!.err).toMatch(/unknown fault 'no-such-fault'/);
    },
  );
});
