// A call as the emulator's behaviour layer sees it: a MessageContext without the behaviour itself. The
// behaviour's own parts (the task manager, task records, the allowed-operations updaters) take this, so that
// they do not import the context that holds them (no import cycle; test/architecture/import-cycles.test.ts).
import type { CallMode } from '../../xapi/wire-name.ts';
import type { Clock } from '../clock.ts';
import type { DbRecord, StoredObject } from '../db/db-types.ts';
import type { ObjectDb } from '../db/object-db.ts';
import type { FaultName } from '../faults.ts';
import type { PoolRuntime } from '../pool/pool-runtime.ts';
import type { EmuMessage, EmuSchema } from '../schema/schema-view.ts';
import type { SessionManager } from '../sessions/session-manager.ts';
import type { Timing } from '../tasks/timing-profile.ts';
import type { HostRefs } from './host-refs.ts';

export interface CallContext {
  readonly db: ObjectDb;
  readonly schema: EmuSchema;
  readonly sessions: SessionManager;
  /** The calling session (undefined only for messages without a session, e.g. login). */
  readonly session: StoredObject | undefined;
  readonly clock: Clock;
  readonly faults: ReadonlySet<FaultName>;
  readonly timing: Timing;
  /** The host answering this call (each host of a pool has its own listener and dispatcher). */
  readonly host: HostRefs;
  /** The pool: coordinator, hosts, local sessions (docs/SEMANTICS.md §11). */
  readonly pool: PoolRuntime;
  /** The schema entry of the message being executed. */
  readonly message: EmuMessage;
  /** The wire name exactly as the client called it (xapi names tasks after it: context.ml of_http_req). */
  readonly calledAs: string;
  readonly mode: CallMode;
  /**
   * The task of this call when one exists: set by the async runner (issue 4 also gives sync calls of
   * async-capable messages their task, SEMANTICS.md §2 "Async"). Undefined in the core.
   */
  readonly task: string | undefined;
  /** A record of `cls` with every field the caller leaves out set to its default. */
  completeRecord(cls: string, partial: Readonly<Record<string, unknown>>): DbRecord;
  /** The stored object, or HANDLE_INVALID [cls, ref]. */
  get(cls: string, ref: string): StoredObject;
}
