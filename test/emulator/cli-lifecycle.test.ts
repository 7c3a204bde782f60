// The long-running commands' life cycle through the real binary (issue 12 §8, §9): one database file, one
// emulator; a SIGTERM to the `npx xapi-harness emulator` (or `proxy`) process stops the server, although
// npx runs the bin through a shell that does not pass the signal on.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpTransport, XapiClient } from '../../src/client/index.ts';

const ROOT = join(import.meta.dirname, '..', '..');

interface Started {
  readonly child: ChildProcess;
  readonly exited: Promise<number | string>;
  output(): string;
  /** Resolves with the first http URL the process prints (or rejects when it exits first). */
  readonly url: Promise<URL>;
}

function start(command: string, args: readonly string[], env: Record<string, string> = {}): Started {
  const child = spawn(command, args, {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let out = '';
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? code ?? -1)),
  );
  const url = new Promise<URL>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL within 30 s:\n${out}`)), 30_000);
    const onData = (d: Buffer): void => {
      out += d.toString();
      const m = /(?:XML-RPC|listening)\s+(http:\/\/\S+?)\/?\s*$/m.exec(out);
      if (m?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(new URL(m[1]));
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((how) => {
      clearTimeout(timer);
      reject(new Error(`exited (${String(how)}) before printing a URL:\n${out}`));
    });
  });
  url.catch(() => undefined);
  return { child, exited, url, output: () => out };
}

/** `xapi-harness emulator --port 0 ...args` from the repository's bin, `env` added to the environment. */
function startEmulator(args: readonly string[], env: Record<string, string> = {}): Started {
  return start(process.execPath, ['bin/xapi-harness.mjs', 'emulator', '--port', '0', ...args], env);
}

/** True when something accepts TCP connections on the URL's port. */
function accepts(url: URL): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(Number(url.port), url.hostname);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** Polls (bounded) until the port refuses connections; false when it still accepts after `ms`. */
async function closedWithin(url: URL, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (!(await accepts(url))) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

describe('emulator and proxy life cycle (real binary)', () => {
  let dir: string;
  const started: Started[] = [];
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'xh-cli-life-'));
  });
  afterAll(async () => {
    for (const s of started)
      if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  });

  it('a second emulator on the same database exits 2 with a clear message', { timeout: 90_000 }, async () => {
    const db = join(dir, 'one.db');
    const first = startEmulator(['--db', db]);
    started.push(first);
    const url = await first.url;
    const second = startEmulator(['--db', db]);
    started.push(second);
    const how = await Promise.race([
      second.exited,
      second.url.then(
        () => 'serving',
        () => 'exited',
      ),
    ]);
    expect(how, second.output()).toBe(2);
    expect(second.output()).toMatch(
      /xapi-harness emulator: cannot start: database .*one\.db is in use by another emulator/,
    );
    expect(second.output()).not.toMatch(/ready/);
    expect(await accepts(url)).toBe(true);
    // Once the first is gone (even by kill -9) the database opens again: the OS dropped the lock.
    first.child.kill('SIGKILL');
    await first.exited;
    const third = startEmulator(['--db', db]);
    started.push(third);
    await third.url;
    expect(third.output()).toMatch(/\(restored\)/);
    third.child.kill('SIGTERM');
    expect(await third.exited, third.output()).toBe(0);
  });

  it.each([
    ['emulator', ['--port', '0', '--db', ':memory:']],
    ['proxy', ['--port', '0', '--target', 'http://127.0.0.1:1']],
  ])('SIGTERM to `npx xapi-harness %s` stops the server', { timeout: 90_000 }, async (cmd, args) => {
    const npx = start('npx', ['--yes', 'xapi-harness', cmd, ...args]);
    started.push(npx);
    const url = await npx.url;
    expect(await accepts(url)).toBe(true);
    npx.child.kill('SIGTERM');
    await npx.exited;
    expect(await closedWithin(url, 15_000), npx.output()).toBe(true);
  });

  it(
    '--password-env: the root password from the environment, never on the command line',
    { timeout: 60_000 },
    async () => {
      const emu = startEmulator(['--db', ':memory:', '--password-env', 'EMU_PW'], {
        EMU_PW: 'from-env-s3cret',
      });
      started.push(emu);
      const url = await emu.url;
      const client = new XapiClient({ transport: httpTransport(url.href.replace(/\/$/, '')) });
      try {
        expect((await client.attempt('session.login_with_password', ['root', 'from-env-s3cret'])).ok).toBe(
          true,
        );
      } finally {
        await client.close();
      }
      expect(emu.output()).not.toContain('from-env-s3cret');
      emu.child.kill('SIGTERM');
      expect(await emu.exited).toBe(0);
      const unset = startEmulator(['--db', ':memory:', '--password-env', 'XH_NO_SUCH_VAR']);
      started.push(unset);
      expect(await unset.exited).toBe(2);
      expect(unset.output()).toMatch(/--password-env XH_NO_SUCH_VAR: that environment variable is not set/);
    },
  );
});
