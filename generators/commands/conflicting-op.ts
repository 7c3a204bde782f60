// A second operation on a VM while one of ours runs on it (issue 17 item 4; SEMANTICS.md §4 "Concurrency",
// §10): a clone of a template (still a template), an Async clone of it, its current_operations read until ours
// is listed (so ours holds the VM), then a provision of it. provision does not run alongside clone (xen-api
// ocaml/xapi/xapi_vm_lifecycle.ml is_allowed_concurrently), so xapi either waits for ours and then provisions
// the VM as it is (a clone leaves its source as it was), or gives up with OTHER_OPERATION_IN_PROGRESS in the
// release's shape (src/model/vm-conflict.ts). Short on purpose: clone, tag, Async call, one read or a few, the
// conflicting call (issue 17 item 5). At most 10 reads, 10 ms apart.
import fc from 'fast-check';
import type { Driver } from '../../src/harness/driver.ts';
import { tagVm } from '../../src/harness/tagging.ts';
import { commandOn, sleep } from '../command.ts';
import { waitTask } from '../wait-task.ts';

/** Reads current_operations until an operation shows (true) or the task is no longer pending (false). */
async function listed(d: Driver, vm: string, task: string): Promise<boolean> {
  for (let k = 0; k < 10; k += 1) {
    // A short wait first: an Async call answers its task before the task takes the VM, and each extra read
    // lengthens the trace (the dedicated emulator's provision takes 40 ms; a real host's, seconds).
    await sleep(10);
    const ops = await d.call('VM.get_current_operations', [d.session, vm]);
    if (!ops.ok) return false;
    if (typeof ops.value === 'object' && ops.value !== null && Object.keys(ops.value).length > 0) return true;
    const status = await d.call('task.get_status', [d.session, task]);
    if (!status.ok || status.value !== 'pending') return false;
  }
  return false;
}

export const conflictingOpCommand = fc.tuple(fc.nat(), fc.nat({ max: 999 })).map(([i, n]) =>
  commandOn(
    `clone template #${i}, an Async clone of that, a provision of it while the clone runs`,
    (d) => d.templates().filter((t) => !t.owned),
    i,
    async (d, src) => {
      const o = await d.call('VM.clone', [d.session, src.ref, `harness-conflict-${n}`]);
      if (!o.ok || typeof o.value !== 'string') return;
      const vm = o.value;
      await tagVm(d, vm);
      const t = await d.call('Async.VM.clone', [d.session, vm, `harness-conflict-${n}-copy`]);
      if (!t.ok || typeof t.value !== 'string') return;
      if (await listed(d, vm, t.value)) await d.call('VM.provision', [d.session, vm]);
      await waitTask(d, t.value);
    },
  ),
);
