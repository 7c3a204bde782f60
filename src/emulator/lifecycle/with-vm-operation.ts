// xen-api ocaml/xapi/xapi_vm_helpers.ml `with_vm_operation` (SEMANTICS.md §4 "Concurrency"): inside
// the call's task, assert the operation is valid (retrying OTHER_OPERATION_IN_PROGRESS as xapi's
// Helpers.retry does, woken by the VM's own changes instead of a timer), record {task: op} in
// current_operations, recompute allowed_operations, run (after the operations accepted before it on
// the same VM: xenopsd's per-VM queue), then remove the entry and recompute again.
import { XapiFailure } from '../../xapi/harness-errors.ts';
import type { MessageContext } from '../registry/message-context.ts';
import type { Behaviour } from './behaviour.ts';
import { checkVmOperation } from './check-vm-operation.ts';
import { mapOf, str } from './record-values.ts';
import { updateVmAllowedOperations } from './vm-allowed-operations.ts';

const NULL_KEY = 'OpaqueRef:NULL';

export interface VmOperationContext extends MessageContext {
  readonly task: string;
}

/**
 * Asserts the operation is valid and records {task: op} in current_operations in the same turn
 * (xapi does both under its global lock), so that callers woken by the same change cannot all pass
 * the check. Concurrency conflicts are retried as xapi's Helpers.retry does; other errors are thrown.
 */
async function acquireVmOperation(
  ctx: MessageContext,
  b: Behaviour,
  vm: string,
  op: string,
  task: string,
): Promise<void> {
  const deadline = Date.now() + b.timing.otherOperationRetryMs;
  for (;;) {
    const rec = ctx.get('VM', vm).record;
    const err = checkVmOperation(
      ctx.db,
      vm,
      rec,
      op,
      ctx.faults,
      b.env.release.otherOperationInProgressParams,
    );
    if (err === undefined) {
      // The `current-operations-wrong-key` fault: the running operation is listed under the null ref, not its task.
      const key = ctx.faults.has('current-operations-wrong-key') ? NULL_KEY : task;
      ctx.db.update('VM', vm, { current_operations: { ...mapOf(rec['current_operations']), [key]: op } });
      updateVmAllowedOperations(ctx.db, ctx.schema, vm, ctx.faults);
      return;
    }
    const left = deadline - Date.now();
    // The `other-operation-wrong-params` fault: gives up at once with the other release's parameters
    // (SEMANTICS.md §10: ["VM.<op>"; vm] before 25.27, ["VM"; vm; op; task] from it).
    if (err.code === 'OTHER_OPERATION_IN_PROGRESS' && ctx.faults.has('other-operation-wrong-params')) {
      const [, , running] = err.params;
      const params = err.params.length === 2 ? ['VM', vm, op, task] : [`VM.${running ?? op}`, vm];
      throw new XapiFailure(err.code, params);
    }
    if (err.code !== 'OTHER_OPERATION_IN_PROGRESS' || left <= 0) throw new XapiFailure(err.code, err.params);
    await b.events.waitForObject(ctx.session?.ref ?? '', 'VM', vm, left);
    b.tasks.assertNotCancelled(ctx);
  }
}

export async function withVmOperation<T>(
  ctx: MessageContext,
  vm: string,
  op: string,
  fn: (ctx: VmOperationContext, b: Behaviour) => Promise<T>,
  /** Runs once the operation is accepted, before it queues (hard_shutdown cancels other tasks here). */
  beforeQueue?: (ctx: VmOperationContext, b: Behaviour) => void,
): Promise<T> {
  const b = ctx.behaviour;
  return b.tasks.runSync(ctx, async (c) => {
    const task = c.task ?? '';
    await acquireVmOperation(c, b, vm, op, task);
    const before = c.get('VM', vm).record;
    // Operations that reach xenopsd or the storage layer are cancellable (taskHelper.ml register_task).
    b.tasks.setCancellable(c, true);
    const powerBefore = str(before['power_state']);
    try {
      const opCtx: VmOperationContext = { ...c, task };
      beforeQueue?.(opCtx, b);
      return await b.queued(vm, () => fn(opCtx, b));
    } finally {
      const after = c.db.get('VM', vm);
      if (after !== undefined) {
        const ops = { ...mapOf(after.record['current_operations']) };
        // The `current-operations-leak` fault: a finished operation stays in current_operations.
        if (!c.faults.has('current-operations-leak')) delete ops[task];
        delete ops[NULL_KEY];
        c.db.update('VM', vm, { current_operations: ops });
        const powerNow = str(after.record['power_state']);
        // The stale-allowed-operations fault: computed as if the power state had not changed.
        const stale = c.faults.has('stale-allowed-operations') && powerNow !== powerBefore;
        updateVmAllowedOperations(
          c.db,
          c.schema,
          vm,
          c.faults,
          stale ? { power_state: powerBefore } : undefined,
        );
      }
      b.tasks.setCancellable(c, false);
    }
  });
}
