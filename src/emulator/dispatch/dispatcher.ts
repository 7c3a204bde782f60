// Dispatch in xapi's order (SEMANTICS.md §2 "Dispatch"; xen-api ocaml/idl/ocaml_backend/gen_server.ml,
// ocaml/xapi/server_helpers.ml): UTF-8 check, Async prefix, method lookup, arity, unmarshal, session
// check, RBAC, then execution (with the "No async mode" fault for Async calls of sync-only messages).
import type { XapiType } from '../../xapi/types.ts';
import { splitAsyncPrefix } from '../../xapi/wire-name.ts';
import { encodeJsonValue, encodeValue } from '../../wire/index.ts';
import type { MarshalOptions } from '../../wire/marshal.ts';
import type { WireValue } from '../../wire/value.ts';
import type { Clock } from '../clock.ts';
import type { StoredObject } from '../db/db-types.ts';
import type { ObjectDb } from '../db/object-db.ts';
import type { FaultName } from '../faults.ts';
import type { Behaviour } from '../lifecycle/behaviour.ts';
import type { PoolRuntime } from '../pool/pool-runtime.ts';
import type {
  CallMode,
  HostRefs,
  MessageContext,
  MessageResult,
  Timing,
} from '../registry/message-context.ts';
import { EncodedResult } from '../registry/result-values.ts';
import type { EmuSchema } from '../schema/schema-view.ts';
import type { SessionManager } from '../sessions/session-manager.ts';
import type { DispatchEntry, DispatchTable } from './dispatch-entry.ts';
import { unmarshalArgs, unmarshalOptions } from './unmarshal-args.ts';
import { XapiFailure } from '../../xapi/harness-errors.ts';
import { fail, failureOf } from './xapi-error.ts';

export type CallOutcome =
  | { readonly ok: true; readonly value: MessageResult; readonly type: XapiType }
  | { readonly ok: false; readonly code: string; readonly params: readonly string[] };

export interface DispatcherDeps {
  readonly schema: EmuSchema;
  readonly table: DispatchTable;
  readonly db: ObjectDb;
  readonly sessions: SessionManager;
  readonly clock: Clock;
  readonly faults: ReadonlySet<FaultName>;
  readonly timing: Timing;
  readonly host: HostRefs;
  readonly behaviour: Behaviour;
  /** The pool this host belongs to: its coordinator, addresses, local sessions (docs/SEMANTICS.md §11). */
  readonly pool: PoolRuntime;
  readonly completeRecord: MessageContext['completeRecord'];
}

const STRING_SET: XapiType = { kind: 'set', of: { kind: 'string' } };
const TASK_REF: XapiType = { kind: 'ref', cls: 'task' };

export class Dispatcher {
  readonly #d: DispatcherDeps;

  // The context's helpers depend only on the deps: built once, not per call (a closure per call,
  // each renamed by the TS loader's __name helper, showed up in get_record profiles).
  readonly #get: MessageContext['get'];
  readonly #unmarshal: MarshalOptions;

