// The real `xapi-harness` binary for the CLI tests: the shared runner (test/support/run-cli.ts) with
// the longer default these end-to-end runs need, and the parser for the commands the CLI prints.
import { runCli as runShared, type CliOptions, type CliRun } from '../support/run-cli.ts';

export { BIN, ROOT, type CliRun } from '../support/run-cli.ts';

export function runCli(args: readonly string[], opts: CliOptions = {}): Promise<CliRun> {
  return runShared(args, { ...opts, timeoutMs: opts.timeoutMs ?? 180_000 });
}

/** The printed `npx xapi-harness …` command as argv for the local binary (npx would look it up). */
export function pastedArgs(command: string): string[] {
  const m = /^npx xapi-harness (.*)$/.exec(command.trim());
  if (m === null) throw new Error(`not a printed xapi-harness command: ${command}`);
  // The printed words are shell-safe or single-quoted (src/harness/replay-args.ts).
  const words = m[1]?.match(/'(?:[^']|'\\'')*'|\S+/g) ?? [];
  return words.map((w) => (w.startsWith("'") ? w.slice(1, -1).replace(/'\\''/g, "'") : w));
}
