// `check_operation_error` (xen-api ocaml/xapi/xapi_vm_lifecycle.ml), restricted to the checks that can fire
// for the VMs the model knows: blocked operations, appliances, PCI/vGPU/VUSB, VMPP and rolling upgrades are
// never set up by the harness, so those checks cannot fire (SEMANTICS.md §4, "Check order").
import type { Expected } from './expected.ts';
import { fails } from './expected.ts';
import type { VmModel } from './model-state.ts';
import type { VmOperation } from './vm-operation-rules.ts';
import {
  allowedConcurrently,
  allowedPowerStates,
  snapshotAllows,
  templateAllows,
} from './vm-operation-rules.ts';

export interface CheckOptions {
  /**
   * Whether the guest advertises the features clean_shutdown / clean_reboot / suspend need on a live VM
   * (`check_op_for_feature`, strict mode as used by with_vm_operation). A PV guest or one with PV drivers
   * supports them implicitly. The emulator models guests with drivers; a real host's agentless HVM guest does
   * not, and answers VM_LACKS_FEATURE [vm].
   */
  readonly guestFeatures: boolean;
}

/** `default_template` in other_config counts like is_default_template (bool_of_assoc: "1" or "true"). */
export function isDefaultTemplate(vm: VmModel): boolean {
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
  const allowed = allowedPowerStates(op, vm);
  if (!allowed.includes(vm.powerState)) {
    return fails('VM_BAD_POWER_STATE', [
      vm.ref,
      allowed.map((s) => s.toLowerCase()).join(', '),
      vm.powerState.toLowerCase(),
    ]);
  }
  // 3. Concurrency: OTHER_OPERATION_IN_PROGRESS ["VM"; vm; op; task], or "{op1,op2}" / "{t1,t2}" for several
  //    (report_concurrent_operations_error).
  if (vm.currentOps.size > 0) {
    const current = [...vm.currentOps.entries()];
    if (
      !allowedConcurrently(
        op,
        current.map(([, o]) => o),
      )
    ) {
      const [only] = current;
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
  // 8. Guest features (check_op_for_feature, strict): only for live VMs without implicit support.
  const live = vm.powerState === 'Running' || vm.powerState === 'Paused';
  if (
    !options.guestFeatures &&
    live &&
    (op === 'clean_shutdown' || op === 'clean_reboot' || op === 'suspend')
  ) {
    return fails('VM_LACKS_FEATURE', [vm.ref]);
  }
  return undefined;
}
