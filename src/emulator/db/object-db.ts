// The emulator's object database: in memory for speed (one Map per class), every change bumps a global
// generation counter (xapi's DB generation, which event.from tokens carry: SEMANTICS.md §6), and every
// change reaches the persistent store in a group commit before the caller answers its client.
import type { XapiJs } from '../../xapi/types.ts';
import type {
  ChangeListener,
  CommitBatch,
  DbChange,
  DbRecord,
  DbStore,
  StoredObject,
  Tombstone,
} from './db-types.ts';
import { RELATIONS, type Relation } from './relations.ts';
import { valuesEqual } from './values-equal.ts';

export interface ObjectDbOptions {
  readonly store: DbStore;
  /** Deleted objects remembered for event.from (count bound). Default 10,000. */
  readonly tombstoneLimit?: number;
  /** Deleted objects remembered for event.from (age bound, ms). Default 1 h. */
  readonly tombstoneMaxAgeMs?: number;
  readonly relations?: readonly Relation[];
  /**
   * Classes held in memory only, never written to the store (default: session and task, which the
   * datamodel declares PersistNothing: SEMANTICS.md §10 "Persistence", xen-api ocaml/idl/datamodel.ml).
   * Rows of these classes that an older store holds are dropped at load: a restart logs everyone out.
   */
  readonly transient?: readonly string[];
}

/** xen-api ocaml/idl/datamodel.ml: `session` and `task` are created with persist:PersistNothing. */
const PERSIST_NOTHING: readonly string[] = ['session', 'task'];

/** The record of a tombstone that keeps none (transient classes). */
const NO_RECORD: DbRecord = Object.freeze({});

interface TombstoneEntry {
  readonly tombstone: Tombstone;
  readonly at: number;
}

export class ObjectDb {
  #generation = 0;
  readonly #tables = new Map<string, Map<string, StoredObject>>();
  /** The object get() last found, by class: only live objects (remove() drops its own). */
  readonly #lastRead = new Map<string, StoredObject>();
  /** uuid → ref per class, built on a class's first lookup (refByUuid). */
  readonly #uuids = new Map<string, Map<string, string>>();
  /**
   * Deleted objects, oldest first, from index #tombstoneHead on: forgetting the oldest advances the head
   * instead of shift(), which V8 turns into a copy of the whole array while incremental marking runs
   * (issue 16: a GC pass evicting 300,000 sessions spent 12 µs per removal there); the forgotten front
   * is cut off once it is the larger half.
   */
  #tombstones: (TombstoneEntry | undefined)[] = [];
  #tombstoneHead = 0;
  /** Generation below which deletions may have been forgotten (event.from must then resync). */
  #tombstoneFloor = 0;
  readonly #meta = new Map<string, string>();
  readonly #store: DbStore;
  readonly #tombstoneLimit: number;
  readonly #tombstoneMaxAgeMs: number;
  readonly #byRefSide = new Map<string, Relation[]>();
  /** Many-to-many relations by their set side's class (only those keep a second set in step). */
  readonly #bySetSide = new Map<string, Relation[]>();
  readonly #listeners = new Set<ChangeListener>();
  readonly #transient: ReadonlySet<string>;

  // Pending group commit.
  readonly #dirty = new Map<string, StoredObject>();
  readonly #deleted = new Map<string, Tombstone>();
  readonly #forgotten: Tombstone[] = [];
  readonly #dirtyMeta = new Map<string, string>();
  #changes: DbChange[] = [];
  #flushScheduled: Promise<void> | undefined;
  #closed = false;
  #writtenGeneration = 0;

