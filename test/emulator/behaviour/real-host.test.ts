// The real-host behaviours the emulator can play (issue 11): a release's API surface, software_version
// and version rules (--release), guests without PV drivers (--guests), a small default SR
// (--sr-size), environmental start failures (--flaky-start), no emulator marker (--present-as
// real-host), and VM.provision specs parsed as XML the way xapi parses them. Each test is named after
// the xapi behaviour it plays (docs/SEMANTICS.md §4, §10; xen-api sources cited per test).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Session } from '../../../src/client/index.ts';
import {
  ENVIRONMENTAL_START_ERRORS,
  ManualClock,
  type Emulator,
  type EmulatorOptions,
} from '../../../src/emulator/index.ts';
import {
  byName,
  failure,
  login,
  makeVm,
  quickRealistic,
  type Rec,
  record,
  startHttpEmulator,
} from './helpers.ts';

const open: Emulator[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((e) => e.close()));
});

async function emulator(o: EmulatorOptions = {}): Promise<{ emu: Emulator; s: Session }> {
  const emu = await startHttpEmulator(o);
  open.push(emu);
  return { emu, s: await login(emu) };
}

const GiB = 1024 ** 3;

async function defaultSrUuid(s: Session): Promise<string> {
  const pool = ((await s.call('pool.get_all')) as string[])[0]!;
  return (await s.call('SR.get_uuid', [await s.call('pool.get_default_SR', [pool])])) as string;
}

/** A clone of `template` whose provision spec names the default SR, provisioned: a Halted VM. */
async function vmFrom(s: Session, template: string, name: string): Promise<string> {
  const vm = (await s.call('VM.clone', [await byName(s, 'VM', template), name])) as string;
  const other = (await s.call('VM.get_other_config', [vm])) as Record<string, string>;
  const uuid = await defaultSrUuid(s);
  await s.call('VM.set_other_config', [
    vm,
    { ...other, disks: other['disks']!.replace(/sr=""/g, `sr="${uuid}"`) },
  ]);
  await s.call('VM.provision', [vm]);
  return vm;
}