  constructor(deps: DispatcherDeps) {
    this.#d = deps;
    const d = deps;
    this.#unmarshal = unmarshalOptions(d.schema);
    this.#get = (cls: string, ref: string): StoredObject => {
      const obj = d.db.get(cls, ref);
      // exnHelper.ml: DBCache_NotFound → HANDLE_INVALID [table; ref]
      if (obj === undefined) fail('HANDLE_INVALID', cls, ref);
      return obj;
    };
  }

  /** Executes one call. Never throws: every problem is an XAPI failure value. */
  async call(method: string, params: readonly WireValue[]): Promise<CallOutcome> {
    return this.callNow(method, params);
  }

  /**
   * `call`, answering synchronously when nothing is left to wait for: the implementation returned a
   * plain value and no change awaits its commit. A get_record or a session check takes no promise and
   * no microtask hop (issue 16: each async layer was a measured share of a get_record). Never throws.
   */
  callNow(method: string, params: readonly WireValue[]): CallOutcome | Promise<CallOutcome> {
    let outcome: CallOutcome | Promise<CallOutcome>;
    try {
      outcome = this.#call(method, params);
    } catch (err) {
      outcome = { ok: false, ...failureOf(err) };
    }
    // #call's promises are settled already (#settled): a rejection is a failure value, and durable.
    if (outcome instanceof Promise) return outcome;
    return this.#answer(outcome);
  }

  #answer(outcome: CallOutcome): CallOutcome | Promise<CallOutcome> {
    return this.#d.db.pending ? this.#durable(outcome) : outcome;
  }

  /**
   * The outcome of an implementation's promise, in one hop: a parked event.from that a change wakes is
   * one of thousands answered in the same turn, and each promise layer was a microtask per caller
   * before the first of them could be written (issue 16, fan-out).
   */
  #settled(pending: Promise<MessageResult>, type: XapiType): Promise<CallOutcome> {
    return pending.then(
      (value) => this.#answer({ ok: true, value, type }),
      (err: unknown) => this.#answer({ ok: false, ...failureOf(err) }),
    );
  }

  /**
   * Every side effect is durable before the answer leaves (issue 3, persistence); a failed call may
   * have written too (e.g. last_active), so this applies to failures as well. Changes of transient
   * classes (a login's session) wait too, though nothing is written for them: answering those at once
   * was measured slower (issue 16, login storm: +25% CPU per login), as the answers of one turn of the
   * event loop then no longer share one commit and one wake-up of the event listeners.
   */
  async #durable(outcome: CallOutcome): Promise<CallOutcome> {
    try {
      await this.#d.db.commit();
    } catch (err) {
      return { ok: false, code: 'INTERNAL_ERROR', params: [`database commit failed: ${String(err)}`] };
    }
    return outcome;
  }

  /** One call; throws an XAPI failure, or rejects with one when the implementation is asynchronous. */
  #call(method: string, params: readonly WireValue[]): CallOutcome | Promise<CallOutcome> {
    // gen_server.ml dispatch_call: every parameter must be valid UTF-8 before anything else.
    for (const p of params) assertWellFormed(p);
    // One lookup of the name as sent resolves the message and its Async prefix (issue 16); the
    // system.* names are no message of the table, so looking them up after it changes no answer.
    const wire = this.#d.table.byWireName.get(method);
    if (wire === undefined) return this.#other(method, params);
    const { entry, mode, name } = wire;

    const { msg } = entry;
    const offset = msg.takesSession ? 1 : 0;
    const given = params.length - offset;
    const arityOk = entry.hasDefaults
      ? given >= entry.required
      : given === (entry.isCtor ? 1 : entry.required);
    if (!arityOk || params.length < offset) {
      fail(
        'MESSAGE_PARAMETER_COUNT_MISMATCH',
        name,
        String(entry.isCtor ? 1 : entry.required),
        String(given),
      );
    }

    // Unmarshal everything (session included) before the session check, as the generated code does.
    const sessionRef = msg.takesSession ? sessionOf(params[0]) : undefined;
    const args = unmarshalArgs(this.#d.schema, this.#unmarshal, entry, params, offset);

    let session: StoredObject | undefined;
    if (sessionRef !== undefined) session = this.#checkSession(sessionRef);
    if (entry.removed) fail('MESSAGE_REMOVED');
    if (session !== undefined) this.#rbac(entry, session, name);

    if (mode !== 'sync' && !msg.hasAsync) {
      // server_helpers.ml do_dispatch → API.response_of_fault: "Fault" is no error of the catalogue.
      throw new XapiFailure('Fault', [`No async mode for this operation (rpc: ${name})`]);
    }
    const impl = entry.impl;
    // NOT_IMPLEMENTED [function] is xapi's own error for a call without an implementation.
    if (impl === undefined) fail('NOT_IMPLEMENTED', msg.wireName);

    const ctx = this.#context(entry, session, method, mode, undefined);
    if (mode === 'sync') {
      const value = impl(ctx, args);
      const type = msg.result;
      if (value instanceof Promise) return this.#settled(value, type);
      return { ok: true, value, type };
    }
    return this.#settled(
      this.#d.behaviour.tasks.runAsync(ctx, async (c) => impl(c, args)),
      TASK_REF,
    );
  }

  /** A name the table lacks: system.listMethods, system.isAlive:…, or an unknown method. */
  #other(method: string, params: readonly WireValue[]): CallOutcome {
    if (method === 'system.listMethods')
      return { ok: true, value: [...this.#d.table.methods], type: STRING_SET };
    // gen_server.ml: "system.isAlive:<anything>" echoes its first parameter untouched (a liveness
    // probe); without parameters List.hd fails, an INTERNAL_ERROR.
    if (method.startsWith('system.isAlive:')) {
      const first = params[0];
      if (first === undefined) fail('INTERNAL_ERROR', 'hd');
      return {
        ok: true,
        value: new EncodedResult((p) => (p === 'xmlrpc' ? encodeValue(first) : encodeJsonValue(first))),
        type: STRING_SET,
      };
    }
    return this.#unknown(splitAsyncPrefix(method).name, params);
  }

  /**
   * gen_server.ml, unknown method: with parameters, param 1 is session-checked and the session must
   * hold Host.call_extension's permission; then MESSAGE_METHOD_UNKNOWN [name] (no extension exists).
   */
  #unknown(name: string, params: readonly WireValue[]): CallOutcome {
    const first = params[0];
    if (first !== undefined) {
      const session = this.#checkSession(sessionOf(first));
      const ext = this.#d.table.byName.get('host.call_extension');
      if (ext !== undefined) this.#rbac(ext, session, 'host.call_extension');
    }
    return { ok: false, code: 'MESSAGE_METHOD_UNKNOWN', params: [name] };
  }

  /**
   * session_check.ml check, on this host: a local session of this host passes (xapi_local_session.ml);
   * on the coordinator the pool database's sessions are checked (and last_active refreshed); on a member a
   * ref the database lacks is SESSION_INVALID, a pool (host-to-host) session passes, and any other session
   * is redirected: HOST_IS_SLAVE [coordinator address] (docs/SEMANTICS.md §11).
   */
  #checkSession(ref: string): StoredObject {
    const { pool, host, db, sessions, faults } = this.#d;
    const local = pool.localSession(host.host, ref);
    if (local !== undefined) return local;
    if (pool.isMaster(host.host) || faults.has('member-accepts-login')) return sessions.check(ref);
    const obj = db.get('session', ref);
    if (obj === undefined) fail('SESSION_INVALID', ref);
    if (obj.record['pool'] === true) return obj;
    fail('HOST_IS_SLAVE', pool.masterAddress());
  }

  /** rbac.ml check: permission = lowercase action; message lists the roles that have it. */
  #rbac(entry: DispatchEntry, session: StoredObject, action: string): void {
    if (session.record['is_local_superuser'] === true) return;
    const role = this.#d.sessions.roleOf(session);
    if (entry.roles.has(role)) return;
    fail(
      'RBAC_PERMISSION_DENIED',
      action.toLowerCase(),
      `No permission in user session. (Roles with this permission: ${entry.msg.roles.join(', ')})`,
    );
  }

  #context(
    entry: DispatchEntry,
    session: StoredObject | undefined,
    calledAs: string,
    mode: CallMode,
    task: string | undefined,
  ): MessageContext {
    const d = this.#d;
    return {
      db: d.db,
      schema: d.schema,
      sessions: d.sessions,
      session,
      clock: d.clock,
      faults: d.faults,
      timing: d.timing,
      behaviour: d.behaviour,
      host: d.host,
      pool: d.pool,
      message: entry.msg,
      calledAs,
      mode,
      task,
      completeRecord: d.completeRecord,
      get: this.#get,
    };
  }
}

