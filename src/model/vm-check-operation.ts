// `check_operation_error` (xen-api ocaml/xapi/xapi_vm_lifecycle.ml), restricted to the checks that can fire
// for the VMs the model knows: blocked operations, appliances, PCI/vGPU/VUSB, VMPP and rolling upgrades are
// never set up by the harness, so those checks cannot fire (SEMANTICS.md §4, "Check order").
import type { ReleaseMatch } from '../xapi/index.ts';
import { releaseAtLeast } from '../xapi/index.ts';
import type { Expected } from './expected.ts';
import { anyParam, fails } from './expected.ts';
import type { VmModel } from './model-state.ts';
import type { VmOperation } from './vm-operation-rules.ts';
import {
  allowedConcurrently,
  allowedPowerStates,
  snapshotAllows,
  templateAllows,
} from './vm-operation-rules.ts';

export interface CheckOptions {
  /** The target's release: OTHER_OPERATION_IN_PROGRESS has 4 params from xapi 25.27.0 (SEMANTICS.md §10). */
  readonly release: ReleaseMatch;
  /** The pool's other_config allow_clone_suspended_vm is "true" (read from the target; default false). */
  readonly allowCloneSuspended?: boolean;
}

/** `default_template` in other_config counts like is_default_template (bool_of_assoc: "1" or "true"). */
function isDefaultTemplate(vm: VmModel): boolean {
  const v = vm.otherConfig['default_template'];
  return vm.isDefaultTemplate || v === '1' || v?.toLowerCase() === 'true';
}

/** The first error `op` meets on `vm`, or undefined when it is allowed. */
export function checkOperationError(
  vm: VmModel,
  op: VmOperation,
  options: CheckOptions,
): Expected | undefined {
  // 2. Power state first: VM_BAD_POWER_STATE [vm; expected; actual], lowercase, expected joined with ", "
  //    in allowed_power_states' order (report_power_state_error).
  const allowed = allowedPowerStates(op, vm, options.allowCloneSuspended === true);
  if (!allowed.includes(vm.powerState)) {
    return fails('VM_BAD_POWER_STATE', [
      vm.ref,
      allowed.map((s) => s.toLowerCase()).join(', '),
      vm.powerState.toLowerCase(),
    ]);
  }
  // 3. Concurrency: OTHER_OPERATION_IN_PROGRESS ["VM"; vm; op; task], or "{op1,op2}" / "{t1,t2}" for several
  //    (report_concurrent_operations_error). Before xapi 25.27.0 (xen-api b6fb47ce) it was ["VM.<op>"; vm],
  //    or ["VM.{op1,op2}"; vm] (SEMANTICS.md §10).
  if (vm.currentOps.size > 0) {
    const current = [...vm.currentOps.entries()];
    if (
      !allowedConcurrently(
        op,
        current.map(([, o]) => o),
      )
    ) {
      const [only] = current;
      if (!releaseAtLeast(options.release, '25.27.0')) {
        const ops =
          current.length === 1 && only !== undefined ? only[1] : `{${current.map(([, o]) => o).join(',')}}`;
        return fails('OTHER_OPERATION_IN_PROGRESS', [`VM.${ops}`, vm.ref]);
      }
      const params =
        current.length === 1 && only !== undefined
          ? ['VM', vm.ref, only[1], only[0]]
          : [
              'VM',
              vm.ref,
              `{${current.map(([, o]) => o).join(',')}}`,
              `{${current.map(([t]) => t).join(',')}}`,
            ];
      return fails('OTHER_OPERATION_IN_PROGRESS', params);
    }
  }
  // 4. Templates that are not snapshots: VM_IS_TEMPLATE [vm; op] (two params at runtime, SEMANTICS.md §4).
  if (vm.isTemplate && !vm.isSnapshot && !templateAllows(op, isDefaultTemplate(vm))) {
    return fails('VM_IS_TEMPLATE', [vm.ref, op]);
  }
  // 5. Snapshots: VM_IS_SNAPSHOT [vm; op].
  if (vm.isSnapshot && !snapshotAllows(op)) return fails('VM_IS_SNAPSHOT', [vm.ref, op]);
  // 6. provision only on templates.
  if (op === 'provision' && !vm.isTemplate) return fails('PROVISION_ONLY_ALLOWED_ON_TEMPLATE', []);
  // 7. Control domains. The model treats every control domain as dom0 (a fresh host has only dom0, §7).
  if (vm.isControlDomain) {
    if (op === 'destroy') return fails('OPERATION_NOT_ALLOWED', ['This operation is not allowed on dom0']);
    if (op !== 'start' && op !== 'start_on') {
      return fails('OPERATION_NOT_ALLOWED', ['This operation is not allowed on a control domain']);
    }
  }
  // 8. Guest features (check_op_for_feature) depend on the guest: see guestFeatureCheck.
  return undefined;
}

/** The operations whose outcome on a live VM depends on the guest (check_op_for_feature, strict). */
export const GUEST_FEATURE_OPS: readonly VmOperation[] = ['clean_shutdown', 'clean_reboot', 'suspend'];

/**
 * Whether `op` on `vm` depends on what the guest supports (xen-api ocaml/xapi/xapi_vm_lifecycle.ml
 * check_op_for_feature, strict as with_vm_operation calls it; SEMANTICS.md §10). On a live VM, a PV or PVH
 * guest (VM_metrics.current_domain_type) or one with PV drivers (VM_guest_metrics.PV_drivers_version)
 * supports every operation; an HVM guest without them answers VM_LACKS_FEATURE [vm] unless its agent
 * advertises feature-shutdown / -poweroff / -reboot / -suspend; suspend also answers VM_NON_SUSPENDABLE
 * [vm; reason] when the guest says why it cannot. The harness does not assume which guest it has: it takes
 * either answer, and holds the target to `supported` once its strict allowed_operations showed the op.
 * Returns 'none' when the op does not depend on the guest (not a feature op, or the VM is not live).
 */
export function guestFeatureCheck(vm: VmModel, op: VmOperation): 'none' | 'supported' | 'unknown' {
  const live = vm.powerState === 'Running' || vm.powerState === 'Paused';
  if (!live || !GUEST_FEATURE_OPS.includes(op)) return 'none';
  return vm.featuresSeen?.has(op) === true ? 'supported' : 'unknown';
}

/** The failures a guest-dependent operation may give (check_op_for_feature): VM_LACKS_FEATURE, VM_NON_SUSPENDABLE. */
export function guestFeatureFailures(vm: VmModel, op: VmOperation): Expected[] {
  const lacks = fails('VM_LACKS_FEATURE', [vm.ref]);
  return op === 'suspend' ? [lacks, fails('VM_NON_SUSPENDABLE', [vm.ref, anyParam])] : [lacks];
}
