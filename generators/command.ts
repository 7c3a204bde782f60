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

/**
 * A command acting on element #index of `candidates(d)`, picked when it runs (so a shrunk sequence stays
 * valid); it can run while there is one.
 */
export function commandOn<T>(
  describe: string,
  candidates: (d: Driver) => readonly T[],
  index: number,
  run: (d: Driver, target: T) => Promise<void>,
): HarnessCommand {
  return command(
    describe,
    (d) => candidates(d).length > 0,
    async (d) => {
      const target = pick(candidates(d), index);
      if (target !== undefined) await run(d, target);
    },
  );
}

/** The element at `index` modulo the list's length (undefined for an empty list). */
export function pick<T>(list: readonly T[], index: number): T | undefined {
  return list.length === 0 ? undefined : list[index % list.length];
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
