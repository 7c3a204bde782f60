// A synchronous power operation on one of the harness's VMs, from any state: the model predicts success
// and the resulting state, or the exact error (VM_BAD_POWER_STATE, VM_IS_TEMPLATE, ...) in xapi's order.
// The VM's record is read right after, so power_state and allowed_operations are checked at every step.
import fc from 'fast-check';
import { POWER_OPS } from '../../src/harness/transition-coverage.ts';
import { command } from '../command.ts';
import { canGetOwnedVm, ownedVmOrClone } from '../owned-vm.ts';

// One list with the transition coverage that counts them (src/harness/transition-coverage.ts).
export { POWER_OPS };
export type PowerOp = (typeof POWER_OPS)[number];

/** The call's parameters after the VM: start and resume take start_paused and force. */
export function powerArgs(op: PowerOp, paused: boolean): unknown[] {
  return op === 'start' || op === 'resume' ? [paused, false] : [];
}

export const powerOpCommand = fc
  .tuple(fc.constantFrom(...POWER_OPS), fc.nat(), fc.boolean())
  .map(([op, i, paused]) =>
    command(
      `VM.${op} owned VM #${i}${op === 'start' || op === 'resume' ? ` (start_paused=${paused})` : ''}, then read it`,
      canGetOwnedVm,
      async (d) => {
        const vm = await ownedVmOrClone(d, i);
        if (vm === undefined) return;
        await d.call(`VM.${op}`, [d.session, vm, ...powerArgs(op, paused)]);
        await d.call('VM.get_record', [d.session, vm]);
      },
    ),
  );
