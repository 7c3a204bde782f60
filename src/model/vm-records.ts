// What the model knows about a VM's fields, as shapes to compare with the target's records.
import type { Shape } from './expected.ts';
import { equalsShape, recordShape } from './expected.ts';
import type { ModelState, VmModel } from './model-state.ts';
import { checkOperationError } from './vm-check-operation.ts';
import type { VmOperation } from './vm-operation-rules.ts';
import { ALLOWED_OPERATIONS_COVERED } from './vm-operation-rules.ts';

/** `update_allowed_operations` restricted to the covered ops (xapi_vm_lifecycle.ml; SEMANTICS.md §4). */
export function allowedOperations(state: ModelState, vm: VmModel): VmOperation[] {
  const opts = { guestFeatures: state.config.guestFeatures };
  return ALLOWED_OPERATIONS_COVERED.filter((op) => checkOperationError(vm, op, opts) === undefined);
}

/** A VM an unfinished Async task acts on: its power state and operations may be old or new. */
export function vmBusy(state: ModelState, ref: string): boolean {
  for (const t of state.tasks.values()) if (!t.settled && t.effect.vm === ref) return true;
  return false;
}

export function allowedOperationsShape(state: ModelState, vm: VmModel): Shape {
  return { kind: 'set', members: allowedOperations(state, vm), covered: ALLOWED_OPERATIONS_COVERED };
}

/** The shape of a VM record: exact on what the model owns, loose on what it only adopted. */
export function vmRecordShape(state: ModelState, vm: VmModel): Shape {
  if (!vm.owned) {
    // Objects the harness did not create may be changed by others on a real host; only stable facts count.
    return recordShape({
      is_a_template: equalsShape(vm.isTemplate),
      is_control_domain: equalsShape(vm.isControlDomain),
    });
  }
  if (vmBusy(state, vm.ref)) return recordShape({ name_label: equalsShape(vm.nameLabel) });
  const otherConfig: Record<string, Shape> = {};
  for (const [k, v] of Object.entries(vm.otherConfig)) otherConfig[k] = equalsShape(v);
  return recordShape({
    name_label: equalsShape(vm.nameLabel),
    power_state: equalsShape(vm.powerState),
    is_a_template: equalsShape(vm.isTemplate),
    is_a_snapshot: equalsShape(vm.isSnapshot),
    is_control_domain: equalsShape(vm.isControlDomain),
    allowed_operations: allowedOperationsShape(state, vm),
    other_config: recordShape(otherConfig),
  });
}
