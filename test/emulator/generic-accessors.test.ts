// Generic accessors derived from the schema, on several classes, through the typed client.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../src/client/index.ts';
import type { Emulator } from '../../src/emulator/index.ts';
import { SCHEMA } from '../../src/xapi/schema.ts';
import { clientOf, rootSession, startEmulator } from './fixture.ts';

let emu: Emulator;
let s: Session;

beforeAll(async () => {
  emu = await startEmulator({ listen: false });
  s = await rootSession(emu);
});
afterAll(async () => {
  await emu.close();
});

async function fail(p: Promise<unknown>): Promise<readonly string[]> {
  try {
    await p;
  } catch (e) {
    const f = e as { code?: string; params?: readonly string[] };
    if (f.code !== undefined) return [f.code, ...(f.params ?? [])];
    throw e;
  }
  throw new Error('expected an XAPI failure');
}

describe('reads', () => {
  it('get_all, get_record, get_all_records, get_by_uuid, field getters agree', async () => {
    for (const cls of ['VM', 'host', 'SR', 'network', 'PIF', 'pool', 'role', 'SM', 'PBD', 'host_cpu']) {
      const refs = (await s.call(`${cls}.get_all`)) as string[];
      expect(refs.length, cls).toBeGreaterThan(0);
      const all = (await s.call(`${cls}.get_all_records`)) as Record<string, Record<string, unknown>>;
      expect(Object.keys(all).sort()).toEqual([...refs].sort());
      const ref = refs[0]!;
      const rec = (await s.call(`${cls}.get_record`, [ref])) as Record<string, unknown>;
      expect(rec).toEqual(all[ref]);
      expect(await s.call(`${cls}.get_by_uuid`, [rec['uuid']])).toBe(ref);
      expect(await s.call(`${cls}.get_uuid`, [ref])).toBe(rec['uuid']);
    }
  });

  it('every record of every class has every field (decoded by the schema-typed client)', async () => {
    const client = clientOf(emu);
    const sess = await client.login(emu.user, emu.password);
    for (const cls of SCHEMA.classes.values()) {
      const m = cls.messages.get('get_all_records');
      if (m === undefined || m.state === 'Removed') continue;
      const all = (await sess.call(`${cls.name}.get_all_records`)) as Record<string, Record<string, unknown>>;
      for (const rec of Object.values(all)) {
        for (const f of cls.fields) {
          if (f.type.kind === 'option') continue;
          expect(Object.hasOwn(rec, f.name), `${cls.name}.${f.name}`).toBe(true);
        }
      }
    }
  });

  it('get_by_name_label finds every object with that label', async () => {
    const refs = (await s.call('VM.get_by_name_label', ['Debian Bookworm 12'])) as string[];
    expect(refs).toHaveLength(1);
    expect(await s.call('VM.get_by_name_label', ['no such VM'])).toEqual([]);
  });

  it('HANDLE_INVALID [class, ref] and UUID_INVALID [class, uuid]', async () => {
    expect(await fail(s.call('VM.get_record', ['OpaqueRef:nope']))).toEqual([
      'HANDLE_INVALID',
      'VM',
      'OpaqueRef:nope',
    ]);
    expect(await fail(s.call('SR.get_name_label', ['OpaqueRef:NULL']))).toEqual([
      'HANDLE_INVALID',
      'SR',
      'OpaqueRef:NULL',
    ]);
    // A ref of another class is not a VM.
    expect((await fail(s.call('VM.get_record', [emu.host.host])))[0]).toBe('HANDLE_INVALID');
    expect(await fail(s.call('VM.get_by_uuid', ['00000000-0000-0000-0000-000000000000']))).toEqual([
      'UUID_INVALID',
      'VM',
      '00000000-0000-0000-0000-000000000000',
    ]);
  });
});

