// A second operation on a VM while an Async operation of ours runs on it (issue 17 item 4; SEMANTICS.md §4
// "Concurrency", §10). with_vm_operation (xen-api ocaml/xapi/xapi_vm_helpers.ml) asserts the operation under
// Helpers.retry (ocaml/xapi/helpers.ml, Policy.standard: up to 2 h, woken early when the VM changes), so a
// conflicting call (xapi_vm_lifecycle.ml is_allowed_concurrently) either waits for ours to end and is then
// checked against the VM as ours left it, or gives up with OTHER_OPERATION_IN_PROGRESS, whose parameters name
// our VM and, from 25.27, the running task and its operation (ocaml/idl/datamodel_errors.ml;
// report_concurrent_operations_error). Only these cases are predicted; any other stays unpredictable.
import type { Expected } from './expected.ts';
import { oneOf } from './expected.ts';
import type { ModelState, VmModel } from './model-state.ts';
import type { Outcome } from './prediction.ts';
import type { CheckOptions } from './vm-check-operation.ts';
import { checkOperationError } from './vm-check-operation.ts';
import type { VmOperation } from './vm-operation-rules.ts';
import { CALL_OPERATION } from './vm-operation-rules.ts';

/**
 * The outcome of `op` on `vm` while unsettled Async tasks act on it, or undefined when the model cannot tell
 * (an unknown operation runs, `op` is allowed alongside, it would fail otherwise before the concurrency check,
 * or ours changes the VM so that `op` would then pass). `success` is the outcome `op` has on the VM as it is now (ours may fail).
 */
export function conflictOutcome(
  state: ModelState,
  vm: VmModel,
  op: VmOperation,
  options: CheckOptions,
  success: () => Outcome,
): Outcome | undefined {
  const running = new Map<string, VmOperation>();
  let after = state;
  let oursMayFail = false;
  for (const t of state.tasks.values()) {
    if (t.settled || t.effect.vm !== vm.ref) continue;
    const runningOp = CALL_OPERATION[t.nameLabel.replace(/^(Async|InternalAsync)\./, '')];
    if (runningOp === undefined) return undefined;
    running.set(t.ref, runningOp);
    if (t.effect.expected.kind !== 'success') oursMayFail = true;
    // Only this VM's record is read from `after`: a value-returning operation (clone) gets a stand-in result.
    after = t.effect.apply(after, { ok: true, value: t.effect.returnsValue ? `${t.ref}/result` : '' });
  }
  if (running.size === 0) return undefined;
  const now = checkOperationError({ ...vm, currentOps: running }, op, options);
  if (now?.kind !== 'failure' || now.code !== 'OTHER_OPERATION_IN_PROGRESS') return undefined;
  const vmAfter = after.vms.get(vm.ref);
  // Ours leaves this VM as it is (a clone of it): once ours ends, `op` meets the VM as it is now.
  const unchangedByOurs = vmAfter === vm;
  const serialised =
    vmAfter === undefined || unchangedByOurs ? undefined : checkOperationError(vmAfter, op, options);
  // Ours changed the VM and `op` then passes: what it does depends on ours; the model does not follow it.
  if (serialised === undefined && !unchangedByOurs) return undefined;
  const options2: Expected[] = serialised === undefined ? [now] : [now, serialised];
  // Ours may fail (a start on a full host, SEMANTICS.md §10), or left the VM as it is: `op` then meets the VM
  // as it is now.
  const own = oursMayFail || unchangedByOurs ? success() : undefined;
  if (own !== undefined) options2.push(own.expected);
  return {
    expected: oneOf(...options2),
    effect: (s, observed) => (observed.ok && own !== undefined ? own.effect(s, observed) : s),
    vm: vm.ref,
  };
}
