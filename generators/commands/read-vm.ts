// Reads of a VM picked by index: the record, or one field. The model compares what it knows: power state,
// template flag, name, other_config, and allowed_operations on the ops it covers.
import fc from 'fast-check';
import { command, pick } from '../command.ts';

const READS = [
  'VM.get_record',
  'VM.get_power_state',
  'VM.get_allowed_operations',
  'VM.get_is_a_template',
  'VM.get_name_label',
  'VM.get_other_config',
] as const;

export const readVmCommand = fc
  .tuple(fc.constantFrom(...READS), fc.nat(), fc.boolean())
  .map(([read, i, ownedOnly]) =>
    command(
      `${read} ${ownedOnly ? 'owned' : 'any'} VM #${i}`,
      (d) => d.state.vms.size > 0,
      async (d) => {
        const owned = d.ownedVms();
        const list = ownedOnly && owned.length > 0 ? owned : d.vms(() => true);
        const vm = pick(list, i);
        if (vm !== undefined) await d.call(read, [d.session, vm.ref]);
      },
    ),
  );
