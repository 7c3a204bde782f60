// Storage and network (issue 4 item 2; xen-api xapi_vdi.ml, xapi_vbd.ml / xapi_vbd_helpers.ml,
// xapi_vif_helpers.ml, xapi_network.ml, xapi_pbd.ml, xapi_sr.ml): VDI create/destroy/clone/copy/
// snapshot with the SR's accounting kept current; VBD and VIF create/plug/unplug/destroy with their
// checks and allowed_operations; network create/destroy; PBD plug/unplug; SR.scan.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../../src/client/index.ts';
import type { Emulator } from '../../../src/emulator/index.ts';
import { NULL_REF } from '../../../src/xapi/ref.ts';
import {
  byName,
  expectGone,
  failure,
  login,
  makeVm,
  record,
  startHttpEmulator,
  vbdArgs,
  vifArgs,
} from './helpers.ts';

const GiB = 1024 ** 3;
let emu: Emulator;
let s: Session;
let sr: string;

beforeAll(async () => {
  emu = await startHttpEmulator();
  s = await login(emu);
  sr = emu.host.localSr;
});
afterAll(async () => {
  await emu.close();
});

function vdiArgs(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name_label: 'data',
    name_description: '',
    SR: sr,
    virtual_size: 2 * GiB,
    type: 'user',
    sharable: false,
    read_only: false,
    other_config: {},
    ...over,
  };
}

describe('VDI', () => {
  it('create / clone / snapshot / copy / destroy keep SR.virtual_allocation current', async () => {
    const alloc0 = (await record(s, 'SR', sr))['virtual_allocation'] as number;
    const vdi = (await s.call('VDI.create', [vdiArgs()])) as string;
    const r = await record(s, 'VDI', vdi);
    expect(r).toMatchObject({ SR: sr, virtual_size: 2 * GiB, managed: true, is_a_snapshot: false, VBDs: [] });
    expect(r['allowed_operations']).toEqual(expect.arrayContaining(['clone', 'copy', 'snapshot', 'destroy']));
    expect((await record(s, 'SR', sr))['VDIs']).toContain(vdi);
    expect((await record(s, 'SR', sr))['virtual_allocation']).toBe(alloc0 + 2 * GiB);

    const clone = (await s.call('VDI.clone', [vdi, {}])) as string;
    const snap = (await s.call('VDI.snapshot', [vdi, {}])) as string;
    expect(await record(s, 'VDI', snap)).toMatchObject({ is_a_snapshot: true, snapshot_of: vdi });
    expect((await record(s, 'VDI', vdi))['snapshots']).toEqual([snap]);
    const copy = (await s.call('VDI.copy', [vdi, sr, NULL_REF, NULL_REF])) as string;
    expect((await record(s, 'SR', sr))['virtual_allocation']).toBe(alloc0 + 8 * GiB);
    for (const v of [clone, snap, copy, vdi]) await s.call('VDI.destroy', [v]);
    expect((await record(s, 'SR', sr))['virtual_allocation']).toBe(alloc0);
  });

  it('Async.VDI.copy answers the new VDI in the task result', async () => {
    const vdi = (await s.call('VDI.create', [vdiArgs({ name_label: 'to copy' })])) as string;
    const res = await s.callAsync('VDI.copy', [vdi, sr, NULL_REF, NULL_REF]);
    expect(res.outcome.ok).toBe(true);
    const copy = res.outcome.ok ? (res.outcome.value as string) : '';
    expect(res.record?.['result']).toBe(`<value>${copy}</value>`);
    expect(await s.call('VDI.get_name_label', [copy])).toBe('to copy');
  });

  it('cannot create on an ISO SR; an unknown SR is HANDLE_INVALID', async () => {
    const iso = await byName(s, 'SR', 'XenServer Tools');
    expect(failure(await s.attempt('VDI.create', [vdiArgs({ SR: iso })]))).toEqual([
      'SR_OPERATION_NOT_SUPPORTED',
      iso,
    ]);
    expect(failure(await s.attempt('VDI.create', [vdiArgs({ SR: 'OpaqueRef:nope' })]))).toEqual([
      'HANDLE_INVALID',
      'SR',
      'OpaqueRef:nope',
    ]);
  });

  it('SR.scan recomputes physical_utilisation and virtual_allocation', async () => {
    await s.call('SR.scan', [sr]);
    const r = await record(s, 'SR', sr);
    let virtual = 0;
    for (const v of r['VDIs'] as string[]) virtual += (await s.call('VDI.get_virtual_size', [v])) as number;
    expect(r['virtual_allocation']).toBe(virtual);
  });
});

