// What the model knows about a VM's fields, as shapes to compare with the target's records.
import { uuidShape } from './vm-access.ts';
import { devicesShape } from './vm-devices.ts';
import { currentOpsShape } from './vm-current-ops.ts';
import type { Shape } from './expected.ts';
import { equalsShape, recordShape } from './expected.ts';
import type { ModelState, VmModel } from './model-state.ts';
import { mapSet } from './model-state.ts';
import { GUEST_FEATURE_OPS, checkOperationError, guestFeatureCheck } from './vm-check-operation.ts';
import type { VmOperation } from './vm-operation-rules.ts';
import { ALLOWED_OPERATIONS_COVERED } from './vm-operation-rules.ts';

/**
 * `update_allowed_operations` restricted to the covered ops (xapi_vm_lifecycle.ml; SEMANTICS.md §4): the ops
 * certainly allowed. Guest-dependent ops not yet seen allowed in this boot are in `optionalOperations`.
 */
export function allowedOperations(state: ModelState, vm: VmModel): VmOperation[] {
  const opts = { release: state.config.release, allowCloneSuspended: state.config.allowCloneSuspended };
  return ALLOWED_OPERATIONS_COVERED.filter(
    (op) => checkOperationError(vm, op, opts) === undefined && guestFeatureCheck(vm, op) !== 'unknown',
  );
}

/** Ops allowed or not depending on the guest (check_op_for_feature, strict; SEMANTICS.md §10). */
function optionalOperations(state: ModelState, vm: VmModel): VmOperation[] {
  const opts = { release: state.config.release, allowCloneSuspended: state.config.allowCloneSuspended };
  return ALLOWED_OPERATIONS_COVERED.filter(
    (op) => checkOperationError(vm, op, opts) === undefined && guestFeatureCheck(vm, op) === 'unknown',
  );
}

/**
 * Learns from a VM's allowed_operations as the target listed them (strict): a guest-dependent op listed is
 * supported by the guest until the power state changes (then it is forgotten, see vm-lifecycle.ts).
 */
export function learnFeatures(state: ModelState, ref: string, allowed: unknown): ModelState {
  const vm = state.vms.get(ref);
  if (vm === undefined || !Array.isArray(allowed) || vmBusy(state, ref)) return state;
  const listed = new Set(allowed.map((x) => String(x)));
  const seen = new Set(vm.featuresSeen ?? []);
  for (const op of GUEST_FEATURE_OPS)
    if (guestFeatureCheck(vm, op) === 'unknown' && listed.has(op)) seen.add(op);
  if (seen.size === (vm.featuresSeen?.size ?? 0)) return state;
  return { ...state, vms: mapSet(state.vms, ref, { ...vm, featuresSeen: seen }) };
}

/** A VM an unfinished Async task acts on: its power state and operations may be old or new. */
export function vmBusy(state: ModelState, ref: string): boolean {
  for (const t of state.tasks.values()) if (!t.settled && t.effect.vm === ref) return true;
  return false;
}

export function allowedOperationsShape(state: ModelState, vm: VmModel): Shape {
  return {
    kind: 'set',
    members: allowedOperations(state, vm),
    covered: ALLOWED_OPERATIONS_COVERED,
    optional: optionalOperations(state, vm),
  };
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
  if (vmBusy(state, vm.ref)) {
    const ops = currentOpsShape(state, vm);
    return recordShape({
      name_label: equalsShape(vm.nameLabel),
      ...(ops === undefined ? {} : { current_operations: ops }),
    });
  }
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
    // No operation of ours is running on it (vmBusy above), and nobody else acts on the harness's VMs:
    // with_vm_operation removes its entry in a finally before answering (message_forwarding.ml
    // with_vm_operation; SEMANTICS.md §4 "Concurrency"), so nothing is left in current_operations.
    current_operations: equalsShape({}),
    ...devicesShape(vm.devices),
    ...uuidShape(vm),
  });
}
