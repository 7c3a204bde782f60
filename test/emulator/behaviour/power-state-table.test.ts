// Every wrong-state call of the power-state table answers VM_BAD_POWER_STATE [vm, expected, actual]
// exactly (SEMANTICS.md §4 table; xen-api ocaml/xapi/xapi_vm_lifecycle.ml allowed_power_states and
// report_power_state_error: lower case, expected joined by ", " in xapi's order), and the checks that
// follow the power state come in xapi's order with xapi's params.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../../src/client/index.ts';
import type { Emulator } from '../../../src/emulator/index.ts';
import { byName, expectGone, failure, login, makeVm, record, startHttpEmulator } from './helpers.ts';

type State = 'Halted' | 'Paused' | 'Running' | 'Suspended';

/** The table as SEMANTICS.md §4 states it (independent of the emulator's own rule table). */
const EXPECTED: Readonly<Record<string, string>> = {
  start: 'halted',
  start_on: 'halted',
  pause: 'running',
  unpause: 'paused',
  clean_shutdown: 'running',
  clean_reboot: 'running',
  suspend: 'running',
  shutdown: 'paused, suspended, running',
  hard_shutdown: 'paused, suspended, running',
  hard_reboot: 'paused, running',
  resume: 'suspended',
  resume_on: 'suspended',
  destroy: 'halted, suspended',
  clone: 'halted',
  copy: 'halted',
  provision: 'halted',
};

let emu: Emulator;
let s: Session;
const vms = {} as Record<State, string>;
let sr: string;

function args(op: string, vm: string): unknown[] {
  switch (op) {
    case 'start':
    case 'resume':
      return [vm, false, false];
    case 'start_on':
    case 'resume_on':
      return [vm, emu.host.host, false, false];
    case 'clone':
      return [vm, 'never'];
    case 'copy':
      return [vm, 'never', sr];
    default:
      return [vm];
  }
}

beforeAll(async () => {
  emu = await startHttpEmulator();
  s = await login(emu);
  sr = emu.host.localSr;
  vms.Halted = await makeVm(s, 'halted');
  vms.Running = await makeVm(s, 'running');
  await s.call('VM.start', [vms.Running, false, false]);
  vms.Paused = await makeVm(s, 'paused');
  await s.call('VM.start', [vms.Paused, true, false]);
  vms.Suspended = await makeVm(s, 'suspended');
  await s.call('VM.start', [vms.Suspended, false, false]);
  await s.call('VM.suspend', [vms.Suspended]);
});
afterAll(async () => {
  await emu.close();
});

describe('VM_BAD_POWER_STATE for every wrong-state call', () => {
  it('has the four power states to start from', async () => {
    for (const st of ['Halted', 'Paused', 'Running', 'Suspended'] as const) {
      expect(await s.call('VM.get_power_state', [vms[st]])).toBe(st);
    }
  });

  for (const [op, expected] of Object.entries(EXPECTED)) {
    for (const st of ['Halted', 'Paused', 'Running', 'Suspended'] as const) {
      if (expected.split(', ').includes(st.toLowerCase())) continue;
      it(`VM.${op} from ${st}`, async () => {
        const vm = vms[st];
        const before = await record(s, 'VM', vm);
        expect(failure(await s.attempt(`VM.${op}`, args(op, vm)))).toEqual([
          'VM_BAD_POWER_STATE',
          vm,
          expected,
          st.toLowerCase(),
        ]);
        const after = await record(s, 'VM', vm);
        expect(after['power_state']).toBe(st);
        expect(after['current_operations']).toEqual({});
        expect(after['allowed_operations']).toEqual(before['allowed_operations']);
        expect(after['allowed_operations']).not.toContain(op);
      });
    }
  }

  it('Async calls fail inside their task with the same error', async () => {
    const res = await s.callAsync('VM.unpause', [vms.Halted]);
    expect(res.outcome).toEqual({
      ok: false,
      code: 'VM_BAD_POWER_STATE',
      params: [vms.Halted, 'paused', 'halted'],
    });
    expect(res.record).toMatchObject({
      status: 'failure',
      error_info: ['VM_BAD_POWER_STATE', vms.Halted, 'paused', 'halted'],
      progress: 1,
    });
  });
});