describe('VBD', () => {
  it('create checks: CD must be RO, only CDs may be empty, duplicate device, autodetect', async () => {
    const vm = await makeVm(s, 'vbd checks');
    const vdi = (await s.call('VDI.create', [vdiArgs()])) as string;
    const base = vbdArgs(vm, vdi);
    expect(failure(await s.attempt('VBD.create', [{ ...base, type: 'CD' }]))).toEqual([
      'VBD_CDS_MUST_BE_READONLY',
    ]);
    expect(failure(await s.attempt('VBD.create', [{ ...base, empty: true }]))).toEqual([
      'VBD_NOT_REMOVABLE_MEDIA',
      'in constructor',
    ]);
    expect(failure(await s.attempt('VBD.create', [{ ...base, userdevice: '0' }]))).toEqual([
      'DEVICE_ALREADY_EXISTS',
      '0',
    ]);
    expect(failure(await s.attempt('VBD.create', [{ ...base, userdevice: 'floppy!' }]))).toEqual([
      'INVALID_DEVICE',
      'floppy!',
    ]);
    const vbd = (await s.call('VBD.create', [{ ...base, userdevice: 'autodetect' }])) as string;
    expect(await record(s, 'VBD', vbd)).toMatchObject({
      userdevice: '1',
      currently_attached: false,
      VM: vm,
      VDI: vdi,
    });
    expect((await record(s, 'VM', vm))['VBDs']).toContain(vbd);
    expect((await record(s, 'VDI', vdi))['VBDs']).toEqual([vbd]);
    const cd = (await s.call('VBD.create', [
      { ...base, VDI: NULL_REF, userdevice: '3', type: 'CD', mode: 'RO', empty: true },
    ])) as string;
    expect(failure(await s.attempt('VBD.eject', [cd]))).toEqual(['VBD_IS_EMPTY', cd]);
    expect(failure(await s.attempt('VBD.eject', [vbd]))).toEqual(['VBD_NOT_REMOVABLE_MEDIA', vbd]);
  });

  it('plug / unplug need a running VM; destroy wants it unplugged', async () => {
    const vm = await makeVm(s, 'hotplug');
    const vdi = (await s.call('VDI.create', [vdiArgs()])) as string;
    const vbd = (await s.call('VBD.create', [vbdArgs(vm, vdi)])) as string;
    expect(failure(await s.attempt('VBD.plug', [vbd]))).toEqual([
      'VM_BAD_POWER_STATE',
      vm,
      'running',
      'halted',
    ]);
    expect((await record(s, 'VBD', vbd))['allowed_operations']).toEqual(expect.arrayContaining(['attach']));
    await s.call('VM.start', [vm, false, false]);
    // Started VMs attach their VBDs.
    expect((await record(s, 'VBD', vbd))['currently_attached']).toBe(true);
    expect(failure(await s.attempt('VBD.plug', [vbd]))).toEqual(['DEVICE_ALREADY_ATTACHED', vbd]);
    expect(failure(await s.attempt('VDI.destroy', [vdi]))).toEqual(['VDI_IN_USE', vdi, 'destroy']);
    expect((await record(s, 'VDI', vdi))['allowed_operations']).not.toContain('destroy');
    const vmUuid = (await s.call('VM.get_uuid', [vm])) as string;
    const vbdUuid = (await s.call('VBD.get_uuid', [vbd])) as string;
    expect(failure(await s.attempt('VBD.destroy', [vbd]))).toEqual([
      'OPERATION_NOT_ALLOWED',
      `VBD '${vbdUuid}' still attached to '${vmUuid}'`,
    ]);
    await s.call('VBD.unplug', [vbd]);
    expect(await record(s, 'VBD', vbd)).toMatchObject({ currently_attached: false });
    expect((await record(s, 'VBD', vbd))['allowed_operations']).toContain('plug');
    expect(failure(await s.attempt('VBD.unplug', [vbd]))).toEqual(['DEVICE_ALREADY_DETACHED', vbd]);
    await s.call('VBD.plug', [vbd]);
    await s.call('VBD.unplug', [vbd]);
    await s.call('VBD.destroy', [vbd]);
    await expectGone(s, 'VBD', vbd);
    expect((await record(s, 'VDI', vdi))['VBDs']).toEqual([]);
    // The system disk is not unpluggable.
    const sys = ((await record(s, 'VM', vm))['VBDs'] as string[])[0]!;
    expect(failure(await s.attempt('VBD.unplug', [sys]))).toEqual(['VBD_NOT_UNPLUGGABLE', sys]);
    await s.call('VM.hard_shutdown', [vm]);
  });
});

