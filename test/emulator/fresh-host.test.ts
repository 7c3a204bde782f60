// A fresh emulator looks like a fresh host (SEMANTICS.md §7).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../src/client/index.ts';
import type { Emulator } from '../../src/emulator/index.ts';
import { SCHEMA } from '../../src/xapi/index.ts';
import { rootSession, startEmulator } from './fixture.ts';

let emu: Emulator;
let s: Session;
type Rec = Record<string, unknown>;

async function records(cls: string): Promise<Rec[]> {
  return Object.values((await s.call(`${cls}.get_all_records`)) as Record<string, Rec>);
}

beforeAll(async () => {
  emu = await startEmulator({ listen: false, hostName: 'host-a' });
  s = await rootSession(emu);
});
afterAll(async () => {
  await emu.close();
});

describe('fresh host', () => {
  it('one pool whose master is the one host, empty name', async () => {
    const pools = await records('pool');
    expect(pools).toHaveLength(1);
    expect(pools[0]!['master']).toBe(emu.host.host);
    expect(pools[0]!['name_label']).toBe('');
    expect(await s.call('pool.get_default_SR', [emu.host.pool])).toBe(emu.host.localSr);
  });

  it('a host with metrics and one host_cpu per CPU', async () => {
    const hosts = await records('host');
    expect(hosts).toHaveLength(1);
    const h = hosts[0]!;
    expect(h['hostname']).toBe('host-a');
    expect(h['enabled']).toBe(true);
    const metrics = (await s.call('host_metrics.get_record', [h['metrics']])) as Rec;
    expect(metrics['live']).toBe(true);
    const cpus = await records('host_cpu');
    expect(cpus.length).toBeGreaterThan(0);
    expect((h['host_CPUs'] as string[]).length).toBe(cpus.length);
    expect((h['software_version'] as Rec)['product_brand']).toBe('XenServer');
  });

  it('the control domain: Running, domid 0, resident on the host, with metrics and a console', async () => {
    const dom0 = (await s.call('VM.get_record', [emu.host.controlDomain])) as Rec;
    expect(dom0['name_label']).toBe('Control domain on host: host-a');
    expect(dom0['is_control_domain']).toBe(true);
    expect(dom0['is_a_template']).toBe(false);
    expect(dom0['power_state']).toBe('Running');
    expect(dom0['domid']).toBe(0);
    expect(dom0['resident_on']).toBe(emu.host.host);
    expect(await s.call('VM_metrics.get_memory_actual', [dom0['metrics']])).toBeGreaterThan(0);
    expect((dom0['consoles'] as string[]).length).toBe(1);
    expect(await s.call('host.get_resident_VMs', [emu.host.host])).toContain(emu.host.controlDomain);
  });

  it('host.get_servertime / get_management_interface', async () => {
    const t = (await s.call('host.get_servertime', [emu.host.host])) as Date;
    expect(Math.abs(t.getTime() - Date.now())).toBeLessThan(60_000);
    const pif = (await s.call('host.get_management_interface', [emu.host.host])) as string;
    expect(await s.call('PIF.get_management', [pif])).toBe(true);
  });

  it('the management network and a physical network with its PIF', async () => {
    const nets = await records('network');
    const internal = nets.find((n) => n['name_label'] === 'Host internal management network');
    expect(internal?.['bridge']).toBe('xenapi');
    const eth0 = nets.find((n) => n['name_label'] === 'Pool-wide network associated with eth0');
    expect(eth0).toBeDefined();
    const pifs = await records('PIF');
    expect(
      pifs.some((p) => p['management'] === true && p['device'] === 'eth0' && p['host'] === emu.host.host),
    ).toBe(true);
  });

  it('SRs with their PBDs, among them the tools ISO SR', async () => {
    const srs = await records('SR');
    const names = srs.map((r) => r['name_label']);
    for (const n of ['Local storage', 'DVD drives', 'Removable storage', 'XenServer Tools'])
      expect(names).toContain(n);
    expect(srs.find((r) => r['is_tools_sr'] === true)?.['content_type']).toBe('iso');
    for (const sr of srs) expect((sr['PBDs'] as string[]).length).toBe(1);
    const pbds = await records('PBD');
    expect(pbds.every((p) => p['host'] === emu.host.host && p['currently_attached'] === true)).toBe(true);
    expect((await records('SM')).map((m) => m['type'])).toEqual(
      expect.arrayContaining(['lvm', 'ext', 'nfs', 'iso', 'udev']),
    );
  });

  it('the static roles and the root user', async () => {
    // The static roles (datamodel_roles.ml) are the roles the datamodel's messages name: read from the
    // schema, not from the emulator's own list.
    const staticRoles = new Set<string>();
    for (const c of SCHEMA.classes.values())
      for (const m of c.messages.values()) for (const r of m.roles) staticRoles.add(r);
    expect([...staticRoles]).toEqual(expect.arrayContaining(['pool-admin', 'read-only', 'client-cert']));
    expect(staticRoles.size).toBe(7);
    const roles = (await records('role')).map((r) => r['name_label']);
    expect(roles).toEqual(expect.arrayContaining([...staticRoles]));
    // The user class has no get_all: read the root user through its uuid.
    const users = [...emu.db.all('user')];
    expect(users).toHaveLength(1);
    const ref = await s.call('user.get_by_uuid', [users[0]!.record['uuid']]);
    expect(await s.call('user.get_short_name', [ref])).toBe('root');
  });

  it('default templates with the provision XML', async () => {
    const vms = await records('VM');
    const templates = vms.filter((v) => v['is_a_template'] === true);
    // guest-templates-json's 49 plus the SDK guide's Debian Etch 4.0.
    expect(templates.length).toBe(50);
    const names = templates.map((t) => t['name_label']);
    for (const n of [
      'Other install media',
      'Debian Bookworm 12',
      'Debian Etch 4.0',
      'Windows 11',
      'Ubuntu Noble Numbat 24.04',
    ]) {
      expect(names).toContain(n);
    }
    for (const t of templates) {
      const oc = t['other_config'] as Record<string, string>;
      expect(oc['default_template']).toBe('true');
      expect(oc['disks']).toMatch(
        /^<provision><disk device="0" size="\d+" sr="" bootable="(true|false)" type="system"\/><\/provision>$/,
      );
      expect(t['is_default_template']).toBe(true);
      expect(t['power_state']).toBe('Halted');
      expect(t['reference_label']).not.toBe('');
    }
    expect(new Set(names).size).toBe(names.length);
  });
});
