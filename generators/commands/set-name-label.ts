// VM.set_name_label on one of the harness's VMs: acknowledged writes must be visible to later reads and
// produce a `mod` event.
import fc from 'fast-check';
import { command } from '../command.ts';
import { canGetOwnedVm, ownedVmOrClone } from '../owned-vm.ts';

/** Names with the characters that stress XML and JSON codecs, all representable in XML 1.0. */
const NAME = fc.string({ unit: fc.constantFrom(...'ab Z09&<>"\'é漢-_'), minLength: 1, maxLength: 12 });

export const setNameLabelCommand = fc.tuple(fc.nat(), NAME).map(([i, name]) =>
  command(`set_name_label owned VM #${i} to ${JSON.stringify(name)}`, canGetOwnedVm, async (d) => {
    const vm = await ownedVmOrClone(d, i);
    if (vm === undefined) return;
    await d.call('VM.set_name_label', [d.session, vm, name]);
    await d.call('VM.get_name_label', [d.session, vm]);
  }),
);
