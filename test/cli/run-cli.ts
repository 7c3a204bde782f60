// The real `xapi-harness` binary as a child process, for CLI tests: bounded in time, loopback only,
// in a working directory of the test's choosing (so that out/ and suites/regressions/ land there).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = join(ROOT, 'bin/xapi-harness.mjs');

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCli(
  args: readonly string[],
  opts: { readonly cwd?: string; readonly env?: Record<string, string>; readonly timeoutMs?: number } = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: opts.cwd ?? ROOT,
      // No inherited target: the tests say where to point.
      env: { ...process.env, XAPI_URL: '', XAPI_USER: '', XAPI_PASSWORD: '', NO_COLOR: '1', ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 180_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The printed `npx xapi-harness …` command as argv for the local binary (npx would look it up). */
export function pastedArgs(command: string): string[] {
  const m = /^npx xapi-harness (.*)$/.exec(command.trim());
  if (m === null) throw new Error(`not a printed xapi-harness command: ${command}`);
  // The printed words are shell-safe or single-quoted (src/harness/replay-args.ts).
  const words = m[1]?.match(/'(?:[^']|'\\'')*'|\S+/g) ?? [];
  return words.map((w) => (w.startsWith("'") ? w.slice(1, -1).replace(/'\\''/g, "'") : w));
}