  constructor(options: ObjectDbOptions) {
    this.#store = options.store;
    this.#tombstoneLimit = options.tombstoneLimit ?? 10_000;
    this.#tombstoneMaxAgeMs = options.tombstoneMaxAgeMs ?? 3_600_000;
    this.#transient = new Set(options.transient ?? PERSIST_NOTHING);
    for (const r of options.relations ?? RELATIONS) {
      pushTo(this.#byRefSide, r.cls, r);
      // Decided once here, not per insert, update and remove (issue 16: a login inserts and evicts a
      // session, and the check built a string each time).
      if (isSetRelation(r)) pushTo(this.#bySetSide, r.otherCls, r);
    }
    const loaded = this.#store.load();
    if (loaded !== undefined) {
      this.#generation = loaded.generation;
      this.#writtenGeneration = loaded.generation;
      const dropped = new Set<string>();
      for (const o of loaded.objects) {
        if (this.#transient.has(o.cls)) dropped.add(o.cls);
        else this.#index(o);
      }
      const now = Date.now();
      for (const t of loaded.tombstones) {
        if (this.#transient.has(t.cls)) dropped.add(t.cls);
        else this.#tombstones.push({ tombstone: t, at: now });
      }
      // A store written before these classes became transient still holds their rows.
      if (dropped.size > 0) this.#store.dropClasses([...dropped]);
      this.#tombstones.sort((a, b) => a!.tombstone.deleted - b!.tombstone.deleted);
      for (const [k, v] of loaded.meta) this.#meta.set(k, v);
      this.#tombstoneFloor = Number(this.#meta.get('tombstone_floor') ?? '0');
    }
  }

  /** True when the store held a previous state (a restart), false for a fresh database. */
  get restored(): boolean {
    return this.#generation > 0;
  }

  get generation(): number {
    return this.#generation;
  }

  get tombstoneFloor(): number {
    return this.#tombstoneFloor;
  }

  // ---- reads ----

  get(cls: string, ref: string): StoredObject | undefined {
    // A ref that arrived in a request is a new string whose hash V8 computes on its first Map lookup,
    // which cost more than the rest of a get_record's session check; the object last read of each
    // class (a client's session, a polled record) is recognised by comparing the ref instead (issue 16).
    const last = this.#lastRead.get(cls);
    if (last !== undefined && last.ref === ref) return last;
    const obj = this.#tables.get(cls)?.get(ref);
    if (obj !== undefined) this.#lastRead.set(cls, obj);
    return obj;
  }

  /** The class of a ref, searching every table (refs are unique across classes). */
  classOf(ref: string): string | undefined {
    for (const [cls, t] of this.#tables) if (t.has(ref)) return cls;
    return undefined;
  }

  all(cls: string): IterableIterator<StoredObject> {
    return (this.#tables.get(cls) ?? new Map<string, StoredObject>()).values();
  }

  count(cls: string): number {
    return this.#tables.get(cls)?.size ?? 0;
  }

  classes(): IterableIterator<string> {
    return this.#tables.keys();
  }

  refByUuid(cls: string, uuid: string): string | undefined {
    let uuids = this.#uuids.get(cls);
    if (uuids === undefined) {
      // A class's uuid index is built on its first lookup, then kept in step (#index, #apply, remove):
      // starting with a 50,000-VM inventory then hashes no uuid of the 340,000 objects (issue 16), and
      // most classes are never looked up by uuid at all.
      uuids = new Map();
      for (const o of this.#tables.get(cls)?.values() ?? []) {
        const u = o.record['uuid'];
        if (typeof u === 'string' && u !== '') uuids.set(u, o.ref);
      }
      this.#uuids.set(cls, uuids);
    }
    return uuids.get(uuid);
  }

  /** Tombstones with `deleted > generation`, oldest first. */
  tombstonesSince(generation: number): Tombstone[] {
    const out: Tombstone[] = [];
    for (let i = this.#tombstones.length - 1; i >= this.#tombstoneHead; i--) {
      const t = this.#tombstones[i]!.tombstone;
      if (t.deleted <= generation) break;
      out.push(t);
    }
    return out.reverse();
  }

  getMeta(key: string): string | undefined {
    return this.#meta.get(key);
  }

  // ---- writes ----

  insert(cls: string, ref: string, record: DbRecord): StoredObject {
    const obj = this.insertUnlinked(cls, ref, record);
    for (const r of this.#byRefSide.get(cls) ?? []) this.#link(r, ref, undefined, record[r.field]);
    for (const r of this.#bySetSide.get(cls) ?? [])
      this.#linkReverse(r, ref, undefined, record[r.otherField]);
    return obj;
  }

  /**
   * Bulk seeding (the scaled inventory, issue 16): inserts without keeping relations in step, because
   * the caller fills both sides itself (a VBD's VM and that VM's VBDs); the set side of objects that
   * already exist is the caller's to update once, instead of one copy of the set per inserted object.
   */
  insertUnlinked(cls: string, ref: string, record: DbRecord): StoredObject {
    this.#assertOpen();
    if (this.get(cls, ref) !== undefined) throw new Error(`duplicate ref ${cls} ${ref}`);
    const generation = ++this.#generation;
    const obj: StoredObject = {
      cls,
      ref,
      record,
      created: generation,
      modified: generation,
      encoded: undefined,
    };
    this.#index(obj);
    this.#markDirty(obj, 'add');
    return obj;
  }

  /**
   * Applies `patch` to the record (copy-on-write). Returns undefined when the object does not exist.
   * Fields whose value equals the stored one are no change (db_cache_impl.ml write_field_locked):
   * a patch of equal values neither bumps the generation nor produces a `mod` event.
   */
  update(cls: string, ref: string, given: Readonly<Record<string, XapiJs>>): StoredObject | undefined {
    this.#assertOpen();
    const obj = this.get(cls, ref);
    if (obj === undefined) return undefined;
    const before = obj.record;
    let patch: Record<string, XapiJs> | undefined;
    for (const [k, v] of Object.entries(given)) {
      if (!Object.hasOwn(before, k) || !valuesEqual(before[k], v)) (patch ??= {})[k] = v;
    }
    if (patch === undefined) return obj;
    this.#apply(obj, patch);
    for (const r of this.#byRefSide.get(cls) ?? []) {
      if (Object.hasOwn(patch, r.field)) this.#link(r, ref, before[r.field], patch[r.field]);
    }
    for (const r of this.#bySetSide.get(cls) ?? []) {
      if (Object.hasOwn(patch, r.otherField)) {
        this.#linkReverse(r, ref, before[r.otherField], patch[r.otherField]);
      }
    }
    return obj;
  }

  /** A change without a new value: bumps the generation and gives a `mod` event (event.inject). */
  touch(cls: string, ref: string): StoredObject | undefined {
    this.#assertOpen();
    const obj = this.get(cls, ref);
    if (obj !== undefined) this.#apply(obj, {});
    return obj;
  }

  remove(cls: string, ref: string): boolean {
    this.#assertOpen();
    const obj = this.get(cls, ref);
    if (obj === undefined) return false;
    this.#tables.get(cls)?.delete(ref);
    if (this.#lastRead.get(cls) === obj) this.#lastRead.delete(cls);
    const uuid = obj.record['uuid'];
    if (typeof uuid === 'string') this.#uuids.get(cls)?.delete(uuid);
    const generation = ++this.#generation;
    // A transient class's tombstone never reaches the store, the one reader of its record (event.from's
    // `del` has no snapshot): it keeps none. A login storm then no longer holds the last 10,000 session
    // records alive until the tombstones age out (issue 16: each was copied out of the young generation
    // and later collected by a full GC).
    const record = this.#transient.has(cls) ? NO_RECORD : obj.record;
    const tombstone: Tombstone = { cls, ref, created: obj.created, deleted: generation, record };
    const now = Date.now();
    this.#tombstones.push({ tombstone, at: now });
    this.#trimTombstones(now);
    this.#dirty.delete(ref);
    if (!this.#transient.has(cls)) this.#deleted.set(ref, tombstone);
    this.#changes.push({ kind: 'del', cls, ref, generation, record: obj.record });
    this.#scheduleFlush();
    for (const r of this.#byRefSide.get(cls) ?? []) this.#link(r, ref, obj.record[r.field], undefined);
    for (const r of this.#bySetSide.get(cls) ?? [])
      this.#linkReverse(r, ref, obj.record[r.otherField], undefined);
    return true;
  }

  setMeta(key: string, value: string): void {
    this.#assertOpen();
    this.#meta.set(key, value);
    this.#dirtyMeta.set(key, value);
    this.#scheduleFlush();
  }

  // ---- commit ----

  /** True when changes are waiting for the next group commit. */
  get pending(): boolean {
    return this.#flushScheduled !== undefined;
  }

  /**
   * Resolves once every change made so far is durable. Changes made in the same tick share one
   * transaction (group commit): the flush runs from setImmediate, after the current I/O phase.
   */
  commit(): Promise<void> {
    return this.#flushScheduled ?? Promise.resolve();
  }

  /** Writes pending changes now (used by close and by tests). */
  flushNow(force = false): void {
    // Changes of transient classes alone (a login, a session check) need no disk write; their
    // generation reaches the store with the next durable change or at close.
    const durable = this.#dirty.size > 0 || this.#deleted.size > 0 || this.#dirtyMeta.size > 0;
    if (!durable && !(force && this.#generation !== this.#writtenGeneration)) {
      this.#fire();
      return;
    }
    const floor = String(this.#tombstoneFloor);
    if (this.#meta.get('tombstone_floor') !== floor) {
      this.#meta.set('tombstone_floor', floor);
      this.#dirtyMeta.set('tombstone_floor', floor);
    }
    const batch: CommitBatch = {
      generation: this.#generation,
      upserts: [...this.#dirty.values()],
      deletes: [...this.#deleted.values()],
      forgotten: this.#forgotten.splice(0),
      meta: new Map(this.#dirtyMeta),
    };
    this.#dirty.clear();
    this.#deleted.clear();
    this.#dirtyMeta.clear();
    this.#store.write(batch);
    this.#writtenGeneration = this.#generation;
    this.#fire();
  }

  onChange(listener: ChangeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    await this.commit();
    this.flushNow(true);
    this.#closed = true;
    this.#store.close();
  }

  // ---- internals ----

  #assertOpen(): void {
    if (this.#closed) throw new Error('object database is closed');
  }

  #index(obj: StoredObject): void {
    let table = this.#tables.get(obj.cls);
    if (table === undefined) {
      table = new Map();
      this.#tables.set(obj.cls, table);
    }
    table.set(obj.ref, obj);
    // Only a uuid index already built is kept in step (refByUuid builds it on first use).
    const uuids = this.#uuids.get(obj.cls);
    const uuid = obj.record['uuid'];
    if (uuids !== undefined && typeof uuid === 'string' && uuid !== '') uuids.set(uuid, obj.ref);
  }

  #apply(obj: StoredObject, patch: Readonly<Record<string, XapiJs>>): void {
    const oldUuid = obj.record['uuid'];
    obj.record = { ...obj.record, ...patch };
    obj.modified = ++this.#generation;
    obj.encoded = undefined;
    const newUuid = obj.record['uuid'];
    if (oldUuid !== newUuid) {
      if (typeof oldUuid === 'string') this.#uuids.get(obj.cls)?.delete(oldUuid);
      this.#index(obj);
    }
    this.#markDirty(obj, 'mod');
  }

  #markDirty(obj: StoredObject, kind: 'add' | 'mod'): void {
    // Transient classes still notify listeners (event.from) but never reach the store.
    if (!this.#transient.has(obj.cls)) this.#dirty.set(obj.ref, obj);
    this.#changes.push({ kind, cls: obj.cls, ref: obj.ref, generation: obj.modified, record: obj.record });
    this.#scheduleFlush();
  }

  #scheduleFlush(): void {
    if (this.#flushScheduled !== undefined) return;
    this.#flushScheduled = new Promise<void>((resolve, reject) => {
      setImmediate(() => {
        this.#flushScheduled = undefined;
        try {
          this.flushNow();
          resolve();
        } catch (err) {
          reject(err instanceof Error ? err : new Error(String(err)));
        }
      });
    });
    // A failed commit is reported to every waiter through commit(); this guard only keeps an
    // unobserved rejection (no request waiting) from crashing the process.
    this.#flushScheduled.catch(() => undefined);
  }

  #fire(): void {
    if (this.#changes.length === 0) return;
    const changes = this.#changes;
    this.#changes = [];
    for (const l of this.#listeners) {
      try {
        l(changes);
      } catch {
        // A listener's failure must not break the commit path of unrelated requests.
      }
    }
  }

  #trimTombstones(now: number): void {
    const list = this.#tombstones;
    let head = this.#tombstoneHead;
    while (
      list.length - head > this.#tombstoneLimit ||
      (list.length > head && now - list[head]!.at > this.#tombstoneMaxAgeMs)
    ) {
      const gone = list[head]!;
      list[head++] = undefined;
      this.#tombstoneFloor = Math.max(this.#tombstoneFloor, gone.tombstone.deleted);
      if (!this.#transient.has(gone.tombstone.cls)) this.#forgotten.push(gone.tombstone);
    }
    if (head > 1024 && head * 2 > list.length) {
      this.#tombstones = list.slice(head);
      head = 0;
    }
    this.#tombstoneHead = head;
  }

  /** Keeps the set side of a relation in step with its ref side (xapi does this in its DB layer). */
  #link(r: Relation, ref: string, before: XapiJs | undefined, after: XapiJs | undefined): void {
    const oldTargets = refsOf(before);
    const newTargets = refsOf(after);
    for (const t of oldTargets)
      if (!newTargets.includes(t)) this.#editSet(r.otherCls, t, r.otherField, ref, false);
    for (const t of newTargets)
      if (!oldTargets.includes(t)) this.#editSet(r.otherCls, t, r.otherField, ref, true);
  }

  /** Many-to-many: writing the set side updates the other set too. */
  #linkReverse(r: Relation, ref: string, before: XapiJs | undefined, after: XapiJs | undefined): void {
    const oldTargets = refsOf(before);
    const newTargets = refsOf(after);
    for (const t of oldTargets) if (!newTargets.includes(t)) this.#editSet(r.cls, t, r.field, ref, false);
    for (const t of newTargets) if (!oldTargets.includes(t)) this.#editSet(r.cls, t, r.field, ref, true);
  }

  #editSet(cls: string, target: string, field: string, ref: string, add: boolean): void {
    const obj = this.get(cls, target);
    if (obj === undefined) return;
    const current = obj.record[field];
    const set = Array.isArray(current) ? (current as readonly XapiJs[]) : [];
    const has = set.includes(ref);
    if (add === has) return;
    this.#apply(obj, { [field]: add ? [...set, ref] : set.filter((x) => x !== ref) });
  }
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

function refsOf(v: XapiJs | undefined): string[] {
  if (typeof v === 'string') return v === '' || v === 'OpaqueRef:NULL' ? [] : [v];
  if (Array.isArray(v)) return (v as readonly XapiJs[]).filter((x): x is string => typeof x === 'string');
  return [];
}

/** A relation whose ref side is itself a set (many-to-many): both sides are client-visible sets. */
function isSetRelation(r: Relation): boolean {
  return MANY_TO_MANY.has(`${r.cls}.${r.field}`);
}

const MANY_TO_MANY: ReadonlySet<string> = new Set([
  'host.updates',
  'PGPU.supported_VGPU_types',
  'PGPU.enabled_VGPU_types',
  'GPU_group.supported_VGPU_types',
  'GPU_group.enabled_VGPU_types',
  'PCI.attached_VMs',
  'VM.groups',
]);
