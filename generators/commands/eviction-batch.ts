// A GC pass made certain (issue 17 item 4, eviction): under xapi's policy eviction happens in a GC pass
// every 30 s, least recently active first, ties in no order, sessions with pending tasks left out
// (SEMANTICS.md §3; xen-api ocaml/xapi/db_gc_util.ml timeout_sessions_common: sort by last_active, newest
// first, keep `limit`, destroy the rest). Per-session checks can require little there (a session tied with
// a survivor may go either way), so an endpoint that never evicts, or evicts the newest, passed. This
// command makes the outcome certain: the older sessions O (the run's own, then a batch A), a pause longer than
// last_active's 1 s resolution, a later batch B sized so that O ∪ B exceeds the group's limit by exactly k
// (k ≤ |O|, |B| ≤ limit), one GC pass; then exactly k of O are gone (which ones is not defined: they may tie)
// and every session of B survives. No task is pending meanwhile, so every session counts.
import fc from 'fast-check';
import { command, sleep } from '../command.ts';
import { limitOf } from './login-storm.ts';

/** B's last_active must be strictly later than O's: xapi stores it with 1 s resolution. */
const PAUSE_MS = 1_100;

export const evictionBatchCommand = fc.tuple(fc.integer({ min: 1, max: 3 }), fc.nat()).map(([a, kPick]) =>
  command(
    `eviction batch: ${a} logins, a pause, a batch that overflows the group by k, one GC pass, count the gone`,
    (d) => d.state.config.policy.name === 'xapi',
    async (d) => {
      const policy = d.state.config.policy;
      if (policy.name !== 'xapi') return;
      const limit = limitOf(policy, d.originator);
      for (let i = 0; i < a; i += 1) await d.login();
      const older = d.liveSessions();
      // k sessions of O must go: 1 ≤ k ≤ |O|, and |B| = limit - |O| + k within 1..limit.
      const kMin = Math.max(1, older.length - limit + 1);
      const kMax = older.length;
      if (kMin > kMax) return;
      const k = kMin + (kPick % (kMax - kMin + 1));
      const bCount = limit - older.length + k;
      await sleep(PAUSE_MS + d.state.config.tieWindowMs);
      const batchB: string[] = [];
      for (let i = 0; i < bCount; i += 1) {
        const s = await d.login();
        if (s !== undefined) batchB.push(s);
      }
      if (batchB.length !== bCount) return;
      // One GC pass is known to have run after B's logins.
      await sleep(policy.gcPeriodMs + d.state.config.gcMarginMs + 50);
      const gone = async (refs: readonly string[]): Promise<string[]> => {
        const out: string[] = [];
        for (const s of refs) {
          const o = await d.call('session.get_uuid', [s, s]);
          if (!o.ok && o.code === 'SESSION_INVALID') out.push(s);
        }
        return out;
      };
      const goneB = await gone(batchB);
      const goneO = await gone(older);
      if (goneB.length > 0) {
        d.violation(
          `a GC pass evicted ${goneB.length} of the ${bCount} most recently active sessions`,
          `all ${bCount} sessions of the later batch alive (the ${limit} most recently active are kept)`,
          `${goneB.length} gone: ${goneB.join(', ')}`,
        );
      }
      if (goneO.length !== k) {
        d.violation(
          `a GC pass left ${older.length - goneO.length} of the ${older.length} older sessions, not ${older.length - k}`,
          `exactly ${k} of the ${older.length} older sessions gone (${older.length + bCount} in the group, limit ${limit})`,
          `${goneO.length} gone`,
        );
      }
    },
  ),
);
