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
  readonly #deleteObject: Database.Statement<[string]>;
  readonly #insertTombstone: Database.Statement<[string, string, number, number, string]>;
  readonly #deleteTombstone: Database.Statement<[string]>;
  readonly #setMeta: Database.Statement<[string, string]>;
  readonly #writeTx: (batch: CommitBatch) => void;

  /** `path` may be ':memory:' (nothing survives the process; useful for tests and benches). */
  constructor(path: string, durability: Durability = 'process') {
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
    this.#deleteObject = this.#db.prepare('DELETE FROM objects WHERE ref = ?');
    this.#insertTombstone = this.#db.prepare(
      'INSERT OR REPLACE INTO tombstones (ref, cls, created, deleted, record) VALUES (?, ?, ?, ?, ?)',
    );
    this.#deleteTombstone = this.#db.prepare('DELETE FROM tombstones WHERE ref = ?');
    this.#setMeta = this.#db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
    this.#writeTx = this.#db.transaction((batch: CommitBatch) => {
      for (const o of batch.upserts) {
        this.#upsert.run(o.ref, o.cls, o.created, o.modified, recordToJson(o.record));
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

  load(): LoadedState | undefined {
    const meta = new Map<string, string>();
    for (const row of this.#db.prepare<[], MetaRow>('SELECT key, value FROM meta').iterate()) {
      meta.set(row.key, row.value);
    }
    const generation = Number(meta.get('generation') ?? '0');
    if (generation === 0) return undefined;
    const objects: StoredObject[] = [];
    for (const row of this.#db
      .prepare<[], ObjectRow>('SELECT ref, cls, created, modified, record FROM objects')
      .iterate()) {
      objects.push({
        ref: row.ref,
        cls: row.cls,
        created: row.created,
        modified: row.modified,
        record: recordFromJson(row.record) as DbRecord,
        encoded: undefined,
      });
    }
    objects.sort((a, b) => a.created - b.created);
    const tombstones: Tombstone[] = [];
    for (const row of this.#db
      .prepare<[], TombstoneRow>('SELECT ref, cls, created, deleted, record FROM tombstones ORDER BY deleted')
      .iterate()) {
      tombstones.push({
        ref: row.ref,
        cls: row.cls,
        created: row.created,
        deleted: row.deleted,
        record: recordFromJson(row.record) as DbRecord,
      });
    }
    return { generation, objects, tombstones, meta };
  }

  write(batch: CommitBatch): void {
    this.#writeTx(batch);
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
