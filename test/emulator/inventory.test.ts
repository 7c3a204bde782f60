// The scaled inventory (issue 16, `--inventory hosts=N,vms=M,seed=S`): records consistent on both sides
// of every relation, as a client reads them through get_all_records; resident_on only for resident VMs;
// host.resident_VMs agreeing; the same seed giving the same inventory; usable by the lifecycle; kept
// (not rebuilt) across a restart. Small sizes: speed and RSS belong to bench/emulator-scale.bench.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inProcessTransport, XapiClient } from '../../src/client/index.ts';
import type { Outcome } from '../../src/client/index.ts';
import { createEmulator, type Emulator } from '../../src/emulator/index.ts';
import { parseEmulatorArgs } from '../../src/cli/commands/emulator.ts';
import { parseInventory } from '../../src/emulator/inventory/inventory-spec.ts';

const dir = mkdtempSync(join(tmpdir(), 'xapi-harness-inventory-'));
const open: Emulator[] = [];
afterAll(async () => {
  await Promise.all(open.map((e) => e.close()));
  rmSync(dir, { recursive: true, force: true });
});

type Rec = Record<string, unknown>;

function value<T = unknown>(o: Outcome): T {
  if (!o.ok) throw new Error(`${o.code} ${o.params.join(' ')}`);
  return o.value as T;
}

async function scaled(inventory: string, extra: Parameters<typeof createEmulator>[0] = {}) {
  const emu = await createEmulator({ listen: false, authFailureDelayMs: 0, inventory, ...extra });
  open.push(emu);
  const client = new XapiClient({ transport: inProcessTransport(emu.handle) });
  const call = (m: string, ...a: unknown[]): Promise<Outcome> => client.attempt(m, a);
  const s = value<string>(await call('session.login_with_password', emu.user, emu.password));
  const all = async (cls: string) => value<Record<string, Rec>>(await call(`${cls}.get_all_records`, s));
  return { emu, call, s, all };
}

