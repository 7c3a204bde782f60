// Async.VM.<op>, then task.cancel at once: the task must end cancelled (TASK_CANCELLED [task], no effect)
// or, when the operation won the race, as if not cancelled (taskHelper.ml cancel_this).
import fc from 'fast-check';
import { commandOn } from '../command.ts';
import { waitAndDestroy } from '../wait-task.ts';
import { POWER_OPS, powerArgs } from './power-op.ts';

export const asyncCancelCommand = fc.tuple(fc.constantFrom(...POWER_OPS), fc.nat()).map(([op, i]) =>
  commandOn(
    `Async.VM.${op} owned VM #${i}, cancel, wait`,
    (d) => d.ownedVms(),
    i,
    async (d, vm) => {
      const o = await d.call(`Async.VM.${op}`, [d.session, vm.ref, ...powerArgs(op, false)]);
      if (!o.ok || typeof o.value !== 'string') return;
      await d.call('task.cancel', [d.session, o.value]);
      await waitAndDestroy(d, o.value);
    },
  ),
);