describe('--release: the API surface, software_version and version rules of a xapi release', () => {
  it('xapi 24.19 (XCP-ng 8.3 at GA) has no Host_driver, Driver_variant, Caller: MESSAGE_METHOD_UNKNOWN [name]', async () => {
    const { s } = await emulator({ release: '24.19' });
    for (const m of ['Host_driver.get_all', 'Driver_variant.get_all', 'Caller.get_all', 'Rate_limit.get_all'])
      expect(failure(await s.attempt(m, []))).toEqual(['MESSAGE_METHOD_UNKNOWN', m]);
    expect(((await s.call('VM.get_all')) as string[]).length).toBeGreaterThan(0);
    const methods = (await s.client.callWire('system.listMethods', [])) as unknown as string[];
    expect(methods).not.toContain('Host_driver.get_all');
    expect(methods).toContain('VM.start');
    const b = await s.eventFrom(['vm'], '', 0);
    expect(b.valid_ref_counts).not.toHaveProperty('host_driver');
  });

  it('xapi 25.6 serves Host_driver (from 25.2.0) but not Caller/Rate_limit; latest (26.17) serves all four', async () => {
    const a = await emulator({ release: '25.6' });
    expect(await a.s.call('Host_driver.get_all')).toEqual([]);
    expect(failure(await a.s.attempt('Caller.get_all', []))).toEqual([
      'MESSAGE_METHOD_UNKNOWN',
      'Caller.get_all',
    ]);
    const b = await emulator({ release: 'latest' });
    for (const m of ['Host_driver.get_all', 'Driver_variant.get_all', 'Caller.get_all', 'Rate_limit.get_all'])
      expect(await b.s.call(m)).toEqual([]);
  });

  it('a record carries the fields of its release: 24.19 has no host.ssh_enabled (25.x) nor VM_metrics.numa_nodes', async () => {
    const old = await emulator({ release: '24.19' });
    const host = await record(old.s, 'host', old.emu.host.host);
    expect(host).not.toHaveProperty('ssh_enabled');
    expect(host).toHaveProperty('software_version');
    const dom0 = await record(old.s, 'VM', old.emu.host.controlDomain);
    expect(await record(old.s, 'VM_metrics', dom0['metrics'] as string)).not.toHaveProperty('numa_nodes');
    expect(failure(await old.s.attempt('host.get_ssh_enabled', [old.emu.host.host]))).toEqual([
      'MESSAGE_METHOD_UNKNOWN',
      'host.get_ssh_enabled',
    ]);
    const now = await emulator({ release: 'latest' });
    expect(await record(now.s, 'host', now.emu.host.host)).toHaveProperty('ssh_enabled');
  });

  it('xapi_globs.ml software_version: xapi is "major.minor" of the release, with its build and db schema', async () => {
    const expected: Record<string, [string, string, string]> = {
      '24.19': ['24.19', '24.19.2', '5.779'],
      '25.6': ['25.6', '25.6.0', '5.786'],
      '26.1': ['26.1', '26.1.3', '5.793'],
      latest: ['26.17', '26.17.0', '5.909'],
    };
    for (const [release, [xapi, build, schema]] of Object.entries(expected)) {
      const { emu, s } = await emulator({ release, listen: true });
      const sv = (await s.call('host.get_software_version', [emu.host.host])) as Rec;
      expect(sv).toMatchObject({ xapi, xapi_build: build, db_schema: schema, platform_name: 'XCP' });
      expect(sv['product_version']).toMatch(/^\d+\.\d+\.\d+$/);
      await emu.close();
    }
  });

  it('a release restarts as the release asked: software_version is rewritten at every start (dbsync)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xapi-harness-release-'));
    try {
      const dbPath = join(dir, 'emu.db');
      const a = await emulator({ release: '24.19', dbPath, hosts: 2 });
      await a.emu.close();
      const b = await emulator({ release: '26.1', dbPath, hosts: 2 });
      const hosts = (await b.s.call('host.get_all')) as string[];
      expect(hosts).toHaveLength(2);
      for (const h of hosts)
        expect(((await b.s.call('host.get_software_version', [h])) as Rec)['xapi']).toBe('26.1');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('xapi < 24.29 session_check refreshes last_active on every check; from 24.29 only when older than 600 s', async () => {
    const lastActive = (emu: Emulator, s: Session): number =>
      (emu.db.get('session', s.ref)!.record['last_active'] as Date).getTime();
    for (const [release, refreshed] of [
      ['24.19', true],
      ['latest', false],
    ] as const) {
      const clock = new ManualClock(Date.UTC(2026, 5, 1, 12, 0, 0));
      const { emu, s } = await emulator({ release, clock });
      const before = lastActive(emu, s);
      clock.advance(5_000);
      await s.call('pool.get_all');
      expect(lastActive(emu, s)).toBe(refreshed ? before + 5_000 : before);
    }
  });

  it('xapi < 25.27 OTHER_OPERATION_IN_PROGRESS is ["VM.<op>"; vm]; from 25.27 ["VM"; vm; op; task]', async () => {
    const timing = quickRealistic(10, 40, { 'VM.clean_shutdown': 3_000, 'VM.start': 10 }, 0);
    for (const release of ['24.19', '26.1']) {
      const { s } = await emulator({ release, timing });
      const vm = await makeVm(s, 'busy');
      await s.call('VM.start', [vm, false, false]);
      const t = (await s.call('Async.VM.clean_shutdown', [vm])) as string;
      for (
        let i = 0;
        i < 100 && Object.keys((await record(s, 'VM', vm))['current_operations'] as Rec).length === 0;
        i++
      )
        await new Promise((r) => setTimeout(r, 10));
      const f = failure(await s.attempt('VM.clean_reboot', [vm]));
      expect(f).toEqual(
        release === '24.19'
          ? ['OTHER_OPERATION_IN_PROGRESS', 'VM.clean_shutdown', vm]
          : ['OTHER_OPERATION_IN_PROGRESS', 'VM', vm, 'clean_shutdown', t],
      );
      await s.call('VM.hard_shutdown', [vm]);
    }
  });

  it('an unknown release name is refused at start', async () => {
    await expect(startHttpEmulator({ release: 'not-a-release' })).rejects.toThrow(/unknown release/);
  });
});

