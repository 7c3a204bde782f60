// The smaller VM and host messages around the lifecycle: blocked_operations (OPERATION_BLOCKED, first
// in xapi's check order), assert_operation_valid, allowed device numbers, set_is_a_template as the
// make_into_template operation, and the host's clock and free memory.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../../src/client/index.ts';
import type { Emulator } from '../../../src/emulator/index.ts';
import { expectGone, failure, makeVm, record, startAndLogin, vifArgs } from './helpers.ts';

let emu: Emulator;
let s: Session;
beforeAll(async () => ({ emu, s } = await startAndLogin()));
afterAll(() => emu.close());

describe('VM extras', () => {
  it('a blocked operation: OPERATION_BLOCKED [vm, reason] before anything else; allowed_operations follows', async () => {
    const vm = await makeVm(s, 'blocked');
    await s.call('VM.add_to_blocked_operations', [vm, 'start', 'maintenance']);
    expect((await record(s, 'VM', vm))['allowed_operations']).not.toContain('start');
    expect(failure(await s.attempt('VM.start', [vm, false, false]))).toEqual([
      'OPERATION_BLOCKED',
      vm,
      'maintenance',
    ]);
    expect(failure(await s.attempt('VM.assert_operation_valid', [vm, 'start']))).toEqual([
      'OPERATION_BLOCKED',
      vm,
      'maintenance',
    ]);
    // Blocked comes before the power state.
    await s.call('VM.add_to_blocked_operations', [vm, 'suspend', 'no']);
    expect(failure(await s.attempt('VM.suspend', [vm]))).toEqual(['OPERATION_BLOCKED', vm, 'no']);
    await s.call('VM.remove_from_blocked_operations', [vm, 'start']);
    expect((await record(s, 'VM', vm))['allowed_operations']).toContain('start');
    await s.call('VM.assert_operation_valid', [vm, 'start']);
    await s.call('VM.set_blocked_operations', [vm, {}]);
  });

  it('allowed device numbers leave out the ones in use', async () => {
    const vm = await makeVm(s, 'devices');
    const vbds = (await s.call('VM.get_allowed_VBD_devices', [vm])) as string[];
    expect(vbds).not.toContain('0');
    expect(vbds).toContain('1');
    expect(vbds).toHaveLength(254);
    expect((await s.call('VM.get_allowed_VIF_devices', [vm])) as string[]).toHaveLength(16);
  });

  it('set_is_a_template true is make_into_template: Halted only, then a template', async () => {
    const vm = await makeVm(s, 'to template');
    await s.call('VM.start', [vm, false, false]);
    expect(failure(await s.attempt('VM.set_is_a_template', [vm, true]))).toEqual([
      'VM_BAD_POWER_STATE',
      vm,
      'halted',
      'running',
    ]);
    await s.call('VM.hard_shutdown', [vm]);
    await s.call('VM.set_is_a_template', [vm, true]);
    const r = await record(s, 'VM', vm);
    expect(r['is_a_template']).toBe(true);
    expect(r['allowed_operations']).not.toContain('start');
    expect(r['allowed_operations']).toContain('destroy');
  });
});

describe('guest metrics', () => {
  it('a booted guest reports PV drivers and one IPv4 address per VIF; halting removes the record', async () => {
    const vm = await makeVm(s, 'guest');
    const net = ((await s.call('network.get_all')) as string[])[0]!;
    await s.call('VIF.create', [vifArgs(vm, net)]);
    expect(await s.call('VM.get_guest_metrics', [vm])).toBe('OpaqueRef:NULL');
    await s.call('VM.start', [vm, false, false]);
    const gm = (await s.call('VM.get_guest_metrics', [vm])) as string;
    const r = await record(s, 'VM_guest_metrics', gm);
    expect(r).toMatchObject({ PV_drivers_detected: true, PV_drivers_up_to_date: true, live: true });
    expect((r['networks'] as Record<string, string>)['0/ip']).toMatch(/^10\.\d+\.\d+\.\d+$/);
    await s.call('VM.clean_shutdown', [vm]);
    expect(await s.call('VM.get_guest_metrics', [vm])).toBe('OpaqueRef:NULL');
    await expectGone(s, 'VM_guest_metrics', gm);
  });
});

describe('host', () => {
  it('get_servertime and compute_free_memory', async () => {
    const t = (await s.call('host.get_servertime', [emu.host.host])) as Date;
    expect(Math.abs(t.getTime() - Date.now())).toBeLessThan(5000);
    const free = (await s.call('host.compute_free_memory', [emu.host.host])) as number;
    const hm = (await record(s, 'host', emu.host.host))['metrics'] as string;
    expect(free).toBe((await record(s, 'host_metrics', hm))['memory_free']);
  });
});
