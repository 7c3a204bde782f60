// The two session-limit policies (ARCHITECTURE.md, "Two session policies"; SEMANTICS.md §3).

/** The SDK guide's: at most `limit` sessions; a fresh login evicts the oldest (by creation) at once. */
export interface SdkGuidePolicy {
  readonly name: 'sdk-guide';
  readonly limit: number;
}

/**
 * Current xapi's (xen-api ocaml/xapi/db_gc_util.ml `timeout_sessions`, xapi_globs.ml:287-297, 726-729):
 * sessions are grouped; a GC pass every `gcPeriodMs` keeps the `limit` most recently active unused sessions
 * of each group and destroys the rest. `last_active` is refreshed only when older than `lastActiveRefreshMs`.
 */
export interface XapiPolicy {
  readonly name: 'xapi';
  /** Root sessions without originator (group "external"); xapi_globs max_sessions = 400. */
  readonly externalLimit: number;
  /** Root sessions per originator; max_sessions_per_originator = 500. */
  readonly perOriginatorLimit: number;
  /** Non-root sessions per user name; max_sessions_per_user_name = 500. */
  readonly perUserLimit: number;
  /** db_gc.ml db_GC_TIMER = 30 s. */
  readonly gcPeriodMs: number;
  /** session_check.ml: last_active refreshed only if older than threshold_last_active = 600 s. */
  readonly lastActiveRefreshMs: number;
  /** inactive_session_timeout = 24 h: sessions idle longer are destroyed by the GC pass. */
  readonly inactiveTimeoutMs: number;
}

export type SessionPolicy = SdkGuidePolicy | XapiPolicy;

export type SessionPolicyName = SessionPolicy['name'];

export function sdkGuidePolicy(overrides: Partial<Omit<SdkGuidePolicy, 'name'>> = {}): SdkGuidePolicy {
  return { name: 'sdk-guide', limit: 200, ...overrides };
}

export function xapiPolicy(overrides: Partial<Omit<XapiPolicy, 'name'>> = {}): XapiPolicy {
  return {
    name: 'xapi',
    externalLimit: 400,
    perOriginatorLimit: 500,
    perUserLimit: 500,
    gcPeriodMs: 30_000,
    lastActiveRefreshMs: 600_000,
    inactiveTimeoutMs: 86_400_000,
    ...overrides,
  };
}
