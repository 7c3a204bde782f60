// Persistence of the object database in SQLite (better-sqlite3, WAL). The in-memory database stays the
// source of truth for reads; SQLite receives one transaction per group commit (ObjectDb.flushNow).
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { CommitBatch, DbRecord, DbStore, LoadedState, StoredObject, Tombstone } from './db-types.ts';
import { recordFromJson, recordToJson } from './record-json.ts';

/**
 * - `process` (default): survives a crash or `kill -9` of the emulator. WAL + synchronous=NORMAL: a
 *   commit is complete once its frames are written to the WAL file, i.e. handed to the kernel, which
 *   keeps them when the process dies. Only an OS crash or power loss can roll back the last commits.
 * - `power`: synchronous=FULL, an fsync of the WAL per commit; also survives power loss, at the cost of
 *   one disk flush per group commit.
 */
export type Durability = 'process' | 'power';

const FORMAT = '1';

/**
 * A commit with this many upserts is a bulk load (the scaled inventory at start, issue 16): its rows are
 * written in ref order with a larger page cache, under a rollback journal instead of the WAL (which would
 * write every page twice: into the WAL, then into the file at the checkpoint).
 */
const BULK_ROWS = 10_000;
/** The page cache of a bulk load (KiB); the default (2 MiB) thrashes on the ref index of 300,000 rows. */
const BULK_CACHE_KIB = 64 * 1024;

/** Rows per INSERT of a commit's upserts: fewer statement runs (-25 % of the inserts' CPU at 300,000 rows). */
const UPSERT_CHUNK = 20;

/** The class's default record (every field at its datamodel default), or undefined for no sparse rows. */
export type RecordDefaults = (cls: string) => DbRecord | undefined;

export interface SqliteStoreOptions {
  readonly durability?: Durability;
  /**
   * Rows hold only the fields that differ from these defaults, and load completes them again: a 50,000-VM
   * inventory writes about a third of the bytes (issue 16), and a field the rows lack is the same value
   * the schema upgrade at load would give it (schema/upgrade-records.ts). Rows written in full (older
   * stores, or a store without defaults) load unchanged.
   */
  readonly defaults?: RecordDefaults;
}

interface ObjectRow {
  ref: string;
  cls: string;
  created: number;
  modified: number;
  record: string;
}

interface TombstoneRow {
  ref: string;
  cls: string;
  created: number;
  deleted: number;
  record: string;
}

interface MetaRow {
  key: string;
  value: string;
}

/**
 * Holds `<path>.lock` for as long as the store is open: two emulators on one database file would each serve
 * only their own writes and both sets would reappear at the next start (issue 12 §8). SQLite's EXCLUSIVE
 * locking mode keeps the lock taken by the first write until the connection closes, and the OS drops it
 * when the process dies (kill -9 included), so a crash never leaves a stale lock. A separate file keeps the
 * database itself readable by other connections (sqlite3, tests) while the emulator runs.
 */
function takeLock(path: string): Database.Database {
  const file = `${path}.lock`;
  const lock = new Database(file, { timeout: 0 });
  try {
    lock.pragma('locking_mode = EXCLUSIVE');
    lock.exec(
      `CREATE TABLE IF NOT EXISTS owner (pid INTEGER NOT NULL); DELETE FROM owner; INSERT INTO owner VALUES (${process.pid});`,
    );
  } catch (err) {
    lock.close();
    if ((err as { code?: unknown }).code === 'SQLITE_BUSY')
      throw new Error(
        `database ${path} is in use by another emulator (it holds ${file}): stop that one or give another --db`,
      );
    throw err;
  }
  return lock;
}

