// The store's rows (issue 16): with the datamodel's defaults, a row holds only the fields that differ
// from them and a reload completes it to the same record; a commit of many rows (the scaled inventory)
// is written as one bulk load and leaves the database in WAL mode.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { DbRecord } from '../../src/emulator/db/db-types.ts';
import { ObjectDb } from '../../src/emulator/db/object-db.ts';
import { SqliteStore } from '../../src/emulator/db/sqlite-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'xapi-harness-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const VM_DEFAULTS: DbRecord = {
  uuid: '',
  name_label: '',
  memory: 0,
  tags: [],
  other_config: {},
  blocked: { a: 'b' },
  start_time: new Date(0),
  resident_on: 'OpaqueRef:NULL',
};
const defaults = (cls: string): DbRecord | undefined => (cls === 'VM' ? VM_DEFAULTS : undefined);

function rowOf(path: string, ref: string): Record<string, unknown> {
  const probe = new Database(path, { readonly: true });
  try {
    const row = probe.prepare('SELECT record FROM objects WHERE ref = ?').get(ref) as { record: string };
    return JSON.parse(row.record) as Record<string, unknown>;
  } finally {
    probe.close();
  }
}

describe('SqliteStore', () => {
  it('writes only the fields that differ from the defaults and reloads the same records', async () => {
    const path = join(dir, 'sparse.db');
    const a = new ObjectDb({ store: new SqliteStore(path, { defaults }) });
    const full: DbRecord = {
      ...VM_DEFAULTS,
      uuid: 'u1',
      memory: 5,
      tags: ['x'],
      start_time: new Date(1234),
      blocked: {},
      extra: 'not a field',
    };
    a.insert('VM', 'OpaqueRef:a', full);
    a.insert('VM', 'OpaqueRef:b', { ...VM_DEFAULTS, uuid: 'u2' });
    // A class without defaults keeps full rows.
    a.insert('host', 'OpaqueRef:h', { uuid: 'h', name_label: '' });
    await a.close();

    expect(rowOf(path, 'OpaqueRef:a')).toEqual({
      uuid: 'u1',
      memory: 5,
      tags: ['x'],
      start_time: { $date: 1234 },
      blocked: {},
      extra: 'not a field',
    });
    expect(rowOf(path, 'OpaqueRef:b')).toEqual({ uuid: 'u2' });
    expect(rowOf(path, 'OpaqueRef:h')).toEqual({ uuid: 'h', name_label: '' });

    const b = new ObjectDb({ store: new SqliteStore(path, { defaults }) });
    expect(b.get('VM', 'OpaqueRef:a')?.record).toEqual(full);
    expect(b.get('VM', 'OpaqueRef:b')?.record).toEqual({ ...VM_DEFAULTS, uuid: 'u2' });
    expect(b.get('host', 'OpaqueRef:h')?.record).toEqual({ uuid: 'h', name_label: '' });
    // A field changed back to its default is left out of the row and still reloads as the default.
    b.update('VM', 'OpaqueRef:a', { memory: 0, tags: [] });
    await b.close();
    expect(rowOf(path, 'OpaqueRef:a')).not.toHaveProperty('memory');
    const c = new ObjectDb({ store: new SqliteStore(path, { defaults }) });
    expect(c.get('VM', 'OpaqueRef:a')?.record).toEqual({ ...full, memory: 0, tags: [] });
    await c.close();
  });

  it('loads full rows written without defaults unchanged', async () => {
    const path = join(dir, 'full.db');
    const a = new ObjectDb({ store: new SqliteStore(path) });
    a.insert('VM', 'OpaqueRef:a', { ...VM_DEFAULTS, uuid: 'u1' });
    await a.close();
    expect(Object.keys(rowOf(path, 'OpaqueRef:a'))).toEqual(Object.keys(VM_DEFAULTS));
    const b = new ObjectDb({ store: new SqliteStore(path, { defaults }) });
    expect(b.get('VM', 'OpaqueRef:a')?.record).toEqual({ ...VM_DEFAULTS, uuid: 'u1' });
    await b.close();
  });

  it('a commit of many rows is one bulk load; the database stays in WAL mode and reloads', async () => {
    const path = join(dir, 'bulk.db');
    const a = new ObjectDb({ store: new SqliteStore(path, { defaults }) });
    const n = 12_007; // chunks of 20 rows and a remainder
    for (let i = 0; i < n; i++)
      a.insertUnlinked('VM', `OpaqueRef:${(n - i).toString(36)}`, {
        ...VM_DEFAULTS,
        uuid: `u${i}`,
        memory: i,
      });
    await a.commit();
    a.update('VM', 'OpaqueRef:1', { name_label: 'after the bulk' });
    await a.commit();
    const probe = new Database(path, { readonly: true });
    expect(probe.pragma('journal_mode', { simple: true })).toBe('wal');
    expect((probe.prepare('SELECT COUNT(*) AS n FROM objects').get() as { n: number }).n).toBe(n);
    probe.close();
    const gen = a.generation;
    await a.close();
    const b = new ObjectDb({ store: new SqliteStore(path, { defaults }) });
    expect(b.generation).toBe(gen);
    expect([...b.all('VM')]).toHaveLength(n);
    expect(b.get('VM', `OpaqueRef:${(n - 5).toString(36)}`)?.record).toEqual({
      ...VM_DEFAULTS,
      uuid: 'u5',
      memory: 5,
    });
    expect(b.get('VM', 'OpaqueRef:1')?.record['name_label']).toBe('after the bulk');
    await b.close();
  });
});