describe('the checks after the power state, in xapi order', () => {
  it('a template: VM_IS_TEMPLATE [vm, op]', async () => {
    const t = await byName(s, 'VM', 'Debian Etch 4.0');
    expect(failure(await s.attempt('VM.start', [t, false, false]))).toEqual(['VM_IS_TEMPLATE', t, 'start']);
    // The power state is checked first: a Halted template asked to suspend is in the wrong state.
    expect(failure(await s.attempt('VM.suspend', [t]))).toEqual([
      'VM_BAD_POWER_STATE',
      t,
      'running',
      'halted',
    ]);
    // A default template cannot be destroyed: check_template refuses before destroy runs.
    expect(failure(await s.attempt('VM.destroy', [t]))).toEqual(['VM_IS_TEMPLATE', t, 'destroy']);
  });

  it('provision of a non-template: PROVISION_ONLY_ALLOWED_ON_TEMPLATE []', async () => {
    expect(failure(await s.attempt('VM.provision', [vms.Halted]))).toEqual([
      'PROVISION_ONLY_ALLOWED_ON_TEMPLATE',
    ]);
  });

  it('a VM marked default_template in other_config: VM_CANNOT_DELETE_DEFAULT_TEMPLATE []', async () => {
    const vm = await makeVm(s, 'marked');
    await s.call('VM.add_to_other_config', [vm, 'default_template', 'true']);
    expect(failure(await s.attempt('VM.destroy', [vm]))).toEqual(['VM_CANNOT_DELETE_DEFAULT_TEMPLATE']);
    expect(await s.call('VM.get_power_state', [vm])).toBe('Halted');
    expect((await record(s, 'VM', vm))['current_operations']).toEqual({});
  });

  it("the control domain: OPERATION_NOT_ALLOWED with xapi's reasons", async () => {
    const dom0 = emu.host.controlDomain;
    expect(failure(await s.attempt('VM.clean_shutdown', [dom0]))).toEqual([
      'OPERATION_NOT_ALLOWED',
      'This operation is not allowed on a control domain',
    ]);
    expect(failure(await s.attempt('VM.destroy', [dom0]))).toEqual([
      'VM_BAD_POWER_STATE',
      dom0,
      'halted, suspended',
      'running',
    ]);
    const allowed = (await record(s, 'VM', dom0))['allowed_operations'] as string[];
    expect(allowed).not.toContain('clean_shutdown');
    expect(allowed).toContain('metadata_export');
  });

  it('a snapshot: VM_IS_SNAPSHOT [vm, op], but clone is allowed', async () => {
    const snap = (await s.call('VM.snapshot', [vms.Running, 'snap'])) as string;
    const r = await record(s, 'VM', snap);
    expect(r).toMatchObject({
      is_a_snapshot: true,
      is_a_template: true,
      snapshot_of: vms.Running,
      power_state: 'Halted',
    });
    expect(failure(await s.attempt('VM.start', [snap, false, false]))).toEqual([
      'VM_IS_SNAPSHOT',
      snap,
      'start',
    ]);
    expect((await record(s, 'VM', vms.Running))['snapshots']).toContain(snap);
    const fromSnap = (await s.call('VM.clone', [snap, 'from snapshot'])) as string;
    expect(await s.call('VM.get_is_a_snapshot', [fromSnap])).toBe(false);
  });

  it('an unknown VM: HANDLE_INVALID [VM, ref]', async () => {
    expect(failure(await s.attempt('VM.start', ['OpaqueRef:nope', false, false]))).toEqual([
      'HANDLE_INVALID',
      'VM',
      'OpaqueRef:nope',
    ]);
  });

  it('copy to an ISO SR: OPERATION_NOT_ALLOWED', async () => {
    const iso = await byName(s, 'SR', 'XenServer Tools');
    expect(failure(await s.attempt('VM.copy', [vms.Halted, 'c', iso]))).toEqual([
      'OPERATION_NOT_ALLOWED',
      "Cannot copy a VM's disks to an ISO SR",
    ]);
  });
});

describe('the other transitions', () => {
  it('pause/unpause, reboots (new domid), shutdown of a Suspended VM, copy and destroy', async () => {
    const vm = await makeVm(s, 'transitions');
    await s.call('VM.start', [vm, false, false]);
    const domid = (await record(s, 'VM', vm))['domid'] as number;
    await s.call('VM.pause', [vm]);
    expect(await s.call('VM.get_power_state', [vm])).toBe('Paused');
    await s.call('VM.unpause', [vm]);
    await s.call('VM.clean_reboot', [vm]);
    const r1 = await record(s, 'VM', vm);
    expect(r1['power_state']).toBe('Running');
    expect(r1['domid']).not.toBe(domid);
    await s.call('VM.hard_reboot', [vm]);
    await s.call('VM.suspend', [vm]);
    const suspendVdi = (await record(s, 'VM', vm))['suspend_VDI'] as string;
    expect((await record(s, 'VDI', suspendVdi))['type']).toBe('suspend');
    await s.call('VM.shutdown', [vm]);
    expect(await s.call('VM.get_power_state', [vm])).toBe('Halted');
    await expectGone(s, 'VDI', suspendVdi);

    const copy = (await s.call('VM.copy', [vm, 'copy', sr])) as string;
    const c = await record(s, 'VM', copy);
    expect(c).toMatchObject({ name_label: 'copy', power_state: 'Halted', is_a_template: false });
    const srcVdi = (await record(s, 'VBD', ((await record(s, 'VM', vm))['VBDs'] as string[])[0]!))['VDI'];
    const copyVdi = (await record(s, 'VBD', (c['VBDs'] as string[])[0]!))['VDI'];
    expect(copyVdi).not.toBe(srcVdi);

    const vbds = (await record(s, 'VM', vm))['VBDs'] as string[];
    const metrics = (await record(s, 'VM', vm))['metrics'] as string;
    await s.call('VM.destroy', [vm]);
    await expectGone(s, 'VM', vm);
    await expectGone(s, 'VBD', vbds[0]!);
    await expectGone(s, 'VM_metrics', metrics);
    expect((await record(s, 'VDI', srcVdi as string))['uuid']).toBeTypeOf('string');
  });

  it('host_metrics.memory_free follows running domains', async () => {
    const host = await record(s, 'host', emu.host.host);
    const hm = host['metrics'] as string;
    const free0 = (await record(s, 'host_metrics', hm))['memory_free'] as number;
    const vm = await makeVm(s, 'memory');
    const mem = (await record(s, 'VM', vm))['memory_dynamic_max'] as number;
    await s.call('VM.start', [vm, false, false]);
    expect((await record(s, 'host_metrics', hm))['memory_free']).toBe(free0 - mem);
    await s.call('VM.hard_shutdown', [vm]);
    expect((await record(s, 'host_metrics', hm))['memory_free']).toBe(free0);
  });
});
