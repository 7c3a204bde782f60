// Snapshots, checkpoints and revert (xen-api xapi_vm_clone.ml, xapi_vm_snapshot.ml, message_forwarding
// VM.revert): a snapshot is a Halted template-like copy, a checkpoint of a running VM also keeps its
// memory (Suspended, with a suspend image) while the VM keeps running; revert brings back the
// snapshot's configuration, disks and power state, under the snapshot's `revert` and the VM's
// `reverting` operations.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../../src/client/index.ts';
import type { Emulator } from '../../../src/emulator/index.ts';
import { NULL_REF } from '../../../src/xapi/ref.ts';
import { expectGone, failure, makeVm, record, startAndLogin } from './helpers.ts';

let emu: Emulator;
let s: Session;
beforeAll(async () => ({ emu, s } = await startAndLogin()));
afterAll(() => emu.close());

async function diskOf(vm: string): Promise<string> {
  const vbd = ((await record(s, 'VM', vm))['VBDs'] as string[])[0]!;
  return (await s.call('VBD.get_VDI', [vbd])) as string;
}

describe('checkpoint and revert', () => {
  it('a checkpoint of a running VM is Suspended with a memory image; the VM keeps running', async () => {
    const vm = await makeVm(s, 'checkpointed');
    await s.call('VM.start', [vm, false, false]);
    const cp = (await s.call('VM.checkpoint', [vm, 'cp'])) as string;
    const r = await record(s, 'VM', cp);
    expect(r).toMatchObject({ is_a_snapshot: true, snapshot_of: vm, power_state: 'Suspended' });
    expect(r['suspend_VDI']).not.toBe(NULL_REF);
    expect(await s.call('VM.get_power_state', [vm])).toBe('Running');
    expect((await record(s, 'VM', cp))['allowed_operations']).toContain('revert');
  });

  it("revert to a snapshot: the running VM is halted, gets the snapshot's disk contents and config", async () => {
    const vm = await makeVm(s, 'reverted');
    const snap = (await s.call('VM.snapshot', [vm, 'before'])) as string;
    await s.call('VM.set_name_description', [vm, 'changed after the snapshot']);
    await s.call('VM.add_to_other_config', [vm, 'after', 'yes']);
    const oldDisk = await diskOf(vm);
    await s.call('VM.start', [vm, false, false]);
    await s.call('VM.revert', [snap]);
    const r = await record(s, 'VM', vm);
    expect(r).toMatchObject({ power_state: 'Halted', parent: snap, current_operations: {} });
    expect(r['name_description']).not.toBe('changed after the snapshot');
    expect(r['other_config']).not.toHaveProperty('after');
    const newDisk = await diskOf(vm);
    expect(newDisk).not.toBe(oldDisk);
    await expectGone(s, 'VDI', oldDisk);
    expect(r['allowed_operations']).toContain('start');
  });

  it('revert to a checkpoint leaves the VM Suspended, ready to resume', async () => {
    const vm = await makeVm(s, 'checkpoint revert');
    await s.call('VM.start', [vm, false, false]);
    const cp = (await s.call('VM.checkpoint', [vm, 'cp'])) as string;
    await s.call('VM.hard_shutdown', [vm]);
    await s.call('VM.revert', [cp]);
    const r = await record(s, 'VM', vm);
    expect(r['power_state']).toBe('Suspended');
    expect(r['suspend_VDI']).not.toBe(NULL_REF);
    await s.call('VM.resume', [vm, false, false]);
    expect(await s.call('VM.get_power_state', [vm])).toBe('Running');
  });

  it('revert of a VM that is not a snapshot: REVERT_ONLY_ALLOWED_ON_SNAPSHOT []', async () => {
    const vm = await makeVm(s, 'not a snapshot');
    expect(failure(await s.attempt('VM.revert', [vm]))).toEqual(['REVERT_ONLY_ALLOWED_ON_SNAPSHOT']);
  });
});
