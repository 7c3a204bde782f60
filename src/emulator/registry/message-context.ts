// What a message implementation receives. Documented for implementers in src/emulator/README.md.
import type { XapiJs } from '../../xapi/types.ts';
import type { CallMode } from '../../xapi/wire-name.ts';
import type { Clock } from '../clock.ts';
import type { DbRecord, StoredObject } from '../db/db-types.ts';
import type { ObjectDb } from '../db/object-db.ts';
import type { FaultName } from '../faults.ts';
import type { EmuMessage, EmuSchema } from '../schema/schema-view.ts';
import type { SessionManager } from '../sessions/session-manager.ts';
import type { Behaviour } from '../lifecycle/behaviour.ts';
import type { PoolRuntime } from '../pool/pool-runtime.ts';
import type { Timing } from '../tasks/timing-profile.ts';
import type { EncodedResult, RecordMapResult, RecordResult } from './result-values.ts';

export type { Timing };

export type { CallMode } from '../../xapi/wire-name.ts';

/** Refs of the objects every fresh host has (fresh-host/seed-fresh-host.ts). */
export interface HostRefs {
  readonly pool: string;
  readonly host: string;
  readonly controlDomain: string;
  readonly localSr: string;
}

export interface MessageContext {
  readonly db: ObjectDb;
  readonly schema: EmuSchema;
  readonly sessions: SessionManager;
  /** The calling session (undefined only for messages without a session, e.g. login). */
  readonly session: StoredObject | undefined;
  readonly clock: Clock;
  readonly faults: ReadonlySet<FaultName>;
  readonly timing: Timing;
  /** This emulator's task manager (which also runs Async calls), event hub and per-VM queues. */
  readonly behaviour: Behaviour;
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

/** Arguments by parameter name (session excluded), unmarshalled to typed values, defaults filled. */
export type MessageArgs = Readonly<Record<string, XapiJs>>;

export type MessageResult = XapiJs | RecordResult | RecordMapResult | EncodedResult;

export type MessageImpl = (ctx: MessageContext, args: MessageArgs) => MessageResult | Promise<MessageResult>;

/** The custom messages of one class, by datamodel name ("start"); exported by messages/<Class>.ts. */
export type MessageTable = Readonly<Record<string, MessageImpl>>;
