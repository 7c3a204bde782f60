// VM.provision of one of the harness's VMs: templates become VMs; anything else gets the checked error.
import fc from 'fast-check';
import { command, pick } from '../command.ts';

export const provisionCommand = fc.nat().map((i) =>
  command(
    `provision owned VM #${i}`,
    (d) => d.ownedVms().length > 0,
    async (d) => {
      const vm = pick(d.ownedVms(), i);
      if (vm !== undefined) await d.call('VM.provision', [d.session, vm.ref]);
    },
  ),
);
