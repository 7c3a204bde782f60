// `xapi-harness emulator` argument handling, through the real command in a child process (the
// serving path is covered by persistence.test.ts, which also runs the CLI as a child process).
import { execFile, spawn } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startEmulatorProcess } from '../robustness/emulator-process.ts';

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
      '--max-connections',
      '--release',
      '--guests',
      '--sr-size',
      '--flaky-start',
      '--seed',
      '--present-as',
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
        ['--max-connections', '0'],
        ['--max-connections', 'many'],
        ['--port', '0', '--db', ':memory:', '--fault', 'no-such-fault'],
      ];
      const results = await Promise.all(cases.map((c) => cli(c)));
      results.forEach((r, i) => {
        expect(r.code, cases[i]!.join(' ')).toBe(2);
        expect(r.err).toMatch(/xapi-harness emulator: /);
      });
      expect(results[8]!.err).toMatch(/unknown fault 'no-such-fault'/);
      expect(results[6]!.err).toMatch(/--max-connections expects a positive integer/);
    },
  );

  it(
    'rejects bad values of the real-host flags with exit code 2 and a message',
    { timeout: 120_000 },
    async () => {
      const cases: [string[], RegExp][] = [
        [['--release', 'stockholm-ish'], /unknown release 'stockholm-ish'/],
        [['--sr-size', 'big', '--guests', 'drivers'], /not a size: 'big'/],
        [['--flaky-start', '1.5'], /--flaky-start expects a rate within 0..1/],
        [['--present-as', 'vmware'], /--present-as expects one of emulator, real-host/],
      ];
      for (const [args, message] of cases) {
        const r = await cli(args);
        expect(r.code, args.join(' ')).toBe(2);
        expect(r.err).toMatch(message);
      }
    },
  );

  it('--max-connections caps concurrent connections per listener', { timeout: 60_000 }, async () => {
    const child = spawn(
      process.execPath,
      ['bin/xapi-harness.mjs', 'emulator', '--port', '0', '--db', ':memory:', '--max-connections', '2'],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const sockets: Socket[] = [];
    try {
      const url = await new Promise<URL>((resolve, reject) => {
        let out = '';
        const timer = setTimeout(() => reject(new Error(`no URL in ${out}`)), 30_000);
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          const m = /XML-RPC\s+(http:\/\/\S+?)\//.exec(out);
          if (m !== null) {
            clearTimeout(timer);
            resolve(new URL(m[1]!));
          }
        });
      });
      // Two connections are held open; the third is accepted by the kernel and then dropped by node.
      const open = (): Promise<Socket> =>
        new Promise((resolve, reject) => {
          const s = connect(Number(url.port), url.hostname, () => resolve(s));
          s.once('error', reject);
          sockets.push(s);
        });
      await open();
      await open();
      await new Promise((r) => setTimeout(r, 200));
      const third = await open();
      const closed = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), 5_000);
        third.once('close', () => {
          clearTimeout(timer);
          resolve(true);
        });
        third.on('error', () => undefined);
      });
      expect(closed).toBe(true);
      expect(sockets[0]!.destroyed).toBe(false);
    } finally {
      for (const s of sockets) s.destroy();
      child.kill('SIGTERM');
    }
  });

  it(
    '--release 24.19 --present-as real-host --sr-size 20GiB: the host states that release and no emulator',
    { timeout: 60_000 },
    async () => {
      const emu = await startEmulatorProcess(
        [
          '--db',
          ':memory:',
          '--auth-failure-delay',
          '0',
          '--release',
          '24.19',
          '--present-as',
          'real-host',
          '--sr-size',
          '20GiB',
          '--guests',
          'no-drivers',
          '--flaky-start',
          '0.25',
          '--seed',
          '3',
        ],
        30_000,
      );
      try {
        const url = emu.url;
        const { httpTransport, XapiClient } = await import('../../src/client/index.ts');
        const s = await new XapiClient({ transport: httpTransport(url) }).login('root', 'xapi-harness');
        const host = ((await s.call('host.get_all')) as string[])[0]!;
        const sv = (await s.call('host.get_software_version', [host])) as Record<string, string>;
        expect(sv['xapi']).toBe('24.19');
        expect(sv['build_number']).not.toBe('xapi-harness');
        expect(await s.call('host.get_name_label', [host])).not.toMatch(/emu/);
        const pool = ((await s.call('pool.get_all')) as string[])[0]!;
        const sr = (await s.call('pool.get_default_SR', [pool])) as string;
        expect(await s.call('SR.get_physical_size', [sr])).toBe(20 * 1024 ** 3);
        expect((await s.attempt('Host_driver.get_all', [])).ok).toBe(false);
      } finally {
        await emu.kill('SIGTERM');
      }
    },
  );
});
