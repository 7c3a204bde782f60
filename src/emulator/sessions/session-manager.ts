// Sessions (SEMANTICS.md §3): login, the per-call session check with its thresholded last_active
// refresh, logout, and the two eviction policies of session-policy.ts. Session records live in the
// object database like any other class (generic getters, event.from), in memory only: the datamodel
// declares session PersistNothing, so a restart logs everyone out (SEMANTICS.md §10 "Persistence").
import { NULL_REF } from '../../xapi/ref.ts';
import type { Clock } from '../clock.ts';
import type { DbRecord, StoredObject } from '../db/db-types.ts';
import type { ObjectDb } from '../db/object-db.ts';
import { fail } from '../dispatch/xapi-error.ts';
import type { Account, Credentials } from './credentials.ts';
import { SessionIdSource } from './session-ids.ts';
import {
  sdkGuideEvictionsOnLogin,
  xapiGcEvictions,
  type PolicyFaults,
  type SessionLimits,
  type SessionPolicyName,
  type SessionView,
} from './session-policy.ts';

/** xen-api ocaml/xapi/xapi_session.ml: the local superuser. */
export const LOCAL_SUPERUSER = 'root';

export interface SessionManagerOptions {
  readonly db: ObjectDb;
  readonly clock: Clock;
  readonly credentials: Credentials;
  readonly policy: SessionPolicyName;
  readonly limits: SessionLimits;
  /** last_active is rewritten only when older than this (xapi_globs.ml threshold_last_active, 600 s). */
  readonly lastActiveThresholdMs: number;
  /** xapi policy: period of the GC pass (db_gc.ml db_GC_TIMER, 30 s). */
  readonly gcIntervalMs: number;
  /** Delay before SESSION_AUTHENTICATION_FAILED (xapi_session.ml: 5 s). */
  readonly authFailureDelayMs: number;
  readonly faults: PolicyFaults & { readonly logoutNoop: boolean };
  readonly hostRef: () => string;
  /** Fills every field the caller leaves out with its schema default. */
  readonly completeRecord: (cls: string, partial: Readonly<Record<string, unknown>>) => DbRecord;
  /** Permissions (lowercase wire names) a role grants, for the session's rbac_permissions. */
  readonly permissionsOf: (role: string) => readonly string[];
}

export class SessionManager {
  readonly #o: SessionManagerOptions;
  readonly #ids = new SessionIdSource();
  /**
   * True when the schema's session fields are exactly those `create` writes, in that order: the record
   * built there is then already what completeRecord would return, and a login skips the generic
   * field-by-field completion (issue 16, login storm).
   */
  readonly #complete: boolean;
  #timer: NodeJS.Timeout | undefined;
  /** Evictions performed so far (for tests and the CLI's status line). */
  evicted = 0;

  constructor(options: SessionManagerOptions) {
    this.#o = options;
    const sample = sessionRecord('', NULL_REF, new Date(0), new Date(0), true, '', '', [], '');
    const keys = Object.keys(sample).join();
    this.#complete = Object.keys(options.completeRecord('session', sample)).join() === keys;
  }

  get credentials(): Credentials {
    return this.#o.credentials;
  }

