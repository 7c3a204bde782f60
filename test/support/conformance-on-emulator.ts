// `xapi-harness conformance` as a user runs it against a host of their own: an emulator started for the one
// run (port 0, reached over HTTP, no login delay), closed once the CLI has exited. One helper instead of a
// start / try / finally block in each test that checks a whole run.
import { createEmulator, type EmulatorOptions } from '../../src/emulator/index.ts';
import { runCliOn, type CliRun } from './run-cli.ts';

/** Runs `xapi-harness conformance ...args` against a fresh emulator started with `emulator`. */
export async function conformanceOnEmulator(
  emulator: EmulatorOptions,
  args: readonly string[],
  timeoutMs: number,
): Promise<CliRun> {
  const emu = await createEmulator({ port: 0, authFailureDelayMs: 0, ...emulator });
  try {
    return await runCliOn('conformance', emu, args, { timeoutMs });
  } finally {
    await emu.close();
  }
}
