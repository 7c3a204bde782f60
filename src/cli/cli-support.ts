// Pieces every long-running subcommand shares: flag errors answered in one line and a pointer to --help (exit 2, the
// setup-problem code of src/results/exit-code.ts), and waiting for SIGINT/SIGTERM before a graceful close.

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The line after a flag error: where the options are, instead of the whole help (issue 12, friction). */
export function helpHint(name: string): string {
  return `(xapi-harness ${name} --help lists the options)\n`;
}

/**
 * Parses argv with `parse`; prints the usage on `--help` or, after the error, on bad flags.
 * Returns the parsed value, or the exit code to return (0 for help, 2 for bad flags).
 */
export function parseOrExit<T>(
  name: string,
  usage: string,
  parse: (argv: string[]) => T | 'help',
  argv: string[],
): T | number {
  let parsed: T | 'help';
  try {
    parsed = parse(argv);
  } catch (err) {
    process.stderr.write(`xapi-harness ${name}: ${errorText(err)}\n${helpHint(name)}`);
    return 2;
  }
  if (parsed === 'help') {
    process.stdout.write(usage);
    return 0;
  }
  return parsed;
}

/**
 * Starts what a subcommand runs (an emulator, a proxy, a report): its result or, when starting throws, exit 2
 * (a setup problem) after the error in one line, `xapi-harness <what>: <message>`.
 */
export async function startOrExit<T extends object>(
  what: string,
  start: () => Promise<T>,
): Promise<T | number> {
  try {
    return await start();
  } catch (err) {
    process.stderr.write(`xapi-harness ${what}: ${errorText(err)}\n`);
    return 2;
  }
}

/** How often a server started by a package manager checks that its launcher is still there. */
const PARENT_POLL_MS = 500;

/** The launcher, as early as this process can see it (a server takes seconds to get ready). */
const LAUNCHER_PID = process.ppid;

/**
 * True when a package manager started this process (`npx xapi-harness …`, `npm start`, `npm run …`; yarn
 * and pnpm set the same variables). They run the bin through `sh -c`, and a SIGINT/SIGTERM sent to the npx
 * pid reaches that shell, which dies without passing it on: the server would keep serving the port with
 * no one left to stop it (issue 12 §9).
 */
function startedByPackageManager(env: NodeJS.ProcessEnv): boolean {
  return env['npm_command'] !== undefined || env['npm_lifecycle_event'] !== undefined;
}

/**
 * Resolves at the first SIGINT or SIGTERM and stops listening for them; with the signal's name. Call it
 * before saying "ready", so a signal sent as soon as the server is ready is never missed. When a
 * package manager launched the process, also when the launcher is gone (the process was re-parented):
 * then the signal meant for it never arrives here, and stopping is what the user asked for.
 */
export function untilSignal(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return new Promise<string>((resolve) => {
    const parent = LAUNCHER_PID;
    const watch = startedByPackageManager(env)
      ? setInterval(() => {
          if (process.ppid !== parent) stop('launcher gone');
        }, PARENT_POLL_MS).unref()
      : undefined;
    const onInt = (): void => stop('SIGINT');
    const onTerm = (): void => stop('SIGTERM');
    function stop(why: string): void {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      if (watch !== undefined) clearInterval(watch);
      resolve(why);
    }
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
  });
}
