// VM.provision of one of the harness's VMs: templates become VMs; anything else gets the checked error.
import fc from 'fast-check';
import { command } from '../command.ts';
import { canGetOwnedVm, ownedVmOrClone } from '../owned-vm.ts';

export const provisionCommand = fc.nat().map((i) =>
  command(`provision owned VM #${i}`, canGetOwnedVm, async (d) => {
    const vm = await ownedVmOrClone(d, i);
    if (vm !== undefined) await d.call('VM.provision', [d.session, vm]);
  }),
);
