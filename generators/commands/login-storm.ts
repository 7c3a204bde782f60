// A login storm past the session limit, then a use of the oldest sessions (SEMANTICS.md §3): under the
// SDK guide's policy the oldest go at once; under xapi's a GC pass evicts the least recently active.
import fc from 'fast-check';
import { command } from '../command.ts';

export function limitOf(
  policy: {
    readonly name: string;
    readonly limit?: number;
    readonly externalLimit?: number;
    readonly perOriginatorLimit?: number;
  },
  originator: string,
): number {
  if (policy.name === 'sdk-guide') return policy.limit ?? 200;
  return originator === '' ? (policy.externalLimit ?? 400) : (policy.perOriginatorLimit ?? 500);
}

export const loginStormCommand = fc
  .tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 4 }))
  .map(([beyond, probes]) =>
    command(
      `login storm: limit + ${beyond} logins, then use the ${probes} oldest`,
      () => true,
      async (d) => {
        const limit = limitOf(d.state.config.policy, d.originator);
        const alive = [...d.state.sessions.values()].filter((s) => s.alive).length;
        const n = Math.max(0, limit - alive) + beyond;
        for (let i = 0; i < n; i += 1) await d.login();
        const oldest = [...d.state.sessions.values()]
          .sort((a, b) => a.loginSeq - b.loginSeq)
          .slice(0, probes + beyond);
        for (const s of oldest) await d.call('session.get_uuid', [s.ref, s.ref]);
        const newest = [...d.state.sessions.values()]
          .sort((a, b) => b.loginSeq - a.loginSeq)
          .slice(0, probes);
        for (const s of newest) await d.call('session.get_uuid', [s.ref, s.ref]);
      },
    ),
  );
