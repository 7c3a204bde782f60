// Shapes shared by the in-memory object database and its persistent store.
import type { XapiJs } from '../../xapi/types.ts';

/** A record as stored: field wire name → typed value. Replaced (never mutated) on every change. */
export type DbRecord = Readonly<Record<string, XapiJs>>;

export interface StoredObject {
  readonly cls: string;
  readonly ref: string;
  record: DbRecord;
  /** Generation at which the object was created. */
  readonly created: number;
  /** Generation of the last change (equals `created` until the first change). */
  modified: number;
  /**
   * Encoded forms of `record` (e.g. the XML-RPC struct as text, or as UTF-8 bytes in its map-member
   * form), keyed by codec name. Cleared on every change (ObjectDb replaces the record and drops this
   * map), so an entry is always the encoding of (ref, modified): get_record / get_all_records serve it
   * without re-encoding. Bounded: at most one entry per codec per live object; a removed object's
   * entries go with it.
   */
  encoded: Map<string, string | EncodedMember> | undefined;
}

/**
 * A record encoded as UTF-8 bytes in the form it takes as a member of a ref → record map
 * (XML-RPC `<member><name>ref</name><value>…</value></member>`, JSON `,"ref":{…}`), with the offsets
 * of the bare value inside, so get_record sends `bytes.subarray(valueStart, valueEnd)` and
 * get_all_records sends `bytes` itself: one buffer per record and protocol, never copied per request.
 */
export interface EncodedMember {
  readonly bytes: Buffer;
  readonly valueStart: number;
  readonly valueEnd: number;
}

/** A deleted object, kept (bounded) so that event.from can report `del` for it. */
export interface Tombstone {
  readonly cls: string;
  readonly ref: string;
  readonly created: number;
  readonly deleted: number;
  /** The record as it was when deleted (empty after a restart, and for a transient class: nothing reads it). */
  readonly record: DbRecord;
}

export type ChangeKind = 'add' | 'mod' | 'del';

export interface DbChange {
  readonly kind: ChangeKind;
  readonly cls: string;
  readonly ref: string;
  readonly generation: number;
  /** The record after the change (for `del`, the last record). */
  readonly record: DbRecord;
}

/** Called after a group of changes is durable (committed to SQLite), in commit order. */
export type ChangeListener = (changes: readonly DbChange[]) => void;

/** One group commit, written atomically by the store. */
export interface CommitBatch {
  readonly generation: number;
  readonly upserts: readonly StoredObject[];
  readonly deletes: readonly Tombstone[];
  /** Tombstones forgotten since the last commit (bounded retention). */
  readonly forgotten: readonly Tombstone[];
  readonly meta: ReadonlyMap<string, string>;
}

export interface LoadedState {
  readonly generation: number;
  readonly objects: readonly StoredObject[];
  readonly tombstones: readonly Tombstone[];
  readonly meta: ReadonlyMap<string, string>;
}

export interface DbStore {
  /** Returns undefined for an empty (new) store. */
  load(): LoadedState | undefined;
  write(batch: CommitBatch): void;
  /** Deletes every row (objects and tombstones) of these classes. */
  dropClasses(classes: readonly string[]): void;
  close(): void;
}