describe('--guests: PV drivers as xapi check_op_for_feature reads them (xapi_vm_lifecycle.ml)', () => {
  it('xapi check_op_for_feature: a live HVM guest without PV drivers lacks clean_shutdown, clean_reboot, suspend (VM_LACKS_FEATURE [vm])', async () => {
    const { s } = await emulator({ guests: 'no-drivers' });
    const vm = await vmFrom(s, 'Other install media', 'hvm without drivers');
    await s.call('VM.start', [vm, false, false]);
    const r = await record(s, 'VM', vm);
    // What xapi reads: no guest metrics (no agent), VM_metrics.current_domain_type hvm.
    expect(r['guest_metrics']).toBe('OpaqueRef:NULL');
    expect(await s.call('VM_metrics.get_current_domain_type', [r['metrics']])).toBe('hvm');
    const allowed = r['allowed_operations'] as string[];
    for (const op of ['clean_shutdown', 'clean_reboot', 'suspend', 'checkpoint'])
      expect(allowed).not.toContain(op);
    for (const op of ['hard_shutdown', 'hard_reboot', 'pause']) expect(allowed).toContain(op);
    for (const m of ['VM.clean_shutdown', 'VM.clean_reboot', 'VM.suspend'])
      expect(failure(await s.attempt(m, [vm]))).toEqual(['VM_LACKS_FEATURE', vm]);
    expect(await s.call('VM.get_power_state', [vm])).toBe('Running');
    await s.call('VM.hard_shutdown', [vm]);
    expect(await s.call('VM.get_power_state', [vm])).toBe('Halted');
  });

  it('xapi has_definitely_booted_pv: a PV guest supports the operations implicitly, drivers or not', async () => {
    const { s } = await emulator({ guests: 'no-drivers' });
    const vm = await makeVm(s, 'pv guest'); // Debian Etch 4.0: a PV template
    await s.call('VM.start', [vm, false, false]);
    const r = await record(s, 'VM', vm);
    expect(await s.call('VM_metrics.get_current_domain_type', [r['metrics']])).not.toBe('hvm');
    expect(r['allowed_operations']).toContain('clean_shutdown');
    await s.call('VM.clean_shutdown', [vm]);
  });

  it('xapi has_pv_drivers: with drivers (the default) an HVM guest reports them and may shut down cleanly', async () => {
    const { s } = await emulator();
    const vm = await vmFrom(s, 'Other install media', 'hvm with drivers');
    await s.call('VM.start', [vm, false, false]);
    const r = await record(s, 'VM', vm);
    const gm = await record(s, 'VM_guest_metrics', r['guest_metrics'] as string);
    const drivers = gm['PV_drivers_version'] as Rec;
    expect(drivers['major']).toMatch(/^\d+$/);
    expect(drivers['minor']).toMatch(/^\d+$/);
    expect(r['allowed_operations']).toEqual(
      expect.arrayContaining(['clean_shutdown', 'clean_reboot', 'suspend']),
    );
    await s.call('VM.clean_shutdown', [vm]);
  });
});

