// Session_check.check (SEMANTICS.md §3; xen-api ocaml/xapi/session_check.ml): a call under a session that
// does not exist (never did, logged out, evicted) fails with SESSION_INVALID [ref]; a valid one refreshes
// last_active when it is older than the threshold.
import type { ModelState, SessionModel } from './model-state.ts';
import { mapSet } from './model-state.ts';
import { xapiRecomputeRisk } from './session-eviction.ts';

type SessionVerdict =
  /** The session is certainly valid; `state` has its last_active refreshed. */
  | { readonly kind: 'valid'; readonly state: ModelState }
  | { readonly kind: 'invalid'; readonly state: ModelState }
  /** A GC pass may or may not have evicted it: either answer is acceptable. */
  | { readonly kind: 'maybe'; readonly valid: ModelState; readonly invalid: ModelState };

/** Sessions owning tasks the model has not seen complete (xapi's GC only evicts unused sessions). */
function busySessions(state: ModelState): ReadonlySet<string> {
  const out = new Set<string>();
  for (const t of state.tasks.values())
    if (t.status === 'pending' || t.status === 'cancelling') out.add(t.session);
  return out;
}

/** Re-derives which sessions a GC pass may or must evict (xapi policy only). */
export function settleSessions(state: ModelState, now: number): ModelState {
  const policy = state.config.policy;
  if (policy.name !== 'xapi') return state;
  return xapiRecomputeRisk(state, policy, now, busySessions(state));
}

export function markSessionDead(
  state: ModelState,
  ref: string,
  now: number,
  ended: 'logout' | 'evicted',
): ModelState {
  const s = state.sessions.get(ref);
  if (s === undefined || !s.alive) return state;
  return settleSessions(
    { ...state, sessions: mapSet(state.sessions, ref, { ...s, alive: false, ended }) },
    now,
  );
}

export function checkSession(state: ModelState, ref: unknown, now: number): SessionVerdict {
  const s = typeof ref === 'string' ? state.sessions.get(ref) : undefined;
  if (s === undefined || !s.alive) return { kind: 'invalid', state };
  const policy = state.config.policy;
  const refreshed = refresh(state, s, now);
  if (policy.name === 'xapi') {
    if (s.doomedSince !== undefined && now - s.doomedSince > policy.gcPeriodMs + state.config.gcMarginMs) {
      // A GC pass has certainly run while it was doomed.
      return { kind: 'invalid', state: markSessionDead(state, s.ref, now, 'evicted') };
    }
    if (s.atRisk || s.doomedSince !== undefined) {
      return { kind: 'maybe', valid: refreshed, invalid: markSessionDead(state, s.ref, now, 'evicted') };
    }
  }
  return { kind: 'valid', state: refreshed };
}

function refresh(state: ModelState, s: SessionModel, now: number): ModelState {
  const policy = state.config.policy;
  if (policy.name !== 'xapi' || now - s.lastActive <= policy.lastActiveRefreshMs) return state;
  return settleSessions(
    { ...state, sessions: mapSet(state.sessions, s.ref, { ...s, lastActive: now }) },
    now,
  );
}
