// Pieces every long-running subcommand shares: flag errors answered with the usage text (exit 2, the
// setup-problem code of src/results/exit-code.ts), and waiting for SIGINT/SIGTERM before a graceful close.

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
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
    process.stderr.write(`xapi-harness ${name}: ${errorText(err)}\n\n${usage}`);
    return 2;
  }
  if (parsed === 'help') {
    process.stdout.write(usage);
    return 0;
  }
  return parsed;
}

/** Resolves at the first SIGINT or SIGTERM, and stops listening for them. */
export function untilSignal(): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
