// The bound on cached record encodings (issue 16, `cacheMb`): answers are the same bytes with a tiny
// budget as with the default; the cache stays within its budget by evicting the least recently served
// records; with room, a second get_all_records is served from the cache (hits, no new misses).
import { afterAll, describe, expect, it } from 'vitest';
import { inProcessTransport, XapiClient } from '../../src/client/index.ts';
import type { Outcome } from '../../src/client/index.ts';
import { createEmulator, type Emulator } from '../../src/emulator/index.ts';
import type { StoredObject } from '../../src/emulator/db/db-types.ts';
import { EncodingCache } from '../../src/emulator/dispatch/encoding-cache.ts';

const open: Emulator[] = [];
afterAll(async () => {
  await Promise.all(open.map((e) => e.close()));
});

async function start(cacheMb?: number) {
  const emu = await createEmulator({
    listen: false,
    authFailureDelayMs: 0,
    inventory: 'hosts=2,vms=300,seed=9',
    ...(cacheMb === undefined ? {} : { cacheMb }),
  });
  open.push(emu);
  const client = new XapiClient({ transport: inProcessTransport(emu.handle) });
  const call = (m: string, ...a: unknown[]): Promise<Outcome> => client.attempt(m, a);
  const login = await call('session.login_with_password', emu.user, emu.password);
  if (!login.ok) throw new Error(login.code);
  return { emu, call, s: login.value as string };
}

describe('encoding cache bound', () => {
  it('keeps within a tiny budget, evicting, and answers the same records', async () => {
    const { emu, call, s } = await start(1);
    const first = await call('VM.get_all_records', s);
    expect(first.ok).toBe(true);
    for (let i = 0; i < 2; i++) {
      expect(await call('VM.get_all_records', s)).toEqual(first);
      const st = emu.encodingCache.stats();
      expect(st.bytes).toBeLessThanOrEqual(st.limitBytes);
      expect(st.evictions).toBeGreaterThan(0);
    }
  });

  it('serves a repeated get_all_records from the cache when it fits', async () => {
    const { emu, call, s } = await start();
    expect((await call('VM.get_all_records', s)).ok).toBe(true);
    const first = emu.encodingCache.stats();
    expect((await call('VM.get_all_records', s)).ok).toBe(true);
    const second = emu.encodingCache.stats();
    expect(second.misses).toBe(first.misses);
    expect(second.hits - first.hits).toBeGreaterThanOrEqual(300);
    expect(second.evictions).toBe(0);
  });

  it('re-encodes a record after a change, evicted or not', async () => {
    const { emu, call, s } = await start(1);
    const all = await call('VM.get_all_records', s);
    if (!all.ok) throw new Error(all.code);
    const ref = Object.keys(all.value as Record<string, unknown>).find((r) => r !== emu.host.controlDomain)!;
    expect((await call('VM.set_name_label', s, ref, 'renamed')).ok).toBe(true);
    await call('VM.get_all_records', s);
    const rec = await call('VM.get_record', s, ref);
    expect(rec.ok && (rec.value as Record<string, unknown>)['name_label']).toBe('renamed');
    expect(emu.encodingCache.stats().bytes).toBeLessThanOrEqual(emu.encodingCache.limitBytes);
  });
});

describe('EncodingCache order', () => {
  const obj = (ref: string): StoredObject => ({
    cls: 'VM',
    ref,
    record: {},
    created: 0,
    modified: 0,
    encoded: new Map(),
  });

  it('evicts the least recently served, however often the newest is served again', () => {
    // Room for two records of 1,000 bytes.
    const cache = new EncodingCache(2_000 / (1024 * 1024));
    const [a, b, c] = [obj('a'), obj('b'), obj('c')];
    cache.stored(a, 1_000);
    cache.stored(b, 1_000);
    cache.hit(a);
    cache.hit(a);
    cache.hit(b);
    cache.hit(b);
    cache.stored(c, 1_000);
    expect([a.encoded, b.encoded, c.encoded].map((e) => e !== undefined)).toEqual([false, true, true]);
    expect(cache.stats()).toMatchObject({ hits: 4, misses: 3, evictions: 1, records: 2 });
  });

  it('counts a resized encoding by its size change, neither a miss nor for a record that changed since', () => {
    const cache = new EncodingCache(1);
    const a = obj('a');
    cache.stored(a, 1_000);
    cache.resized(a, 3);
    cache.resized(a, -1);
    expect(cache.stats()).toMatchObject({ bytes: 1_002, misses: 1, records: 1 });
    // A change replaced the record's encodings: the stale entry is not resized (it is dropped at the next store).
    a.encoded = new Map();
    cache.resized(a, 50);
    expect(cache.stats().bytes).toBe(1_002);
    cache.stored(a, 10);
    expect(cache.stats()).toMatchObject({ bytes: 10, misses: 2, records: 1 });
  });
});