describe('--sr-size: a full SR fails as the storage driver does', () => {
  it('xapi sm_exec.ml: out of space is SR_BACKEND_FAILURE_44 ["", reason, ""], not SR_FULL; provision leaves is_a_template=false', async () => {
    const { emu, s } = await emulator({ srSize: '20GiB' });
    expect(await s.call('SR.get_physical_size', [emu.host.localSr])).toBe(20 * GiB);
    // The default templates' disk is 8 GiB on a thick (LVM) SR: two fit, the third does not.
    await vmFrom(s, 'Debian Etch 4.0', 'one');
    await vmFrom(s, 'Debian Etch 4.0', 'two');
    const vm = (await s.call('VM.clone', [await byName(s, 'VM', 'Debian Etch 4.0'), 'three'])) as string;
    const other = (await s.call('VM.get_other_config', [vm])) as Record<string, string>;
    await s.call('VM.set_other_config', [
      vm,
      { ...other, disks: other['disks']!.replace(/sr=""/g, `sr="${await defaultSrUuid(s)}"`) },
    ]);
    const f = failure(await s.attempt('VM.provision', [vm]));
    expect(f).toEqual(['SR_BACKEND_FAILURE_44', '', 'There is insufficient space', '']);
    const r = await record(s, 'VM', vm);
    expect(r['is_a_template']).toBe(false);
    expect(r['VBDs']).toEqual([]);
    // The spec stays: the keys go only in the post-install phase.
    expect((r['other_config'] as Rec)['disks']).toBeDefined();
    expect(
      failure(
        await s.attempt('VDI.create', [
          {
            SR: emu.host.localSr,
            virtual_size: 8 * GiB,
            type: 'user',
            name_label: 'x',
            name_description: '',
            sharable: false,
            read_only: false,
            other_config: {},
          },
        ]),
      )[0],
    ).toBe('SR_BACKEND_FAILURE_44');
  });

  it('xapi xapi_vm.ml provision: a failure while the disks are made leaves the disks made before it (only post-install is guarded)', async () => {
    const { emu, s } = await emulator({ srSize: '12GiB' });
    const vm = (await s.call('VM.clone', [
      await byName(s, 'VM', 'Other install media'),
      'two disks',
    ])) as string;
    const uuid = await defaultSrUuid(s);
    const spec = `<provision><disk device="0" size="${4 * GiB}" sr="${uuid}" bootable="true" type="system"/><disk device="1" size="${10 * GiB}" sr="${uuid}" bootable="false" type="user"/></provision>`;
    await s.call('VM.add_to_other_config', [vm, 'disks_tmp', '']);
    const other = (await s.call('VM.get_other_config', [vm])) as Record<string, string>;
    await s.call('VM.set_other_config', [vm, { ...other, disks: spec }]);
    expect(failure(await s.attempt('VM.provision', [vm]))[0]).toBe('SR_BACKEND_FAILURE_44');
    const r = await record(s, 'VM', vm);
    expect(r['is_a_template']).toBe(false);
    const vbds = r['VBDs'] as string[];
    expect(vbds).toHaveLength(1);
    const vdi = (await s.call('VBD.get_VDI', [vbds[0]])) as string;
    expect(await s.call('VDI.get_virtual_size', [vdi])).toBe(4 * GiB);
    expect(await s.call('VDI.get_SR', [vdi])).toBe(emu.host.localSr);
  });

  it('rejects a size that is not one', async () => {
    await expect(startHttpEmulator({ srSize: 'lots' })).rejects.toThrow(/not a size/);
  });
});

describe('--flaky-start: environmental failures of VM.start / VM.resume (SEMANTICS.md §10)', () => {
  it('xapi_xenops.ml environmental start failures: each fails with a §10 error and changes nothing', async () => {
    const { s } = await emulator({ flakyStart: 1, seed: 7 });
    const vm = await makeVm(s, 'never starts');
    const before = await record(s, 'VM', vm);
    const seen = new Set<string>();
    for (let i = 0; i < 12; i++) {
      const f = failure(await s.attempt('VM.start', [vm, false, false]));
      expect(ENVIRONMENTAL_START_ERRORS as readonly string[]).toContain(f[0]);
      if (f[0] === 'BOOTLOADER_FAILED') expect(f.slice(1)).toEqual([vm, expect.any(String)]);
      if (f[0].startsWith('SR_BACKEND_FAILURE_')) expect(f[1]).toBe('');
      seen.add(f[0]);
      const r = await record(s, 'VM', vm);
      expect(r).toMatchObject({ power_state: 'Halted', current_operations: {}, domid: -1 });
      expect(r['allowed_operations']).toEqual(before['allowed_operations']);
    }
    expect(seen.size).toBeGreaterThan(1);
  });

  it('is seeded: the same seed fails the same calls, a rate of 0.5 lets some through', async () => {
    const outcomes = async (seed: number): Promise<string[]> => {
      const { s } = await emulator({ flakyStart: 0.5, seed });
      const vm = await makeVm(s, 'sometimes');
      const out: string[] = [];
      for (let i = 0; i < 16; i++) {
        const o = await s.attempt('VM.start', [vm, false, false]);
        out.push(o.ok ? 'ok' : o.code);
        if (o.ok) await s.call('VM.hard_shutdown', [vm]);
      }
      return out;
    };
    const a = await outcomes(42);
    expect(await outcomes(42)).toEqual(a);
    expect(a).toContain('ok');
    expect(a.some((x) => x !== 'ok')).toBe(true);
  });
});

