// The emulator CLI as a child process (`bin/xapi-harness.mjs emulator`), for tests that must kill it
// for real (SIGKILL) and restart it on the same database.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface EmulatorProcess {
  readonly child: ChildProcess;
  readonly url: string;
  /** The CLI reported "(restored)": it opened an existing database. */
  readonly restored: boolean;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code or signal once the process is gone. */
  readonly exited: Promise<string>;
  kill(signal?: NodeJS.Signals): Promise<string>;
}

export async function startEmulatorProcess(
  args: readonly string[],
  timeoutMs = 20_000,
): Promise<EmulatorProcess> {
  const child = spawn(process.execPath, ['bin/xapi-harness.mjs', 'emulator', '--port', '0', ...args], {
    cwd: ROOT,
    // The caller's options for the harness never reach the child: the arguments say all.
    env: { ...process.env, XAPI_HARNESS_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => resolve(signal ?? String(code)));
  });
  const ready = new Promise<{ url: string; restored: boolean }>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`emulator not ready within ${timeoutMs} ms:\n${out}`)),
      timeoutMs,
    );
    const onData = (d: Buffer): void => {
      out += d.toString('utf8');
      const url = /XML-RPC\s+(http:\/\/\S+?)\/?\s*$/m.exec(out)?.[1];
      const db = /database\s+.*$/m.exec(out)?.[0];
      if (url !== undefined && db !== undefined) {
        clearTimeout(timer);
        resolve({ url, restored: db.includes('(restored)') });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (d: Buffer) => {
      out += d.toString('utf8');
    });
    void exited.then((how) => {
      clearTimeout(timer);
      reject(new Error(`emulator exited (${how}) before it was ready:\n${out}`));
    });
  });
  const { url, restored } = await ready;
  return {
    child,
    url,
    restored,
    output: () => out,
    exited,
    kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<string> {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/**
 * A starter for one test file: each process it starts is killed (SIGKILL) after the file's tests if it is
 * still running, whatever the test that started it left behind.
 */
export function emulatorProcessesOfFile(): (
  args: readonly string[],
  timeoutMs?: number,
) => Promise<EmulatorProcess> {
  const running: EmulatorProcess[] = [];
  afterAll(async () => {
    await Promise.all(running.map((p) => p.kill('SIGKILL')));
  });
  return async (args, timeoutMs) => {
    const p = await startEmulatorProcess(args, timeoutMs);
    running.push(p);
    return p;
  };
}
