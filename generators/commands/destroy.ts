// VM.destroy of one of the harness's VMs (Halted or Suspended only; SEMANTICS.md §4); afterwards every
// call on it gives HANDLE_INVALID and get_all_records must not list it.
import fc from 'fast-check';
import { command, commandOn } from '../command.ts';
import { canGetOwnedVm, ownedVmOrClone } from '../owned-vm.ts';

export const destroyCommand = fc.nat().map((i) =>
  command(`destroy owned VM #${i}`, canGetOwnedVm, async (d) => {
    const vm = await ownedVmOrClone(d, i);
    if (vm !== undefined) await d.call('VM.destroy', [d.session, vm]);
  }),
);

/** Destroy of an adopted default template: refused with VM_IS_TEMPLATE [vm; "destroy"]. */
export const destroyDefaultTemplateCommand = fc.nat().map((i) =>
  commandOn(
    `destroy default template #${i}`,
    (d) => d.templates().filter((t) => !t.owned && t.otherConfig['default_template'] === 'true'),
    i,
    async (d, vm) => {
      await d.call('VM.destroy', [d.session, vm.ref]);
    },
  ),
);