describe('--present-as real-host', () => {
  it('no emulator marker in any record, software_version or HTTP header', async () => {
    const marker = /emulat|xapi-harness|harness|xenserver-emu/i;
    const asEmulator = await emulator();
    const sv = (await asEmulator.s.call('host.get_software_version', [asEmulator.emu.host.host])) as Rec;
    expect(sv['build_number']).toBe('xapi-harness');
    const { emu, s } = await emulator({ presentAs: 'real-host' });
    await makeVm(s, 'a guest');
    const vm = await vmFrom(s, 'Other install media', 'another');
    await s.call('VM.start', [vm, false, false]);
    for (const cls of emu.db.classes())
      for (const o of emu.db.all(cls)) expect(`${cls} ${JSON.stringify(o.record)}`).not.toMatch(marker);
    const res = await fetch(emu.url + '/', {
      method: 'POST',
      headers: { 'content-type': 'text/xml' },
      body:
        '<methodCall><methodName>host.get_all</methodName><params><param><value>' +
        s.ref +
        '</value></param></params></methodCall>',
    });
    const headers = [...res.headers.entries()].map(([k, v]) => `${k}: ${v}`).join('\n');
    expect(headers).not.toMatch(marker);
    expect(await res.text()).not.toMatch(marker);
  });
});

describe('VM.provision specs are XML (xapi_templates.ml get_template_record, xml-light)', () => {
  it('xapi Xml.parse_string: accepts the SDK sample provision.py spec (declaration, tabs, newlines, any attribute order)', async () => {
    const { s } = await emulator();
    const vm = (await s.call('VM.clone', [
      await byName(s, 'VM', 'Other install media'),
      'sdk sample',
    ])) as string;
    const uuid = await defaultSrUuid(s);
    const spec =
      '<?xml version="1.0" ?>\n<provision>\n\t<disk bootable="true" device="0" size="' +
      String(8 * GiB) +
      `" sr="${uuid}" type="system"/>\n\t<disk device='1' sr='${uuid}' size='1073741824' type='user' bootable='false'></disk>\n</provision>\n`;
    const other = (await s.call('VM.get_other_config', [vm])) as Record<string, string>;
    await s.call('VM.set_other_config', [vm, { ...other, disks: spec }]);
    await s.call('VM.provision', [vm]);
    const r = await record(s, 'VM', vm);
    expect(r['is_a_template']).toBe(false);
    expect((r['other_config'] as Rec)['disks']).toBeUndefined();
    const sizes = await Promise.all(
      (r['VBDs'] as string[]).map(async (vbd) =>
        s.call('VDI.get_virtual_size', [await s.call('VBD.get_VDI', [vbd])]),
      ),
    );
    expect(sizes.sort()).toEqual([1073741824, 8 * GiB].sort());
  });

  it('xapi disks_of_xml: a spec of the wrong shape is INTERNAL_ERROR [Xapi_templates.Parse_failure], read before is_a_template changes', async () => {
    const { s } = await emulator();
    const bad = [
      '<provision a="1"/>',
      '<disks><disk device="0" size="1" sr="x" bootable="true"/></disks>',
      '<provision>text</provision>',
      '<provision><disk device="0" sr="x" bootable="true"/></provision>',
      '<provision><disk device="0" size="big" sr="x" bootable="true"/></provision>',
    ];
    for (const spec of bad) {
      const vm = (await s.call('VM.clone', [
        await byName(s, 'VM', 'Other install media'),
        'bad spec',
      ])) as string;
      const other = (await s.call('VM.get_other_config', [vm])) as Record<string, string>;
      await s.call('VM.set_other_config', [vm, { ...other, disks: spec }]);
      expect(failure(await s.attempt('VM.provision', [vm]))).toEqual([
        'INTERNAL_ERROR',
        'Xapi_templates.Parse_failure',
      ]);
      expect(await s.call('VM.get_is_a_template', [vm])).toBe(true);
    }
    const vm = (await s.call('VM.clone', [
      await byName(s, 'VM', 'Other install media'),
      'not xml',
    ])) as string;
    const other = (await s.call('VM.get_other_config', [vm])) as Record<string, string>;
    await s.call('VM.set_other_config', [vm, { ...other, disks: '<provision><disk' }]);
    expect(failure(await s.attempt('VM.provision', [vm]))[0]).toBe('INTERNAL_ERROR');
    expect(await s.call('VM.get_is_a_template', [vm])).toBe(true);
  });
});
