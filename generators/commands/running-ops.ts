// A VM's current_operations while an operation of ours runs on it (issue 17 item 4; SEMANTICS.md §4
// "Concurrency"): a ready VM (cloned and provisioned, so that it can start), an Async power operation on it
// (start when Halted, else a hard shutdown), then its current_operations read until the operation shows or the
// task is done: only that task may be listed, with that operation (src/model/vm-current-ops.ts); once the task
// is done, nothing. Bounded: at most 20 reads, 5 ms apart.
import fc from 'fast-check';
import type { Driver } from '../../src/harness/driver.ts';
import { command, sleep } from '../command.ts';
import { readyVm } from '../ready-vm.ts';
import { waitTask } from '../wait-task.ts';

function nonEmpty(v: unknown): boolean {
  return typeof v === 'object' && v !== null && Object.keys(v).length > 0;
}

async function watch(d: Driver, vm: string, task: string): Promise<void> {
  for (let k = 0; k < 20; k += 1) {
    const ops = await d.call('VM.get_current_operations', [d.session, vm]);
    if (!ops.ok || nonEmpty(ops.value)) return;
    const status = await d.call('task.get_status', [d.session, task]);
    if (!status.ok || status.value !== 'pending') return;
    await sleep(5);
  }
}

export const runningOpsCommand = fc.tuple(fc.nat(), fc.nat({ max: 999 })).map(([i, n]) =>
  command(
    `new VM from template #${i}, an Async power operation on it, its current_operations while it runs`,
    (d) => d.templates().some((t) => !t.owned),
    async (d) => {
      const vm = await readyVm(d, i, `harness-ops-${n}`);
      if (vm === undefined) return;
      const halted = d.state.vms.get(vm)?.powerState === 'Halted';
      const o = halted
        ? await d.call('Async.VM.start', [d.session, vm, false, false])
        : await d.call('Async.VM.hard_shutdown', [d.session, vm]);
      if (!o.ok || typeof o.value !== 'string') return;
      await watch(d, vm, o.value);
      await waitTask(d, o.value);
      // Done: nothing of ours is left listed.
      await d.call('VM.get_current_operations', [d.session, vm]);
    },
  ),
);