function sessionOf(v: WireValue | undefined): string {
  if (typeof v === 'string') return v;
  // ref_session_of_rpc on a non-string: an unmarshalling exception (exnHelper.ml catch-all).
  fail('INTERNAL_ERROR', `Type error: expected a session reference (string), got ${describe(v)}`);
}

function describe(v: WireValue | undefined): string {
  if (v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'an array';
  if (v instanceof Date) return 'a dateTime';
  return typeof v === 'object' ? 'a struct' : typeof v;
}

interface WellFormed {
  isWellFormed(): boolean;
}

// In /u mode a surrogate pair is one code point, so \p{Cs} matches only lone surrogates.
const LONE_SURROGATE_G = /\p{Cs}/gu;

/** Strings must be valid Unicode (lone surrogates are what invalid UTF-8 becomes after JSON decoding). */
function assertWellFormed(v: WireValue): void {
  if (typeof v === 'string') {
    // isWellFormed (Node 20) answers a one-byte string (every ASCII ref and name) without scanning it,
    // where the regex scanned every parameter of every call.
    if (!(v as unknown as WellFormed).isWellFormed())
      fail('INVALID_VALUE', 'Invalid UTF-8 string in parameter', v.replace(LONE_SURROGATE_G, '\uFFFD'));
    return;
  }
  if (Array.isArray(v)) {
    for (const x of v as readonly WireValue[]) assertWellFormed(x);
    return;
  }
  if (typeof v === 'object' && !(v instanceof Date)) {
    for (const [k, x] of Object.entries(v)) {
      assertWellFormed(k);
      assertWellFormed(x);
    }
  }
}
