// The datamodel's generic messages, the ones every client lives on (issue 17 item 3), on one of the
// harness's VMs picked by index, each answer checked by the model against what it has seen: get_uuid (the
// uuid a record showed), get_by_uuid of its uuid (that VM), get_by_uuid of a uuid nobody has (UUID_INVALID
// [VM; uuid]), get_by_name_label of its name (it is listed, the harness's other VMs of other names are not),
// the record (its uuid unchanged), and get_all beside get_all_records (every VM the model knows in both,
// destroyed ones in neither).
// Which of these a command makes is generated, so that shrinking keeps only the one that fails: a wrong
// get_by_name_label answer is shown after one call, not after the five others (issue 17 item 5).
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { Driver } from '../../src/harness/driver.ts';
import { command } from '../command.ts';
import { canGetOwnedVm, ownedVmOrClone } from '../owned-vm.ts';

/** The generic checks, in the order a command makes them. */
const GENERIC_CHECKS = ['uuid', 'by-uuid', 'unknown-uuid', 'by-name', 'record', 'lists'] as const;
type GenericCheck = (typeof GENERIC_CHECKS)[number];

async function runCheck(d: Driver, check: GenericCheck, vm: string): Promise<void> {
  switch (check) {
    case 'uuid':
      await d.call('VM.get_uuid', [d.session, vm]);
      return;
    case 'by-uuid': {
      // The uuid a record or get_uuid showed; asked for first when the model has not seen it yet.
      let uuid = d.state.vms.get(vm)?.uuid;
      if (uuid === undefined) {
        const o = await d.call('VM.get_uuid', [d.session, vm]);
        uuid = o.ok && typeof o.value === 'string' ? o.value : undefined;
      }
      if (uuid !== undefined) await d.call('VM.get_by_uuid', [d.session, uuid]);
      return;
    }
    case 'unknown-uuid':
      await d.call('VM.get_by_uuid', [d.session, randomUUID()]);
      return;
    case 'by-name': {
      const name = d.state.vms.get(vm)?.nameLabel;
      if (name !== undefined) await d.call('VM.get_by_name_label', [d.session, name]);
      return;
    }
    case 'record':
      await d.call('VM.get_record', [d.session, vm]);
      return;
    case 'lists':
      await d.call('VM.get_all', [d.session]);
      await d.call('VM.get_all_records', [d.session]);
      return;
  }
}

/** One boolean per check (each shrinks to false on its own); none drawn means get_by_uuid of its uuid. */
export const genericSurfaceCommand = fc
  .tuple(
    fc.nat(),
    fc.array(fc.boolean(), { minLength: GENERIC_CHECKS.length, maxLength: GENERIC_CHECKS.length }),
  )
  .map(([i, drawn]) => {
    const some = GENERIC_CHECKS.filter((_, k) => drawn[k] === true);
    const checks: readonly GenericCheck[] = some.length > 0 ? some : ['by-uuid'];
    return command(`generic messages on owned VM #${i}: ${checks.join(', ')}`, canGetOwnedVm, async (d) => {
      const vm = await ownedVmOrClone(d, i);
      if (vm === undefined) return;
      for (const c of checks) await runCheck(d, c, vm);
    });
  });
