// Aims of the eviction area (issue 17 item 1; src/harness/area-transitions.ts evictionTransitions): logins up to
// and past the session limit, uses of the evicted and of the kept (SEMANTICS.md §3).
import type { Driver } from '../../src/harness/driver.ts';
import { sessionSourceState, transitionKey } from '../../src/harness/index.ts';
import type { Aims } from '../commands/cover-transition.ts';
import { liveSession } from '../commands/cover-transition.ts';
import { gcWaitMs } from '../commands/gc-wait.ts';
import { limitOf } from '../commands/login-storm.ts';
import { sleep } from '../command.ts';
import { loggedOutSession } from './sessions.ts';

const k = (message: string, source: string, outcome: string): string =>
  transitionKey({ message, source, outcome });

/** Logins until the run's group is at its limit, then one more: the login that finds it full. */
async function pastLimit(d: Driver): Promise<void> {
  const limit = limitOf(d.state.config.policy, d.originator);
  for (let i = 0; i <= limit; i += 1) {
    const s = await d.login();
    if (s === undefined) return;
    const at = [...d.state.sessions.values()].filter((x) => x.alive).length;
    if (at > limit || i === limit) return;
  }
}

/** Newer sessions' last_active must be strictly later: xapi stores it with 1 s resolution (SEMANTICS.md §3). */
const PAUSE_MS = 1_100;

function withState(d: Driver, state: string): string | undefined {
  return [...d.state.sessions.values()]
    .sort((a, b) => a.loginSeq - b.loginSeq)
    .find((s) => sessionSourceState(d.state, s.ref) === state)?.ref;
}

export const EVICTION_AIMS: Aims = {
  [k('session.login_with_password', 'below limit', 'success')]: async (d) => {
    await d.login();
  },
  [k('session.login_with_password', 'at limit', 'success')]: pastLimit,
  [k('session.get_uuid', 'live', 'success')]: async (d) => {
    const s = await liveSession(d);
    if (s !== undefined) await d.call('session.get_uuid', [s, s]);
  },
  // SDK guide: the login past the limit evicted the oldest at once.
  [k('session.get_uuid', 'session evicted', 'SESSION_INVALID')]: async (d) => {
    if (withState(d, 'evicted') === undefined) await pastLimit(d);
    const s = withState(d, 'evicted');
    if (s !== undefined) await d.call('session.get_uuid', [s, s]);
  },
  // xapi: a session is doomed once `limit` sessions certainly newer (past the tie window and last_active's 1 s
  // resolution) exist; once a GC pass is known to have run it must be gone (db_gc_util.ml timeout_sessions).
  [k('session.get_uuid', 'evictable', 'SESSION_INVALID')]: async (d) => {
    const old = await d.login();
    if (old === undefined) return;
    await sleep(PAUSE_MS + d.state.config.tieWindowMs);
    const limit = limitOf(d.state.config.policy, d.originator);
    for (let i = 0; i < limit; i += 1) if ((await d.login()) === undefined) return;
    if (d.state.sessions.get(old)?.doomedSince === undefined) return;
    await sleep(gcWaitMs(d.state.config));
    await d.call('session.get_uuid', [old, old]);
  },
  [k('session.logout', 'live', 'success')]: async (d) => {
    await loggedOutSession(d);
  },
};