describe('writes', () => {
  it('set_<field> for RW fields', async () => {
    const vm = emu.host.controlDomain;
    await s.call('VM.set_name_description', [vm, 'changed']);
    expect(await s.call('VM.get_name_description', [vm])).toBe('changed');
    await s.call('VM.set_memory_static_max', [vm, 8 * 1024 ** 3]);
    expect(await s.call('VM.get_memory_static_max', [vm])).toBe(8 * 1024 ** 3);
  });

  it('add_to_/remove_from_ on maps, with MAP_DUPLICATE_KEY [class, field, uuid, key]', async () => {
    const pool = emu.host.pool;
    const uuid = await s.call('pool.get_uuid', [pool]);
    await s.call('pool.add_to_other_config', [pool, 'k', 'v']);
    expect(await s.call('pool.get_other_config', [pool])).toMatchObject({ k: 'v' });
    expect(await fail(s.call('pool.add_to_other_config', [pool, 'k', 'w']))).toEqual([
      'MAP_DUPLICATE_KEY',
      'pool',
      'other_config',
      uuid,
      'k',
    ]);
    await s.call('pool.remove_from_other_config', [pool, 'k']);
    await s.call('pool.remove_from_other_config', [pool, 'k']);
    expect(await s.call('pool.get_other_config', [pool])).not.toHaveProperty('k');
  });

  it('add_/remove_ on sets are idempotent', async () => {
    const vm = emu.host.controlDomain;
    await s.call('VM.add_tags', [vm, 'a']);
    await s.call('VM.add_tags', [vm, 'a']);
    await s.call('VM.add_tags', [vm, 'b']);
    expect(await s.call('VM.get_tags', [vm])).toEqual(['a', 'b']);
    await s.call('VM.remove_tags', [vm, 'a']);
    expect(await s.call('VM.get_tags', [vm])).toEqual(['b']);
  });

  it('create takes a record struct (defaulted fields may be omitted) and destroy removes it', async () => {
    const net = (await s.call('network.create', [
      { name_label: 'test-net', name_description: 'd', other_config: {} },
    ])) as string;
    const rec = (await s.call('network.get_record', [net])) as Record<string, unknown>;
    expect(rec['name_label']).toBe('test-net');
    expect(rec['MTU']).toBe(1500);
    expect(rec['uuid']).toMatch(/^[0-9a-f-]{36}$/);
    await s.call('network.destroy', [net]);
    expect((await fail(s.call('network.get_record', [net])))[0]).toBe('HANDLE_INVALID');
  });

  it('create without a mandatory constructor field fails', async () => {
    const f = await fail(s.call('network.create', [{ name_label: 'x' }]));
    expect(f[0]).toBe('INTERNAL_ERROR');
  });

  it('the database keeps relation sets in step (VBD.VM → VM.VBDs)', async () => {
    const vm = ((await s.call('VM.get_by_name_label', ['Other install media'])) as string[])[0]!;
    const vbd = (await s.call('VBD.create', [
      {
        VM: vm,
        VDI: 'OpaqueRef:NULL',
        userdevice: '0',
        bootable: false,
        mode: 'RO',
        type: 'CD',
        unpluggable: true,
        empty: true,
        other_config: {},
        qos_algorithm_type: '',
        qos_algorithm_params: {},
      },
    ])) as string;
    expect(await s.call('VM.get_VBDs', [vm])).toContain(vbd);
    await s.call('VBD.destroy', [vbd]);
    expect(await s.call('VM.get_VBDs', [vm])).not.toContain(vbd);
  });
});

describe('lost-write fault', () => {
  it('acknowledges a setter without applying it', async () => {
    const faulty = await startEmulator({ listen: false, faults: ['lost-write'] });
    try {
      const fs = await rootSession(faulty);
      await fs.call('VM.set_name_label', [faulty.host.controlDomain, 'lost']);
      expect(await fs.call('VM.get_name_label', [faulty.host.controlDomain])).not.toBe('lost');
    } finally {
      await faulty.close();
    }
  });

  it('an unknown fault name is rejected at start', async () => {
    await expect(startEmulator({ listen: false, faults: ['no-such-fault'] })).rejects.toThrow(
      /unknown fault/,
    );
  });
});
