// Aims of the sessions area (issue 17 item 1): for each declared transition (src/harness/area-transitions.ts
// sessionTransitions), the shortest model-checked sequence that reaches it (SEMANTICS.md §3).
import { randomUUID } from 'node:crypto';
import type { Driver } from '../../src/harness/driver.ts';
import { transitionKey } from '../../src/harness/index.ts';
import type { Aims } from '../commands/cover-transition.ts';
import { liveSession } from '../commands/cover-transition.ts';

const k = (message: string, source: string, outcome: string): string =>
  transitionKey({ message, source, outcome });

/** A fresh session, logged out: the model knows it ended by a logout. */
export async function loggedOutSession(d: Driver): Promise<string | undefined> {
  const s = await d.login();
  if (s === undefined) return undefined;
  const o = await d.call('session.logout', [s]);
  return o.ok ? s : undefined;
}

export const SESSION_AIMS: Aims = {
  [k('session.login_with_password', 'below limit', 'success')]: async (d) => {
    await d.login();
  },
  [k('session.login_with_password', 'below limit', 'SESSION_AUTHENTICATION_FAILED')]: async (d) => {
    await d.call('session.login_with_password', [d.user, `${d.password}-wrong`]);
  },
  [k('session.logout', 'live', 'success')]: async (d) => {
    await loggedOutSession(d);
  },
  [k('session.logout', 'session logged out', 'SESSION_INVALID')]: async (d) => {
    const s = await loggedOutSession(d);
    if (s !== undefined) await d.call('session.logout', [s]);
  },
  [k('session.get_uuid', 'live', 'success')]: async (d) => {
    const s = await liveSession(d);
    if (s !== undefined) await d.call('session.get_uuid', [s, s]);
  },
  [k('session.get_uuid', 'logged out', 'HANDLE_INVALID')]: async (d) => {
    const dead = await loggedOutSession(d);
    const s = await liveSession(d);
    if (dead !== undefined && s !== undefined) await d.call('session.get_uuid', [s, dead]);
  },
  [k('session.get_uuid', 'session logged out', 'SESSION_INVALID')]: async (d) => {
    const s = await loggedOutSession(d);
    if (s !== undefined) await d.call('session.get_uuid', [s, s]);
  },
  [k('VM.get_all', 'session logged out', 'SESSION_INVALID')]: async (d) => {
    const s = await loggedOutSession(d);
    if (s !== undefined) await d.call('VM.get_all', [s]);
  },
  [k('VM.get_all', 'session unknown', 'SESSION_INVALID')]: async (d) => {
    await d.call('VM.get_all', [`OpaqueRef:${randomUUID()}`]);
  },
};