describe('scaled inventory', () => {
  it('builds a consistent pool of 4 hosts and 500 VMs', async () => {
    const { emu, all } = await scaled('hosts=4,vms=500,seed=7');
    const [vms, vbds, vdis, vifs, hosts, metrics, networks, srs] = await Promise.all(
      ['VM', 'VBD', 'VDI', 'VIF', 'host', 'VM_metrics', 'network', 'SR'].map(all),
    );
    expect(Object.keys(hosts!)).toHaveLength(4);
    const guests = Object.entries(vms!).filter(
      ([, v]) => v['is_control_domain'] === false && v['is_a_template'] === false,
    );
    expect(guests).toHaveLength(500);
    expect(emu.inventory).toMatchObject({ vms: 500 });
    const userTemplates = Object.values(vms!).filter(
      (v) => v['is_a_template'] === true && v['is_default_template'] === false,
    );
    expect(userTemplates.length).toBe(emu.inventory!.templates);
    expect(userTemplates.length).toBeGreaterThan(0);

    const states = new Set(guests.map(([, v]) => v['power_state']));
    expect(states).toEqual(new Set(['Running', 'Paused', 'Halted']));
    const residentOf = new Map<string, string[]>();
    for (const [ref, v] of Object.entries(vms!)) {
      const resident = v['power_state'] === 'Running' || v['power_state'] === 'Paused';
      const on = v['resident_on'] as string;
      // resident_on only for resident VMs, and always on one of the pool's hosts.
      if (resident) expect(hosts![on], `${ref} resident_on`).toBeDefined();
      else expect(on).toBe('OpaqueRef:NULL');
      if (resident) residentOf.set(on, [...(residentOf.get(on) ?? []), ref]);
      // The fresh host's default templates carry no metrics; every VM of the inventory does.
      if (v['is_default_template'] === false)
        expect(metrics![v['metrics'] as string], `${ref} metrics`).toBeDefined();
      for (const vbd of v['VBDs'] as string[]) expect(vbds![vbd]?.['VM']).toBe(ref);
      for (const vif of v['VIFs'] as string[]) expect(vifs![vif]?.['VM']).toBe(ref);
    }
    // host.resident_VMs agree with VM.resident_on, both ways.
    for (const [ref, h] of Object.entries(hosts!)) {
      expect(new Set(h['resident_VMs'] as string[]), ref).toEqual(new Set(residentOf.get(ref) ?? []));
    }
    // Every VBD's VM and VDI exist and list it; every VDI's SR lists it.
    for (const [ref, b] of Object.entries(vbds!)) {
      expect(vms![b['VM'] as string]?.['VBDs']).toContain(ref);
      if (b['empty'] === true) expect(b['VDI']).toBe('OpaqueRef:NULL');
      else expect(vdis![b['VDI'] as string]?.['VBDs']).toContain(ref);
      const attached = b['currently_attached'] === true;
      const vmState = vms![b['VM'] as string]!['power_state'];
      expect(attached).toBe(vmState !== 'Halted');
    }
    for (const [ref, d] of Object.entries(vdis!)) expect(srs![d['SR'] as string]?.['VDIs']).toContain(ref);
    for (const [ref, f] of Object.entries(vifs!))
      expect(networks![f['network'] as string]?.['VIFs']).toContain(ref);
    // Every uuid is unique within its class.
    for (const table of [vms!, vbds!, vdis!, vifs!, metrics!]) {
      const uuids = Object.values(table).map((r) => r['uuid']);
      expect(new Set(uuids).size).toBe(uuids.length);
    }
  });

  it('gives the same inventory for the same seed, another for another seed', async () => {
    const names = async (spec: string) => {
      const { all } = await scaled(spec);
      const vms = await all('VM');
      return Object.entries(vms)
        .filter(([, v]) => v['is_control_domain'] === false && v['is_default_template'] === false)
        .map(
          ([ref, v]) =>
            `${ref} ${String(v['uuid'])} ${String(v['name_label'])} ${String(v['power_state'])} ${(v['VBDs'] as string[]).join(',')}`,
        )
        .sort();
    };
    const a = await names('hosts=2,vms=60,seed=3');
    expect(await names('hosts=2,vms=60,seed=3')).toEqual(a);
    expect(await names('hosts=2,vms=60,seed=4')).not.toEqual(a);
  });

  it('serves the lifecycle on an inventory VM: a Halted VM starts on a pool host', async () => {
    const { call, s, all } = await scaled('hosts=2,vms=40,seed=1');
    const vms = await all('VM');
    const halted = Object.entries(vms).find(
      ([, v]) =>
        v['power_state'] === 'Halted' && v['is_a_template'] === false && v['is_control_domain'] === false,
    )![0];
    value(await call('VM.start', s, halted, false, false));
    const after = value<Rec>(await call('VM.get_record', s, halted));
    expect(after['power_state']).toBe('Running');
    const host = value<Rec>(await call('host.get_record', s, after['resident_on']));
    expect(host['resident_VMs']).toContain(halted);
  });

  it('is built once into a database and kept across a restart; another inventory is refused', async () => {
    const dbPath = join(dir, 'inv.db');
    const first = await createEmulator({ listen: false, dbPath, inventory: 'hosts=2,vms=30,seed=5' });
    const count = first.db.count('VM');
    await first.close();
    const again = await createEmulator({ listen: false, dbPath, inventory: 'hosts=2,vms=30,seed=5' });
    open.push(again);
    expect(again.restored).toBe(true);
    expect(again.inventory).toBeUndefined();
    expect(again.db.count('VM')).toBe(count);
    await again.close();
    await expect(
      createEmulator({ listen: false, dbPath, inventory: 'hosts=2,vms=31,seed=5' }),
    ).rejects.toThrow(/holds the inventory/);
  });

  it('comes back from its database record for record (bulk-loaded, sparse rows completed at load)', async () => {
    // 1,600 VMs are ~11,000 objects: the store's bulk path (sqlite-store.ts, 10,000 rows or more).
    const dbPath = join(dir, 'bulk.db');
    const records = async (emu: Emulator): Promise<Record<string, Record<string, Rec>>> => {
      const client = new XapiClient({ transport: inProcessTransport(emu.handle) });
      const s = value<string>(await client.attempt('session.login_with_password', [emu.user, emu.password]));
      const out: Record<string, Record<string, Rec>> = {};
      for (const cls of ['VM', 'VBD', 'VDI', 'VIF', 'VM_metrics', 'SR', 'host', 'network'])
        out[cls] = value<Record<string, Rec>>(await client.attempt(`${cls}.get_all_records`, [s]));
      return out;
    };
    const first = await createEmulator({ listen: false, dbPath, inventory: 'hosts=2,vms=1600,seed=3' });
    const before = await records(first);
    await first.close();
    const again = await createEmulator({ listen: false, dbPath, inventory: 'hosts=2,vms=1600,seed=3' });
    open.push(again);
    expect(again.restored).toBe(true);
    const after = await records(again);
    expect(Object.keys(after['VM']!)).toHaveLength(Object.keys(before['VM']!).length);
    expect(after).toEqual(before);
    await again.close();
  });

  it('rejects a bad inventory text with a clear message', async () => {
    expect(() => parseInventory('hosts=4')).toThrow(/vms=N is required/);
    expect(() => parseInventory('vms=x')).toThrow(/not key=non-negative integer/);
    expect(() => parseInventory('vms=10,colour=1')).toThrow(/unknown key 'colour'/);
    expect(() => parseInventory('vms=10,hosts=0')).toThrow(/hosts must be from 1 to 250/);
    await expect(createEmulator({ listen: false, hosts: 3, inventory: 'hosts=2,vms=1' })).rejects.toThrow(
      /disagrees/,
    );
  });
});

describe('emulator CLI: --inventory and --cache-mb', () => {
  it('parses both into createEmulator options, and refuses bad values', () => {
    expect(
      parseEmulatorArgs(['--inventory', 'hosts=64,vms=50000,seed=3', '--cache-mb', '256']),
    ).toMatchObject({
      inventory: { hosts: 64, vms: 50000, seed: 3 },
      cacheMb: 256,
    });
    expect(() => parseEmulatorArgs(['--inventory', 'vms=ten'])).toThrow(/not key=non-negative integer/);
    expect(() => parseEmulatorArgs(['--cache-mb', 'lots'])).toThrow(
      /--cache-mb expects a non-negative integer/,
    );
  });
});
