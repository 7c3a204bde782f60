// host.evacuate's plan (docs/SEMANTICS.md §11; xen-api ocaml/xapi/xapi_host.ml
// compute_evacuation_plan_no_wlb, without HA or WLB): for every VM resident on the host (control domains
// excepted), either a destination or the error that prevents its move.
import type { ObjectDb } from '../db/object-db.ts';
import { XapiFailure } from '../../xapi/harness-errors.ts';
import type { FaultName } from '../faults.ts';
import { checkVmOperation } from '../lifecycle/check-vm-operation.ts';
import { refsOf, str } from '../lifecycle/record-values.ts';
import { bootMemory, cannotBootHere, hostFreeMemory } from './placement.ts';

export type EvacuationStep = { readonly to: string } | { readonly error: XapiFailure };

/**
 * Targets are the other enabled hosts; with none, each VM is NO_HOSTS_AVAILABLE [vm]. Each VM must be able
 * to boot on every target (no memory check) and its pool_migrate operation must be valid (the operation
 * error replaces an earlier one); then first-fit bin-packing by memory, largest VM first, onto the targets
 * by free memory: a VM that fits nowhere is HOST_NOT_ENOUGH_FREE_MEMORY [vm]. Map order is resident order.
 */
export function evacuationPlan(
  db: ObjectDb,
  host: string,
  faults: ReadonlySet<FaultName>,
): Map<string, EvacuationStep> {
  const plan = new Map<string, EvacuationStep>();
  const vms = refsOf(db.get('host', host)?.record['resident_VMs']).filter(
    (vm) => db.get('VM', vm) !== undefined && db.get('VM', vm)?.record['is_control_domain'] !== true,
  );
  const targets = [...db.all('host')]
    .filter((h) => h.ref !== host && h.record['enabled'] === true)
    .map((h) => h.ref);
  if (targets.length === 0) {
    for (const vm of vms) plan.set(vm, { error: new XapiFailure('NO_HOSTS_AVAILABLE', [vm]) });
    return plan;
  }
  const movable: string[] = [];
  for (const vm of vms) {
    const err = targets.map((t) => cannotBootHere(db, vm, t, { memory: false })).find((e) => e !== undefined);
    if (err !== undefined) plan.set(vm, { error: err });
    else movable.push(vm);
  }
  for (const vm of vms) {
    const opErr = checkVmOperation(db, vm, db.get('VM', vm)!.record, 'pool_migrate', faults);
    if (opErr !== undefined) plan.set(vm, { error: new XapiFailure(opErr.code, opErr.params) });
  }
  const free = new Map(targets.map((t) => [t, hostFreeMemory(db, t)]));
  const bySize = [...movable].sort(
    (a, b) => bootMemory(db.get('VM', b)!.record) - bootMemory(db.get('VM', a)!.record),
  );
  for (const vm of bySize) {
    const need = bootMemory(db.get('VM', vm)!.record);
    const to = [...free.entries()].sort((a, b) => b[1] - a[1]).find(([, f]) => f >= need)?.[0];
    if (to === undefined) {
      if (!plan.has(vm)) plan.set(vm, { error: new XapiFailure('HOST_NOT_ENOUGH_FREE_MEMORY', [vm]) });
      continue;
    }
    free.set(to, (free.get(to) ?? 0) - need);
    if (!plan.has(vm)) plan.set(vm, { to });
  }
  // Resident order, so the map reads as host.resident_VMs does.
  return new Map(vms.filter((vm) => plan.has(vm)).map((vm) => [vm, plan.get(vm)!]));
}

/** host.get_vms_which_prevent_evacuation: VM → [code, params…] for every step that is an error. */
export function evacuationBlockers(
  db: ObjectDb,
  host: string,
  faults: ReadonlySet<FaultName>,
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [vm, step] of evacuationPlan(db, host, faults)) {
    if ('error' in step) out[vm] = [step.error.code, ...step.error.params];
  }
  return out;
}

export function residentUserVms(db: ObjectDb, host: string): string[] {
  return refsOf(db.get('host', host)?.record['resident_VMs']).filter(
    (vm) =>
      db.get('VM', vm)?.record['is_control_domain'] !== true && str(db.get('VM', vm)?.record['uuid']) !== '',
  );
}
