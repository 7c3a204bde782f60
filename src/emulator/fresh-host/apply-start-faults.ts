// Faults that change the host's data once, at start (src/emulator/faults.ts), so that every read path shows
// them alike: records, getters, event snapshots, and the VMs cloned from the templates.
import type { ObjectDb } from '../db/object-db.ts';
import type { FaultName } from '../faults.ts';

export function applyStartFaults(db: ObjectDb, faults: ReadonlySet<FaultName>): void {
  // `enum-value-unknown`: actions_after_crash is an on_crash_behaviour (restart, destroy, preserve, ...);
  // "reboot" is none of them (xen-api ocaml/idl/datamodel_vm.ml), yet every VM shows it.
  if (faults.has('enum-value-unknown')) {
    for (const vm of [...db.all('VM')]) db.update('VM', vm.ref, { actions_after_crash: 'reboot' });
  }
}
