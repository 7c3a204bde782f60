// A VM's current_operations (issue 17 item 4; SEMANTICS.md §4 "Concurrency"): with_vm_operation records
// {task: op} while the operation runs, the task being the call's own (for an Async call, the task it answered),
// and removes the entry before the call ends (xen-api ocaml/xapi/xapi_vm_helpers.ml with_vm_operation,
// ocaml/xapi/message_forwarding.ml). So on a VM of ours with no task of ours running the map is empty, and
// while some run it holds only their entries, each under its own task with its own operation (an entry may be
// missing: not started yet, or done but not yet seen done).
import type { Shape } from './expected.ts';
import { equalsShape } from './expected.ts';
import type { ModelState, VmModel } from './model-state.ts';
import { CALL_OPERATION } from './vm-operation-rules.ts';

/** The shape of an owned VM's current_operations, or undefined when a running task's operation is unknown. */
export function currentOpsShape(state: ModelState, vm: VmModel): Shape | undefined {
  const allowed: Record<string, string> = {};
  for (const t of state.tasks.values()) {
    if (t.settled || t.effect.vm !== vm.ref) continue;
    const op = CALL_OPERATION[t.nameLabel.replace(/^(Async|InternalAsync)\./, '')];
    if (op === undefined) return undefined;
    allowed[t.ref] = op;
  }
  return Object.keys(allowed).length === 0 ? equalsShape({}) : { kind: 'opsWithin', allowed };
}