  start(): void {
    if (this.#o.policy !== 'xapi' || this.#timer !== undefined) return;
    this.#timer = setInterval(() => this.gc(), this.#o.gcIntervalMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /**
   * session.login_with_password. Fails with SESSION_AUTHENTICATION_FAILED [uname, msg], at once or
   * after the delay as xen-api ocaml/xapi/xapi_session.ml `login_with_password` does (SEMANTICS.md §2
   * "Bad login"): local authentication (PAM, `do_local_auth`) raises the error itself, so a wrong
   * password of the superuser, and any failed name when no external auth is configured, answers at
   * once; only with external auth enabled does a name other than the superuser fall through to the
   * external service, whose failure goes through `thread_delay_and_raise_error` (5 s).
   */
  login(uname: string, pwd: string, originator: string): string | Promise<string> {
    const { credentials } = this.#o;
    const account = credentials.verify(uname, pwd);
    if (account !== undefined) return this.create(account, originator);
    const delayed = credentials.externalAuth && uname !== credentials.superuser;
    // A good password answers without a promise (issue 16: the async function and its await were a
    // measured share of a login); only a delayed failure waits.
    if (delayed && this.#o.authFailureDelayMs > 0) {
      return new Promise((r) => setTimeout(r, this.#o.authFailureDelayMs)).then(() => authFailed(uname));
    }
    return authFailed(uname);
  }

  /** Creates a session for an authenticated account (applies the sdk-guide limit first). */
  create(account: Account, originator: string): string {
    const { db, clock } = this.#o;
    const total = db.count('session');
    if (this.#o.policy === 'sdk-guide' && total + 1 > this.#o.limits.sdkGuideMax) this.#evictForLogin(total);
    const now = clock.now();
    const root = account.name === LOCAL_SUPERUSER;
    const ref = this.#ids.ref();
    const record = sessionRecord(
      this.#ids.uuid(),
      this.#o.hostRef(),
      now,
      now,
      root,
      root ? '' : subjectSid(account.name),
      account.name,
      root ? [] : [...this.#o.permissionsOf(account.role)],
      originator,
    );
    db.insert('session', ref, this.#complete ? record : this.#o.completeRecord('session', record));
    return ref;
  }

  /**
   * sdk-guide: a login at the limit evicts the oldest sessions at once. Only ref and creation order
   * matter here: no need for the full views (task scan) on every login. The session table iterates in
   * insertion order, and a session's `created` is the generation of its insertion, so the first sessions
   * are the oldest: a login at the limit reads the few it may evict, not every session (issue 16: at
   * 200 sessions, copying and sorting them was most of a login's cost). The reversed-order fault needs
   * the newest, so it reads them all.
   */
  #evictForLogin(total: number): void {
    const { db, limits, faults } = this.#o;
    if (!faults.reverseOrder && !faults.noEviction) {
      // The common case, one session over the limit: the table's first entry, without the policy's
      // sort (sdkGuideEvictionsOnLogin would pick the same, the oldest by creation).
      let excess = total + 1 - limits.sdkGuideMax;
      for (const o of db.all('session')) {
        if (excess-- <= 0) break;
        this.destroy(o.ref);
        this.evicted++;
      }
      return;
    }
    const wanted = faults.reverseOrder ? total : total + 1 - limits.sdkGuideMax;
    const order: { ref: string; created: number }[] = [];
    for (const o of db.all('session')) {
      if (order.length >= wanted) break;
      order.push({ ref: o.ref, created: o.created });
    }
    for (const ref of sdkGuideEvictionsOnLogin(order, limits, faults, total)) {
      this.destroy(ref);
      this.evicted++;
    }
  }

  /** Session_check.check: the session object, or SESSION_INVALID [ref]. Refreshes last_active if stale. */
  check(ref: string): StoredObject {
    const obj = this.#o.db.get('session', ref);
    if (obj === undefined) fail('SESSION_INVALID', ref);
    const last = obj.record['last_active'];
    const clock = this.#o.clock;
    const now = clock.nowMs?.() ?? clock.now().getTime();
    if (!(last instanceof Date) || now - last.getTime() > this.#o.lastActiveThresholdMs) {
      this.#o.db.update('session', ref, { last_active: new Date(now) });
    }
    return obj;
  }

  /** The role that governs a session's RBAC checks. */
  roleOf(session: StoredObject): string {
    if (session.record['is_local_superuser'] === true) return 'pool-admin';
    const name = session.record['auth_user_name'];
    return (typeof name === 'string' ? this.#o.credentials.get(name)?.role : undefined) ?? 'read-only';
  }

  /** session.logout / local_logout. With the `logout-noop` fault the session survives. */
  logout(ref: string): void {
    if (this.#o.faults.logoutNoop) return;
    this.destroy(ref);
  }

  destroy(ref: string): void {
    this.#o.db.remove('session', ref);
  }

  /** One GC pass of the xapi policy; returns how many sessions it destroyed. */
  gc(): number {
    const refs = xapiGcEvictions(this.views(), this.#o.clock.now().getTime(), this.#o.limits, this.#o.faults);
    for (const ref of refs) this.destroy(ref);
    this.evicted += refs.length;
    return refs.length;
  }

  views(): SessionView[] {
    const { db } = this.#o;
    const out: SessionView[] = [];
    for (const s of db.all('session')) {
      const r = s.record;
      const last = r['last_active'];
      const tasks = r['tasks'];
      const inUse =
        Array.isArray(tasks) &&
        tasks.some((t) => {
          const status = typeof t === 'string' ? db.get('task', t)?.record['status'] : undefined;
          return status === 'pending' || status === 'cancelling';
        });
      out.push({
        ref: s.ref,
        created: s.created,
        lastActive: last instanceof Date ? last.getTime() : 0,
        originator: typeof r['originator'] === 'string' ? r['originator'] : '',
        userName: typeof r['auth_user_name'] === 'string' ? r['auth_user_name'] : '',
        isRoot: r['is_local_superuser'] === true,
        pool: r['pool'] === true,
        inUse,
      });
    }
    return out;
  }
}

/** The PAM message xapi relays for a wrong password or an unknown user. */
function authFailed(uname: string): never {
  fail('SESSION_AUTHENTICATION_FAILED', uname, 'Authentication failure');
}

/**
 * A session's record, every field of the datamodel's session class in its order (the order
 * completeRecord gives, which get_record keeps).
 */
function sessionRecord(
  uuid: string,
  thisHost: string,
  lastActive: Date,
  validationTime: Date,
  root: boolean,
  sid: string,
  userName: string,
  permissions: string[],
  originator: string,
): DbRecord {
  return {
    uuid,
    this_host: thisHost,
    // xapi_session.ml: "always return a null reference to the deprecated user object".
    this_user: NULL_REF,
    last_active: lastActive,
    pool: false,
    other_config: {},
    is_local_superuser: root,
    subject: NULL_REF,
    validation_time: validationTime,
    auth_user_sid: sid,
    auth_user_name: userName,
    rbac_permissions: permissions,
    tasks: [],
    parent: NULL_REF,
    originator,
    client_certificate: false,
  };
}

/** A stable Windows-style SID for an external subject (AD users carry one), derived from the name. */
function subjectSid(name: string): string {
  let h = 2166136261;
  for (const ch of name) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return `S-1-5-21-3623811015-3361044348-30300820-${1000 + (h % 100000)}`;
}