describe('VIF and network', () => {
  it('network create/destroy; VIF create/plug/unplug/destroy with xapi checks', async () => {
    const net = (await s.call('network.create', [
      { name_label: 'test net', name_description: '', MTU: 1500, other_config: {}, bridge: '' },
    ])) as string;
    const n = await record(s, 'network', net);
    expect(n['bridge']).toMatch(/^xapi\d+$/);
    const vm = await makeVm(s, 'vif');
    const base = vifArgs(vm, net);
    const vif = (await s.call('VIF.create', [base])) as string;
    const v = await record(s, 'VIF', vif);
    expect(v['MAC']).toMatch(/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/);
    expect(v).toMatchObject({ MAC_autogenerated: true, currently_attached: false, VM: vm, network: net });
    expect((await record(s, 'network', net))['VIFs']).toEqual([vif]);
    expect(failure(await s.attempt('VIF.create', [base]))).toEqual(['DEVICE_ALREADY_EXISTS', '0']);
    expect(failure(await s.attempt('VIF.create', [{ ...base, device: '1', MAC: 'zz' }]))).toEqual([
      'MAC_INVALID',
      'zz',
    ]);
    expect(failure(await s.attempt('VIF.plug', [vif]))).toEqual([
      'VM_BAD_POWER_STATE',
      vm,
      'running',
      'halted',
    ]);

    await s.call('VM.start', [vm, false, false]);
    expect(await s.call('VIF.get_currently_attached', [vif])).toBe(true);
    expect(failure(await s.attempt('network.destroy', [net]))).toEqual(['NETWORK_CONTAINS_VIF', vif]);
    expect(failure(await s.attempt('VIF.destroy', [vif]))).toEqual([
      'OPERATION_NOT_ALLOWED',
      'VIF currently attached to a running VM',
    ]);
    await s.call('VIF.unplug', [vif]);
    expect(failure(await s.attempt('VIF.unplug', [vif]))).toEqual(['DEVICE_ALREADY_DETACHED', vif]);
    await s.call('VIF.plug', [vif]);
    await s.call('VM.hard_shutdown', [vm]);
    expect(await s.call('VIF.get_currently_attached', [vif])).toBe(false);
    await s.call('VIF.destroy', [vif]);
    await s.call('network.destroy', [net]);
    await expectGone(s, 'network', net);

    const eth0 = await byName(s, 'network', 'Pool-wide network associated with eth0');
    const pifs = (await record(s, 'network', eth0))['PIFs'] as string[];
    expect(failure(await s.attempt('network.destroy', [eth0]))).toEqual(['NETWORK_CONTAINS_PIF', ...pifs]);
  });

  it('clone copies VIFs with a new MAC, snapshot keeps it', async () => {
    const vm = await makeVm(s, 'vif copy');
    const eth0 = await byName(s, 'network', 'Pool-wide network associated with eth0');
    const vif = (await s.call('VIF.create', [vifArgs(vm, eth0)])) as string;
    const mac = await s.call('VIF.get_MAC', [vif]);
    const clone = (await s.call('VM.clone', [vm, 'c'])) as string;
    const snap = (await s.call('VM.snapshot', [vm, 's'])) as string;
    const cloneMac = await s.call('VIF.get_MAC', [((await record(s, 'VM', clone))['VIFs'] as string[])[0]]);
    const snapMac = await s.call('VIF.get_MAC', [((await record(s, 'VM', snap))['VIFs'] as string[])[0]]);
    expect(cloneMac).not.toBe(mac);
    expect(snapMac).toBe(mac);
  });
});

describe('PBD', () => {
  it('unplug and plug the local SR PBD', async () => {
    const pbd = ((await record(s, 'SR', sr))['PBDs'] as string[])[0]!;
    await s.call('PBD.unplug', [pbd]);
    expect(await s.call('PBD.get_currently_attached', [pbd])).toBe(false);
    await s.call('PBD.plug', [pbd]);
    expect(await s.call('PBD.get_currently_attached', [pbd])).toBe(true);
  });

  it('refuses to unplug while a running VM uses a VDI of the SR', async () => {
    const vm = await makeVm(s, 'pbd');
    await s.call('VM.start', [vm, false, false]);
    const pbd = ((await record(s, 'SR', sr))['PBDs'] as string[])[0]!;
    expect(failure(await s.attempt('PBD.unplug', [pbd]))[0]).toBe('VDI_IN_USE');
    await s.call('VM.hard_shutdown', [vm]);
  });
});
