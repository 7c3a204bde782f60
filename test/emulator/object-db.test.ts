// The object database: generations, tombstones, relations, group commit and change listeners.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { DbChange } from '../../src/emulator/db/db-types.ts';
import { ObjectDb } from '../../src/emulator/db/object-db.ts';
import { SqliteStore } from '../../src/emulator/db/sqlite-store.ts';
import { scratchDir } from '../support/scratch-dir.ts';

const dir = scratchDir('db');

function memoryDb(options: { tombstoneLimit?: number } = {}): ObjectDb {
  return new ObjectDb({ store: new SqliteStore(':memory:'), ...options });
}

/** refByUuid finds each uuid of `found` (uuid -> ref) and nothing for those `absent`. */
function expectIndex(
  db: ObjectDb,
  cls: string,
  found: Readonly<Record<string, string>>,
  absent: readonly string[],
): void {
  for (const [uuid, ref] of Object.entries(found))
    expect(db.refByUuid(cls, uuid), `uuid '${uuid}'`).toBe(ref);
  for (const uuid of absent) expect(db.refByUuid(cls, uuid), `uuid '${uuid}'`).toBeUndefined();
}

describe('ObjectDb', () => {
  it('every change bumps the generation and records created/modified', async () => {
    const db = memoryDb();
    expect(db.restored).toBe(false);
    const a = db.insert('VM', 'OpaqueRef:a', { uuid: 'ua', name_label: 'a' });
    expect(a.created).toBe(1);
    db.update('VM', 'OpaqueRef:a', { name_label: 'b' });
    expect(db.generation).toBe(2);
    expect(db.get('VM', 'OpaqueRef:a')?.modified).toBe(2);
    expect(db.get('VM', 'OpaqueRef:a')?.created).toBe(1);
    expect(db.update('VM', 'OpaqueRef:missing', { name_label: 'x' })).toBeUndefined();
    await db.close();
  });

  it('records are copy-on-write: a reader keeps the version it read', async () => {
    const db = memoryDb();
    db.insert('VM', 'OpaqueRef:a', { uuid: 'ua', name_label: 'a' });
    const before = db.get('VM', 'OpaqueRef:a')!.record;
    db.update('VM', 'OpaqueRef:a', { name_label: 'b' });
    expect(before['name_label']).toBe('a');
    await db.close();
  });

  it('get answers what the table holds, however the last read of the class went (issue 16 memo)', async () => {
    const db = memoryDb();
    const ref = (id: string) => ['OpaqueRef:', id].join(''); // a new string each time, as a request's
    const a = db.insert('VM', ref('a'), { uuid: 'ua' });
    db.insert('VM', ref('b'), { uuid: 'ub' });
    expect(db.get('VM', ref('a'))).toBe(a);
    expect(db.get('VM', ref('a'))).toBe(a);
    expect(db.get('VM', ref('b'))?.record['uuid']).toBe('ub');
    expect(db.get('SR', ref('a'))).toBeUndefined();
    db.update('VM', ref('a'), { uuid: 'ua2' });
    expect(db.get('VM', ref('a'))?.record['uuid']).toBe('ua2');
    expect(db.get('VM', ref('a'))).toBe(a);
    db.remove('VM', ref('a'));
    expect(db.get('VM', ref('a'))).toBeUndefined();
    const again = db.insert('VM', ref('a'), { uuid: 'ua3' });
    expect(db.get('VM', ref('a'))).toBe(again);
    db.remove('VM', ref('b'));
    expect(db.get('VM', ref('b'))).toBeUndefined();
    expect(db.get('VM', ref('a'))).toBe(again);
    await db.close();
  });

  it('uuid index follows inserts, uuid changes and removals', async () => {
    const db = memoryDb();
    db.insert('SR', 'OpaqueRef:s', { uuid: 'u1' });
    expect(db.refByUuid('SR', 'u1')).toBe('OpaqueRef:s');
    db.update('SR', 'OpaqueRef:s', { uuid: 'u2' });
    expect(db.refByUuid('SR', 'u1')).toBeUndefined();
    expect(db.refByUuid('SR', 'u2')).toBe('OpaqueRef:s');
    db.remove('SR', 'OpaqueRef:s');
    expect(db.refByUuid('SR', 'u2')).toBeUndefined();
    await db.close();
  });

  it('a uuid index built on first lookup sees the objects inserted before and follows later changes', async () => {
    const db = memoryDb();
    for (let i = 0; i < 3; i++) db.insertUnlinked('VDI', `OpaqueRef:d${i}`, { uuid: `d${i}` });
    db.insert('VDI', 'OpaqueRef:blank', { uuid: '' });
    db.update('VDI', 'OpaqueRef:d1', { uuid: 'd1-new' });
    db.remove('VDI', 'OpaqueRef:d2');
    expectIndex(db, 'VDI', { d0: 'OpaqueRef:d0', 'd1-new': 'OpaqueRef:d1' }, ['d1', 'd2', '']);
    db.insert('VDI', 'OpaqueRef:d3', { uuid: 'd3' });
    db.update('VDI', 'OpaqueRef:d0', { uuid: 'd0-new' });
    db.remove('VDI', 'OpaqueRef:d1');
    expectIndex(db, 'VDI', { d3: 'OpaqueRef:d3', 'd0-new': 'OpaqueRef:d0' }, ['d0', 'd1-new']);
    await db.close();
  });

  it('tombstones keep deletions, bounded by count, with a floor generation', async () => {
    const db = memoryDb({ tombstoneLimit: 3 });
    for (let i = 0; i < 5; i++) db.insert('VM', `OpaqueRef:${i}`, { uuid: `u${i}` });
    for (let i = 0; i < 5; i++) db.remove('VM', `OpaqueRef:${i}`);
    const kept = db.tombstonesSince(0);
    expect(kept.map((t) => t.ref)).toEqual(['OpaqueRef:2', 'OpaqueRef:3', 'OpaqueRef:4']);
    expect(db.tombstoneFloor).toBe(7);
    expect(db.tombstonesSince(9).map((t) => t.ref)).toEqual(['OpaqueRef:4']);
    await db.close();
  });

  it('the count bound holds over many deletions: the newest are kept in order, the floor follows', async () => {
    const db = memoryDb({ tombstoneLimit: 1000 });
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 700; i++) db.insert('VM', `OpaqueRef:${round}-${i}`, { uuid: `u${round}-${i}` });
      for (let i = 0; i < 700; i++) db.remove('VM', `OpaqueRef:${round}-${i}`);
      const kept = db.tombstonesSince(0);
      expect(kept).toHaveLength(Math.min(1000, 700 * (round + 1)));
      expect(kept.at(-1)?.ref).toBe(`OpaqueRef:${round}-699`);
      expect(kept.every((t, i) => i === 0 || t.deleted > kept[i - 1]!.deleted)).toBe(true);
      if (round > 0) expect(db.tombstoneFloor).toBe(kept[0]!.deleted - 1);
      expect(db.tombstonesSince(db.generation - 1).map((t) => t.ref)).toEqual([`OpaqueRef:${round}-699`]);
    }
    await db.close();
  });

  it('a transient class keeps its deletions for event.from but not the deleted record (issue 16)', async () => {
    const db = memoryDb();
    db.insert('VM', 'OpaqueRef:vm', { uuid: 'uv', name_label: 'kept' });
    db.insert('session', 'OpaqueRef:s', { uuid: 'us', originator: 'x' });
    db.remove('VM', 'OpaqueRef:vm');
    db.remove('session', 'OpaqueRef:s');
    const [vm, session] = db.tombstonesSince(0);
    expect(vm?.record).toEqual({ uuid: 'uv', name_label: 'kept' });
    expect(session?.ref).toBe('OpaqueRef:s');
    expect(session?.created).toBe(2);
    expect(session?.deleted).toBe(4);
    expect(session?.record).toEqual({});
    await db.close();
  });

  it('keeps one-to-many relation sets in step and bumps the other side', async () => {
    const db = memoryDb();
    db.insert('VM', 'OpaqueRef:vm1', { uuid: 'v1', VBDs: [] });
    db.insert('VM', 'OpaqueRef:vm2', { uuid: 'v2', VBDs: [] });
    db.insert('VBD', 'OpaqueRef:b', { uuid: 'b', VM: 'OpaqueRef:vm1' });
    expect(db.get('VM', 'OpaqueRef:vm1')?.record['VBDs']).toEqual(['OpaqueRef:b']);
    db.update('VBD', 'OpaqueRef:b', { VM: 'OpaqueRef:vm2' });
    expect(db.get('VM', 'OpaqueRef:vm1')?.record['VBDs']).toEqual([]);
    expect(db.get('VM', 'OpaqueRef:vm2')?.record['VBDs']).toEqual(['OpaqueRef:b']);
    expect(db.get('VM', 'OpaqueRef:vm2')?.modified).toBe(db.generation);
    db.remove('VBD', 'OpaqueRef:b');
    expect(db.get('VM', 'OpaqueRef:vm2')?.record['VBDs']).toEqual([]);
    await db.close();
  });

  it('group commit: changes of one tick share one transaction; listeners fire after it', async () => {
    const path = join(dir, 'group.db');
    const db = new ObjectDb({ store: new SqliteStore(path) });
    const seen: DbChange[][] = [];
    let durableWhenFired = -1;
    const probe = new Database(path, { readonly: true });
    db.onChange((changes) => {
      seen.push([...changes]);
      durableWhenFired = (probe.prepare('SELECT COUNT(*) AS n FROM objects').get() as { n: number }).n;
    });
    for (let i = 0; i < 10; i++) db.insert('VM', `OpaqueRef:${i}`, { uuid: `u${i}` });
    expect(db.pending).toBe(true);
    expect(seen).toEqual([]);
    await db.commit();
    expect(seen).toHaveLength(1);
    expect(seen[0]!.map((c) => c.kind)).toEqual(Array(10).fill('add'));
    expect(durableWhenFired).toBe(10);
    db.update('VM', 'OpaqueRef:1', { name_label: 'x' });
    db.remove('VM', 'OpaqueRef:2');
    await db.commit();
    expect(seen[1]!.map((c) => [c.kind, c.ref])).toEqual([
      ['mod', 'OpaqueRef:1'],
      ['del', 'OpaqueRef:2'],
    ]);
    probe.close();
    await db.close();
  });

  it('a reopened store restores objects, generation, tombstones and meta', async () => {
    const path = join(dir, 'reopen.db');
    const a = new ObjectDb({ store: new SqliteStore(path) });
    a.insert('VM', 'OpaqueRef:a', { uuid: 'ua', last: new Date(1234), n: 5, tags: ['x'], m: { k: 'v' } });
    a.insert('VM', 'OpaqueRef:b', { uuid: 'ub' });
    a.remove('VM', 'OpaqueRef:b');
    a.setMeta('k', 'v');
    const gen = a.generation;
    await a.close();
    const b = new ObjectDb({ store: new SqliteStore(path) });
    expect(b.restored).toBe(true);
    expect(b.generation).toBe(gen);
    expect(b.get('VM', 'OpaqueRef:a')?.record).toEqual({
      uuid: 'ua',
      last: new Date(1234),
      n: 5,
      tags: ['x'],
      m: { k: 'v' },
    });
    expect(b.tombstonesSince(0).map((t) => t.ref)).toEqual(['OpaqueRef:b']);
    expect(b.getMeta('k')).toBe('v');
    await b.close();
  });

  it('xapi write_field_locked: a write of equal values is no change (no generation, no mod)', async () => {
    const db = memoryDb();
    db.insert('VM', 'OpaqueRef:a', {
      uuid: 'ua',
      name_label: 'a',
      at: new Date(5),
      tags: ['x'],
      m: { k: 'v' },
    });
    await db.commit();
    const seen: DbChange[] = [];
    const off = db.onChange((c) => seen.push(...c));
    const gen = db.generation;
    db.update('VM', 'OpaqueRef:a', { name_label: 'a', at: new Date(5), tags: ['x'], m: { k: 'v' } });
    await db.commit();
    expect(db.generation).toBe(gen);
    expect(seen).toEqual([]);
    // A patch with one changed field is one change.
    db.update('VM', 'OpaqueRef:a', { name_label: 'a', tags: ['x', 'y'] });
    await db.commit();
    expect(db.generation).toBe(gen + 1);
    expect(seen.map((c) => c.kind)).toEqual(['mod']);
    // touch (event.inject) is a change without a value.
    db.touch('VM', 'OpaqueRef:a');
    expect(db.generation).toBe(gen + 2);
    off();
    await db.close();
  });

  it('xapi PersistNothing: session and task rows never reach the store and are dropped from an old one', async () => {
    const path = join(dir, 'transient.db');
    const a = new ObjectDb({ store: new SqliteStore(path) });
    a.insert('VM', 'OpaqueRef:vm', { uuid: 'uv' });
    a.insert('session', 'OpaqueRef:s', { uuid: 'us' });
    a.insert('task', 'OpaqueRef:t', { uuid: 'ut', session: 'OpaqueRef:s' });
    a.insert('session', 'OpaqueRef:gone', { uuid: 'ug' });
    a.remove('session', 'OpaqueRef:gone');
    await a.close();
    const raw = new Database(path);
    const classes = raw.prepare('SELECT DISTINCT cls FROM objects UNION SELECT cls FROM tombstones').all();
    expect(classes).toEqual([{ cls: 'VM' }]);
    // A store written before sessions became transient: its session rows go at the next load.
    raw.prepare("INSERT INTO objects VALUES ('OpaqueRef:old', 'session', 1, 1, '{}')").run();
    raw.close();
    const b = new ObjectDb({ store: new SqliteStore(path) });
    expect(b.count('session')).toBe(0);
    expect(b.count('task')).toBe(0);
    expect(b.get('VM', 'OpaqueRef:vm')).toBeDefined();
    await b.close();
    const after = new Database(path);
    expect(after.prepare("SELECT COUNT(*) AS n FROM objects WHERE cls = 'session'").get()).toEqual({ n: 0 });
    after.close();
  });
});
