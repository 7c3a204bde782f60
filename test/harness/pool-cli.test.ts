// Issue 14 "Done when": `xapi-harness emulator --hosts 3` started on its own, then `xapi-harness conformance
// --target URL --user root --password-env VAR --suite pool --allow-disruptive` exits 0; under each pool fault
// (--fault migrate-local-disks | member-accepts-login | evacuate-leaves-vm) it exits 1. Real child processes
// (the two commands as a user types them), loopback only, each bounded by a timeout.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, type CliRun } from '../support/run-cli.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin/xapi-harness.mjs');
const out = mkdtempSync(join(tmpdir(), 'xapi-harness-pool-cli-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

interface Started {
  readonly child: ChildProcess;
  readonly url: string;
  readonly text: string;
}

/** Starts `xapi-harness emulator --hosts 3` and waits for its ready banner (with the pool's layout). */
function startPool(name: string, extra: readonly string[]): Promise<Started> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        BIN,
        'emulator',
        '--hosts',
        '3',
        '--port',
        '0',
        '--db',
        join(out, `${name}.db`),
        '--auth-failure-delay',
        '0',
        ...extra,
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, XAPI_HARNESS_OPTIONS: '' } },
    );
    let text = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`emulator did not start: ${text}`));
    }, 30_000);
    const onData = (b: Buffer): void => {
      text += b.toString();
      const m = /XML-RPC\s+(http:\/\/\S+?)\//.exec(text);
      if (m?.[1] !== undefined && text.includes('xenserver-emu-3')) {
        clearTimeout(timer);
        resolve({ child, url: m[1], text });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
  });
}

function stop(s: Started): Promise<void> {
  return new Promise((resolve) => {
    if (s.child.exitCode !== null) return resolve();
    s.child.once('close', () => resolve());
    s.child.kill('SIGTERM');
    setTimeout(() => s.child.kill('SIGKILL'), 5_000).unref();
  });
}

function conformance(url: string, dir: string): Promise<CliRun> {
  return runCli(
    ['conformance', '--target', url, '--user', 'root', '--password-env', 'POOL_PW', '--suite', 'pool'].concat(
      ['--allow-disruptive', '--seed', '7', '--out', dir],
    ),
    { env: { POOL_PW: 'xapi-harness' }, timeoutMs: 150_000 },
  );
}

describe('xapi-harness emulator --hosts 3, then conformance --suite pool against it', () => {
  it('prints the pool layout and exits 0 on the conformant pool', async () => {
    const pool = await startPool('clean', []);
    try {
      expect(pool.text).toMatch(/pool of 3 hosts/);
      expect(pool.text).toMatch(/coordinator\s+xenserver-emu\s+http:\/\/127\.0\.0\.1:\d+/);
      const r = await conformance(pool.url, join(out, 'clean'));
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain('pool/');
    } finally {
      await stop(pool);
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
        await stop(pool);
      }
    }, 200_000);
  }
});
