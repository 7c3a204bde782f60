// The two session-limit profiles (ARCHITECTURE.md, "Two session policies"; SEMANTICS.md §3). Pure
// functions over a snapshot of the sessions: the session manager applies what they return.

export type SessionPolicyName = 'sdk-guide' | 'xapi';

export interface SessionView {
  readonly ref: string;
  /** Creation order (the DB generation at creation). */
  readonly created: number;
  /** last_active in ms since the epoch. */
  readonly lastActive: number;
  readonly originator: string;
  readonly userName: string;
  readonly isRoot: boolean;
  /** A pool (intra-pool) session. */
  readonly pool: boolean;
  /** Has a task that is not complete (xapi's GC only considers unused sessions). */
  readonly inUse: boolean;
}

export interface SessionLimits {
  /** sdk-guide: hard limit of concurrent sessions (the SDK guide's 200). */
  readonly sdkGuideMax: number;
  /** xapi: pool sessions ("internal") and root sessions without originator ("external"): 400. */
  readonly maxSessions: number;
  /** xapi: root sessions with an originator, per originator: 500. */
  readonly maxPerOriginator: number;
  /** xapi: non-root sessions, per auth_user_name: 500. */
  readonly maxPerUserName: number;
  /** xapi: sessions idle longer than this are destroyed by the GC (24 h). */
  readonly idleTimeoutMs: number;
}

/** xen-api ocaml/xapi/xapi_globs.ml (max_sessions = max_tasks*2, l.287-297; inactive_session_timeout l.726). */
export const DEFAULT_SESSION_LIMITS: SessionLimits = {
  sdkGuideMax: 200,
  maxSessions: 400,
  maxPerOriginator: 500,
  maxPerUserName: 500,
  idleTimeoutMs: 86_400_000,
};

export interface PolicyFaults {
  /** Evict the newest / most recently active instead of the oldest / least recently active. */
  readonly reverseOrder: boolean;
  /** Never evict for exceeding a limit. */
  readonly noEviction: boolean;
}

/**
 * sdk-guide: before a new login is added, evict at once as many sessions as needed to stay within the
 * hard limit, oldest (by creation) first. `total` is how many sessions exist, when `sessions` holds only
 * the candidates (the oldest ones, enough to cover the excess).
 */
export function sdkGuideEvictionsOnLogin(
  sessions: readonly Pick<SessionView, 'ref' | 'created'>[],
  limits: SessionLimits,
  faults: PolicyFaults,
  total: number = sessions.length,
): string[] {
  if (faults.noEviction) return [];
  const excess = total + 1 - limits.sdkGuideMax;
  if (excess <= 0) return [];
  const ordered = [...sessions].sort((a, b) => a.created - b.created);
  if (faults.reverseOrder) ordered.reverse();
  return ordered.slice(0, excess).map((s) => s.ref);
}

function groupOf(s: SessionView): { key: string; limit: (l: SessionLimits) => number } {
  // xen-api ocaml/xapi/db_gc_util.ml timeout_sessions.
  if (s.pool) return { key: 'internal', limit: (l) => l.maxSessions };
  if (s.isRoot || s.userName === '') {
    if (s.originator === '') return { key: 'external', limit: (l) => l.maxSessions };
    return { key: `originator:${s.originator}`, limit: (l) => l.maxPerOriginator };
  }
  return { key: `user:${s.userName}`, limit: (l) => l.maxPerUserName };
}

/**
 * xapi: one GC pass (db_gc_util.ml timeout_sessions_common). Only unused sessions are considered; those
 * idle longer than the timeout go; then, per group, the most recently active `limit` are kept and the
 * rest go (least recently active first; creation time plays no part).
 */
export function xapiGcEvictions(
  sessions: readonly SessionView[],
  nowMs: number,
  limits: SessionLimits,
  faults: PolicyFaults,
): string[] {
  const out: string[] = [];
  const groups = new Map<string, { limit: number; members: SessionView[] }>();
  for (const s of sessions) {
    if (s.inUse) continue;
    if (nowMs - s.lastActive > limits.idleTimeoutMs) {
      out.push(s.ref);
      continue;
    }
    const g = groupOf(s);
    let entry = groups.get(g.key);
    if (entry === undefined) {
      entry = { limit: g.limit(limits), members: [] };
      groups.set(g.key, entry);
    }
    entry.members.push(s);
  }
  if (faults.noEviction) return out;
  for (const { limit, members } of groups.values()) {
    if (members.length <= limit) continue;
    // Newest first; ties keep creation order so the result is deterministic.
    members.sort((a, b) => b.lastActive - a.lastActive || b.created - a.created);
    if (faults.reverseOrder) members.reverse();
    for (const s of members.slice(limit)) out.push(s.ref);
  }
  return out;
}
