// The `xapi-harness` binary as a child process, for the tests that check a command end to end (exit
// code, output, files). One helper instead of a spawn block per test file.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = join(ROOT, 'bin/xapi-harness.mjs');

export interface CliRun {
  /** null when the process was killed (timeout). */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  /** Working directory (so that out/ and suites/regressions/ land there). Default the repository root. */
  readonly cwd?: string;
  /** Added to the environment, which never carries the caller's XAPI_HARNESS_OPTIONS, XAPI_URL,
   * XAPI_USER or XAPI_PASSWORD: the tests say where to point. */
  readonly env?: Readonly<Record<string, string>>;
  /** Killed (SIGKILL) after this long. Default 120 s. */
  readonly timeoutMs?: number;
}

/** Runs `node bin/xapi-harness.mjs ...args` (from the repository root unless `cwd` says otherwise) and collects its output. */
export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliRun> {
  return runNode([BIN, ...args], options);
}

/** Where a command points: the target's URL and credentials (an emulator, in-process or a child). */
export interface CliTarget {
  readonly url: string;
  /** Default `root`. */
  readonly user?: string;
  readonly password: string;
}

/** The variable that carries the password to the child: never on its command line, as a user would run it. */
const PASSWORD_VAR = 'XAPI_TEST_PASSWORD';

/**
 * Runs `xapi-harness <command> --target URL --user USER --password-env VAR ...args` with the password in
 * the child's environment only (issue 8 §5: a password never reaches a command line or a log).
 */
export function runCliOn(
  command: string,
  target: CliTarget,
  args: readonly string[],
  options: CliOptions = {},
): Promise<CliRun> {
  return runCli(
    [
      command,
      '--target',
      target.url,
      '--user',
      target.user ?? 'root',
      '--password-env',
      PASSWORD_VAR,
      ...args,
    ],
    { ...options, env: { ...options.env, [PASSWORD_VAR]: target.password } },
  );
}

/** Runs `node ...args` from the repository root (vitest's own binary, a script) the same way. */
export function runNode(args: readonly string[], options: CliOptions = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: options.cwd ?? ROOT,
      env: {
        ...process.env,
        XAPI_HARNESS_OPTIONS: '',
        XAPI_URL: '',
        XAPI_USER: '',
        XAPI_PASSWORD: '',
        NO_COLOR: '1',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