export class SqliteStore implements DbStore {
  readonly #db: Database.Database;
  readonly #lock: Database.Database | undefined;
  readonly #upsert: Database.Statement<[string, string, number, number, string]>;
  readonly #upsertChunk: Database.Statement<(string | number)[]>;
  readonly #deleteObject: Database.Statement<[string]>;
  readonly #insertTombstone: Database.Statement<[string, string, number, number, string]>;
  readonly #deleteTombstone: Database.Statement<[string]>;
  readonly #setMeta: Database.Statement<[string, string]>;
  readonly #writeTx: (batch: CommitBatch) => void;
  readonly #defaults: RecordDefaults | undefined;
  readonly #sparse = new Map<
    string,
    { readonly keys: readonly string[]; readonly record: DbRecord } | null
  >();
  readonly #wal: boolean;

  /** `path` may be ':memory:' (nothing survives the process; useful for tests and benches). */
  constructor(path: string, options: Durability | SqliteStoreOptions = {}) {
    const o = typeof options === 'string' ? { durability: options } : options;
    const durability = o.durability ?? 'process';
    this.#defaults = o.defaults;
    this.#wal = path !== ':memory:';
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.#lock = path === ':memory:' ? undefined : takeLock(path);
    this.#db = new Database(path);
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma(durability === 'power' ? 'synchronous = FULL' : 'synchronous = NORMAL');
    this.#db.exec(`
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS objects (
        ref TEXT PRIMARY KEY, cls TEXT NOT NULL, created INTEGER NOT NULL, modified INTEGER NOT NULL,
        record TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS tombstones (
        ref TEXT PRIMARY KEY, cls TEXT NOT NULL, created INTEGER NOT NULL, deleted INTEGER NOT NULL,
        record TEXT NOT NULL);
    `);
    const format = this.#db.prepare<[], MetaRow>("SELECT key, value FROM meta WHERE key = 'format'").get();
    if (format !== undefined && format.value !== FORMAT) {
      throw new Error(`emulator database ${path} has format ${format.value}, expected ${FORMAT}`);
    }
    this.#upsert = this.#db.prepare(
      'INSERT OR REPLACE INTO objects (ref, cls, created, modified, record) VALUES (?, ?, ?, ?, ?)',
    );
    this.#upsertChunk = this.#db.prepare(
      'INSERT OR REPLACE INTO objects (ref, cls, created, modified, record) VALUES ' +
        Array<string>(UPSERT_CHUNK).fill('(?, ?, ?, ?, ?)').join(', '),
    );
    this.#deleteObject = this.#db.prepare('DELETE FROM objects WHERE ref = ?');
    this.#insertTombstone = this.#db.prepare(
      'INSERT OR REPLACE INTO tombstones (ref, cls, created, deleted, record) VALUES (?, ?, ?, ?, ?)',
    );
    this.#deleteTombstone = this.#db.prepare('DELETE FROM tombstones WHERE ref = ?');
    this.#setMeta = this.#db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
    this.#writeTx = this.#db.transaction((batch: CommitBatch) => {
      // The upserts' refs are distinct (one per dirty object), so a chunk never replaces its own row.
      const ups = batch.upserts;
      const args = new Array<string | number>(UPSERT_CHUNK * 5);
      let i = 0;
      for (; i + UPSERT_CHUNK <= ups.length; i += UPSERT_CHUNK) {
        for (let j = 0; j < UPSERT_CHUNK; j++) {
          const o = ups[i + j]!;
          const at = j * 5;
          args[at] = o.ref;
          args[at + 1] = o.cls;
          args[at + 2] = o.created;
          args[at + 3] = o.modified;
          args[at + 4] = recordToJson(o.record, this.#defaultsOf(o.cls)?.record);
        }
        this.#upsertChunk.run(...args);
      }
      for (; i < ups.length; i++) {
        const o = ups[i]!;
        this.#upsert.run(
          o.ref,
          o.cls,
          o.created,
          o.modified,
          recordToJson(o.record, this.#defaultsOf(o.cls)?.record),
        );
      }
      for (const t of batch.deletes) {
        this.#deleteObject.run(t.ref);
        // event.from reports a deletion without a snapshot (SEMANTICS.md §6), so the record is not kept.
        this.#insertTombstone.run(t.ref, t.cls, t.created, t.deleted, '{}');
      }
      for (const t of batch.forgotten) this.#deleteTombstone.run(t.ref);
      for (const [k, v] of batch.meta) this.#setMeta.run(k, v);
      this.#setMeta.run('generation', String(batch.generation));
      this.#setMeta.run('format', FORMAT);
    });
  }

  /** Every row `sql` selects, mapped one by one (no array of the raw rows: a scaled inventory has 300,000). */
  #rows<Row, T>(sql: string, map: (row: Row) => T): T[] {
    const out: T[] = [];
    for (const row of this.#db.prepare<[], Row>(sql).iterate()) out.push(map(row));
    return out;
  }

  load(): LoadedState | undefined {
    const meta = new Map(
      this.#rows<MetaRow, [string, string]>('SELECT key, value FROM meta', (r) => [r.key, r.value]),
    );
    const generation = Number(meta.get('generation') ?? '0');
    if (generation === 0) return undefined;
    const objects = this.#rows<ObjectRow, StoredObject>(
      'SELECT ref, cls, created, modified, record FROM objects',
      (row) => ({
        ...row,
        record: this.#complete(row.cls, recordFromJson(row.record) as DbRecord),
        encoded: undefined,
      }),
    );
    objects.sort((a, b) => a.created - b.created);
    const tombstones = this.#rows<TombstoneRow, Tombstone>(
      'SELECT ref, cls, created, deleted, record FROM tombstones ORDER BY deleted',
      (row) => ({ ...row, record: recordFromJson(row.record) as DbRecord }),
    );
    return { generation, objects, tombstones, meta };
  }

  write(batch: CommitBatch): void {
    if (batch.upserts.length < BULK_ROWS) {
      this.#writeTx(batch);
      return;
    }
    // In ref order, the ref index grows at its end instead of splitting pages all over the file.
    const bulk = {
      ...batch,
      upserts: [...batch.upserts].sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0)),
    };
    // Leaving WAL mode needs the database to ourselves: the store's own connection is the only one (the
    // lock file keeps other emulators out). A rollback journal commits as atomically as the WAL.
    if (this.#wal) this.#db.pragma('journal_mode = DELETE');
    this.#db.pragma(`cache_size = -${BULK_CACHE_KIB}`);
    try {
      this.#writeTx(bulk);
    } finally {
      this.#db.pragma('cache_size = -2000');
      this.#db.pragma('shrink_memory');
      if (this.#wal) this.#db.pragma('journal_mode = WAL');
    }
  }

  /** A loaded row with the fields it left out at their defaults (a full row comes back as it was). */
  #complete(cls: string, row: DbRecord): DbRecord {
    const d = this.#defaultsOf(cls);
    if (d === null) return row;
    let missing = false;
    for (const k of d.keys) {
      if (!Object.hasOwn(row, k)) {
        missing = true;
        break;
      }
    }
    // The defaults' sets, maps and dates are shared, as the inventory's records share them: records are
    // replaced on change, never mutated (db-types.ts DbRecord).
    return missing ? { ...d.record, ...row } : row;
  }

  #defaultsOf(cls: string): { readonly keys: readonly string[]; readonly record: DbRecord } | null {
    let d = this.#sparse.get(cls);
    if (d === undefined) {
      const record = this.#defaults?.(cls);
      // Spread: a fast-mode copy, so that completing 300,000 rows at load spreads a fast object
      // (seed-inventory.ts, the same cost for a record built field by field).
      d = record === undefined ? null : { keys: Object.keys(record), record: { ...record } };
      this.#sparse.set(cls, d);
    }
    return d;
  }

  dropClasses(classes: readonly string[]): void {
    const drop = this.#db.transaction((list: readonly string[]) => {
      for (const cls of list) {
        this.#db.prepare('DELETE FROM objects WHERE cls = ?').run(cls);
        this.#db.prepare('DELETE FROM tombstones WHERE cls = ?').run(cls);
      }
    });
    drop(classes);
  }

  close(): void {
    if (this.#db.open) this.#db.close();
    if (this.#lock?.open === true) this.#lock.close();
  }
}
