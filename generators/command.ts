// A small factory for generated commands (fast-check AsyncCommand over the model-checked Driver).
// Commands pick their targets by index among the objects live in the model at run time, so a shrunk
// sequence stays valid: removing a command shifts nothing that a later command depends on by name.
import type { Driver } from '../src/harness/driver.ts';
import type { HarnessCommand } from '../src/harness/harness-command.ts';

export function command(
  describe: string,
  check: (d: Driver) => boolean,
  run: (d: Driver) => Promise<void>,
): HarnessCommand {
  return { check, run: (_m: Driver, d: Driver) => run(d), toString: () => describe };
}

/** The element at `index` modulo the list's length (undefined for an empty list). */
export function pick<T>(list: readonly T[], index: number): T | undefined {
  return list.length === 0 ? undefined : list[index % list.length];
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
