// Session limits under both policies (SEMANTICS.md §3; xen-api ocaml/xapi/db_gc_util.ml timeout_sessions).
import type { ModelState, SessionModel } from './model-state.ts';
import type { XapiPolicy } from './session-policy.ts';

/** sdk-guide: before adding a login, evict the oldest sessions (by creation) so that at most `limit` remain. */
export function sdkGuideEvict(state: ModelState, limit: number): ModelState {
  const alive = [...state.sessions.values()].filter((s) => s.alive);
  const excess = alive.length + 1 - limit;
  if (excess <= 0) return state;
  const victims = alive.sort((a, b) => a.loginSeq - b.loginSeq).slice(0, excess);
  const sessions = new Map(state.sessions);
  for (const v of victims) sessions.set(v.ref, { ...v, alive: false, ended: 'evicted' });
  return { ...state, sessions };
}

/** The xapi GC group of a session: "external", per originator, or per user name (pool sessions never occur). */
export function sessionGroup(
  s: Pick<SessionModel, 'user' | 'originator'>,
  policy: XapiPolicy,
): { key: string; limit: number } {
  const rootLike = s.user === '' || s.user === 'root';
  if (rootLike && s.originator === '') return { key: 'external', limit: policy.externalLimit };
  if (rootLike) return { key: `originator:${s.originator}`, limit: policy.perOriginatorLimit };
  return { key: `user:${s.user}`, limit: policy.perUserLimit };
}

/**
 * xapi: a GC pass at an unknown moment keeps the `limit` most recently active unused sessions of each group.
 * The model cannot know the pass's timing nor xapi's exact last_active, so for each session it derives:
 * - at risk: at least `limit` other sessions in its group are newer or tied (within `tieWindowMs`); a pass
 *   may evict it. Sticky: a pass may already have run while it was at risk.
 * - doomed: at least `limit` sessions that are certainly alive, certainly unused and strictly newer exist;
 *   a pass must evict it, so once `gcPeriodMs + gcMarginMs` have passed since it became doomed it must be gone.
 * `busy` lists sessions owning tasks the model has not seen complete (xapi only evicts unused sessions).
 */
export function xapiRecomputeRisk(
  state: ModelState,
  policy: XapiPolicy,
  now: number,
  busy: ReadonlySet<string>,
): ModelState {
  const tie = state.config.tieWindowMs;
  const groups = new Map<string, { limit: number; members: SessionModel[] }>();
  for (const s of state.sessions.values()) {
    if (!s.alive) continue;
    const g = sessionGroup(s, policy);
    let entry = groups.get(g.key);
    if (entry === undefined) {
      entry = { limit: g.limit, members: [] };
      groups.set(g.key, entry);
    }
    entry.members.push(s);
  }
  let sessions: Map<string, SessionModel> | undefined;
  const put = (s: SessionModel): void => {
    sessions ??= new Map(state.sessions);
    sessions.set(s.ref, s);
  };
  for (const { limit, members } of groups.values()) {
    if (members.length <= limit) {
      for (const s of members) if (s.doomedSince !== undefined) put(withoutDoom(s));
      continue;
    }
    // Newest first. Two-pointer counts over the sorted last_active values.
    const sorted = [...members].sort((a, b) => b.lastActive - a.lastActive);
    const certain = sorted.filter((s) => !s.atRisk && !busy.has(s.ref));
    for (const s of sorted) {
      // `s` itself is among the newer-or-tied (hence the - 1) and never strictly newer than itself.
      const newerOrTied = countAtLeast(sorted, s.lastActive - tie) - 1;
      const strictlyNewerCertain = countAbove(certain, s.lastActive + tie);
      const atRisk = s.atRisk || (newerOrTied >= limit && !busy.has(s.ref));
      const doomed = strictlyNewerCertain >= limit && !busy.has(s.ref);
      const doomedSince = doomed ? (s.doomedSince ?? now) : undefined;
      if (atRisk !== s.atRisk || doomedSince !== s.doomedSince) {
        put(doomedSince === undefined ? { ...withoutDoom(s), atRisk } : { ...s, atRisk, doomedSince });
      }
    }
  }
  return sessions === undefined ? state : { ...state, sessions };
}

function withoutDoom(s: SessionModel): SessionModel {
  const { doomedSince: _d, ...rest } = s;
  return rest;
}

/** In a list sorted by lastActive descending: how many have lastActive >= t. */
function countAtLeast(sorted: readonly SessionModel[], t: number): number {
  return leadingCount(sorted, (s) => s.lastActive >= t);
}

/** In a list sorted by lastActive descending: how many have lastActive > t. */
function countAbove(sorted: readonly SessionModel[], t: number): number {
  return leadingCount(sorted, (s) => s.lastActive > t);
}

/** How many leading elements satisfy `holds`, which holds for a prefix of the list (binary search). */
function leadingCount(sorted: readonly SessionModel[], holds: (s: SessionModel) => boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (holds(sorted[mid] as SessionModel)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
