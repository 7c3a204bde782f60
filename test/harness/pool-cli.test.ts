// Issue 14 "Done when": `xapi-harness emulator --hosts 3` started on its own, then `xapi-harness conformance
// --target URL --user root --password-env VAR --suite pool --allow-disruptive` exits 0; under each pool fault
// (--fault migrate-local-disks | member-accepts-login | evacuate-leaves-vm) it exits 1. Real child processes
// (the two commands as a user types them), loopback only, each bounded by a timeout.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startEmulatorProcess, type EmulatorProcess } from '../robustness/emulator-process.ts';
import { runCliOn, type CliRun } from '../support/run-cli.ts';
import { scratchDir } from '../support/scratch-dir.ts';

const out = scratchDir('pool-cli');

/** Starts `xapi-harness emulator --hosts 3` and waits for its ready banner (with the pool's layout). */
function startPool(name: string, extra: readonly string[]): Promise<EmulatorProcess> {
  return startEmulatorProcess(
    ['--hosts', '3', '--db', join(out, `${name}.db`), '--auth-failure-delay', '0', ...extra],
    30_000,
  );
}

function conformance(url: string, dir: string): Promise<CliRun> {
  return runCliOn(
    'conformance',
    { url, password: 'xapi-harness' },
    ['--suite', 'pool', '--allow-disruptive', '--seed', '7', '--out', dir],
    { timeoutMs: 150_000 },
  );
}

describe('xapi-harness emulator --hosts 3, then conformance --suite pool against it', () => {
  it('prints the pool layout and exits 0 on the conformant pool', async () => {
    const pool = await startPool('clean', []);
    try {
      // The layout ends the ready banner, which may arrive after the lines the start waits for.
      await expect.poll(() => pool.output()).toMatch(/pool of 3 hosts/);
      expect(pool.output()).toMatch(/coordinator\s+xenserver-emu\s+http:\/\/127\.0\.0\.1:\d+/);
      const r = await conformance(pool.url, join(out, 'clean'));
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain('pool/');
    } finally {
      await pool.kill('SIGTERM');
    }
  }, 200_000);

  for (const fault of ['migrate-local-disks', 'member-accepts-login', 'evacuate-leaves-vm']) {
    it(`exits 1 under --fault ${fault}`, async () => {
      const pool = await startPool(fault, ['--fault', fault]);
      try {
        const r = await conformance(pool.url, join(out, fault));
        expect(r.code, r.stderr).toBe(1);
        expect(r.stderr).toContain('CONTRACT VIOLATION');
      } finally {
        await pool.kill('SIGTERM');
      }
    }, 200_000);
  }
});
