// Under the xapi policy, waits one GC period plus the model's margin, so that a GC pass is known to have run
// and doomed sessions must be gone (SEMANTICS.md §3). A no-op under the SDK guide's policy.
import fc from 'fast-check';
import { command, sleep } from '../command.ts';

/** Waits longer than this are not generated: a real host's 30 s period is waited for once per case. */
const MAX_WAIT_MS = 40_000;

export const gcWaitCommand = fc.constant(null).map(() =>
  command(
    'wait for a session GC pass',
    (d) => d.state.config.policy.name === 'xapi',
    async (d) => {
      const p = d.state.config.policy;
      if (p.name !== 'xapi') return;
      await sleep(Math.min(MAX_WAIT_MS, p.gcPeriodMs + d.state.config.gcMarginMs + 50));
    },
  ),
);
