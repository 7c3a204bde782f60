// A parameter of the wrong type (a boolean for a ref, a string for a bool, a struct for a string): the
// unmarshaller refuses it before anything runs (SEMANTICS.md §2, INTERNAL_ERROR).
import fc from 'fast-check';
import { command, pick } from '../command.ts';

export const wrongTypeCommand = fc
  .tuple(fc.nat(), fc.constantFrom('ref-as-bool', 'bool-as-string', 'string-as-struct'))
  .map(([i, how]) =>
    command(
      `wrong type (${how}) for owned VM #${i}`,
      // Only the harness's own VMs: were a target to accept the bad value, nobody else's VM is touched.
      (d) => d.ownedVms().length > 0,
      async (d) => {
        const vm = pick(d.ownedVms(), i);
        if (vm === undefined) return;
        switch (how) {
          case 'ref-as-bool':
            await d.call('VM.get_power_state', [d.session, true], { raw: true });
            break;
          case 'bool-as-string':
            await d.call('VM.start', [d.session, vm.ref, 'yes', false], { raw: true });
            break;
          case 'string-as-struct':
            await d.call('VM.set_name_label', [d.session, vm.ref, { a: 'b' }], { raw: true });
            break;
        }
      },
    ),
  );
