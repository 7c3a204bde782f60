// Under the xapi policy, waits one GC period plus the model's margin, so that a GC pass is known to have run
// and doomed sessions must be gone (SEMANTICS.md §3). A no-op under the SDK guide's policy.
import fc from 'fast-check';
import type { Driver } from '../../src/harness/driver.ts';
import { command, sleep } from '../command.ts';

/** Waits longer than this are not generated: a real host's 30 s period is waited for once per case. */
const MAX_WAIT_MS = 40_000;

/** GC waits per case (a driver is one case): one is enough to see a pass run; more only cost time. */
const waits = new WeakMap<Driver, number>();

export const gcWaitCommand = fc.constant(null).map(() =>
  command(
    'wait for a session GC pass',
    (d) => d.state.config.policy.name === 'xapi' && (waits.get(d) ?? 0) < 1,
    async (d) => {
      const p = d.state.config.policy;
      if (p.name !== 'xapi') return;
      waits.set(d, (waits.get(d) ?? 0) + 1);
      await sleep(Math.min(MAX_WAIT_MS, gcWaitMs(d.state.config)));
    },
  ),
);

/** How long a GC wait lasts: one period plus the model's margin (a pass is then known to have run). */
export function gcWaitMs(config: {
  readonly policy: { readonly name: string; readonly gcPeriodMs?: number };
  readonly gcMarginMs: number;
}): number {
  return config.policy.name === 'xapi' ? (config.policy.gcPeriodMs ?? 0) + config.gcMarginMs + 50 : 0;
}
