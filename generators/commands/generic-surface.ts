// The datamodel's generic messages, the ones every client lives on (issue 17 item 3), on one of the
// harness's VMs picked by index, each answer checked by the model against what it has seen: get_uuid, then
// get_by_uuid of that uuid (that VM), get_by_uuid of a uuid nobody has (UUID_INVALID [VM; uuid]),
// get_by_name_label of its name (it is listed, the harness's other VMs of other names are not), the record
// (its uuid unchanged), and get_all beside get_all_records (every VM the model knows in both, destroyed
// ones in neither).
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { command, pick } from '../command.ts';

export const genericSurfaceCommand = fc.tuple(fc.nat(), fc.boolean()).map(([i, lists]) =>
  command(
    `generic messages on owned VM #${i}${lists ? ', then get_all beside get_all_records' : ''}`,
    (d) => d.ownedVms().length > 0,
    async (d) => {
      const vm = pick(d.ownedVms(), i);
      if (vm === undefined) return;
      const uuid = await d.call('VM.get_uuid', [d.session, vm.ref]);
      if (uuid.ok && typeof uuid.value === 'string') await d.call('VM.get_by_uuid', [d.session, uuid.value]);
      await d.call('VM.get_by_uuid', [d.session, randomUUID()]);
      await d.call('VM.get_by_name_label', [d.session, d.state.vms.get(vm.ref)?.nameLabel ?? vm.nameLabel]);
      await d.call('VM.get_record', [d.session, vm.ref]);
      if (!lists) return;
      await d.call('VM.get_all', [d.session]);
      await d.call('VM.get_all_records', [d.session]);
    },
  ),
);
