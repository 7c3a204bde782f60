// The acceptance command of issue 11: `xapi-harness emulator --release 24.19 …` in one process, then
// `xapi-harness conformance --target http://127.0.0.1:PORT --user root --password-env VAR --allow-disruptive`
// in another, exits 0: every suite, over HTTP, against an older release whose guests have no PV drivers.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'xapi-harness-accept-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('xapi-harness emulator --release 24.19, then conformance against it', () => {
  it('exits 0', { timeout: 240_000 }, async () => {
    const emulator = spawn(
      process.execPath,
      [
        'bin/xapi-harness.mjs',
        'emulator',
        '--port',
        '0',
        '--db',
        ':memory:',
        '--release',
        '24.19',
        '--guests',
        'no-drivers',
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let text = '';
        const timer = setTimeout(() => reject(new Error(`no URL in ${text}`)), 30_000);
        emulator.stdout.on('data', (c: Buffer) => {
          text += c.toString();
          const m = /XML-RPC\s+(http:\/\/\S+?)\//.exec(text);
          if (m?.[1] !== undefined) {
            clearTimeout(timer);
            resolve(m[1]);
          }
        });
        emulator.on('error', reject);
      });
      const dir = join(out, 'run');
      const run = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
        const child = spawn(
          process.execPath,
          [
            'bin/xapi-harness.mjs',
            'conformance',
            '--target',
            url,
            '--user',
            'root',
            '--password-env',
            'EMU_PW',
            '--allow-disruptive',
            '--out',
            dir,
          ],
          {
            cwd: ROOT,
            env: { ...process.env, EMU_PW: 'xapi-harness', XAPI_HARNESS_OPTIONS: '' },
            stdio: ['ignore', 'ignore', 'pipe'],
          },
        );
        let stderr = '';
        child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
        const timer = setTimeout(() => child.kill('SIGKILL'), 220_000);
        child.on('error', reject);
        child.on('close', (code) => {
          clearTimeout(timer);
          resolve({ code, stderr });
        });
      });
      // The run names the release it held the target to.
      expect(run.stderr).toMatch(/xapi 24\.19(\.\d+)? \(datamodel release 24\.19\.\d\)/);
      const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as {
        properties: { id: string; status: string; message?: string }[];
      };
      const notPassed = results.properties.filter((p) => p.status !== 'passed' && p.status !== 'skipped');
      expect(notPassed.map((p) => `${p.id}: ${p.status} ${p.message ?? ''}`)).toEqual([]);
      expect(run.code, run.stderr.slice(-3000)).toBe(0);
    } finally {
      emulator.kill('SIGTERM');
    }
  });
});
