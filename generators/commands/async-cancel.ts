// Async.VM.<op>, then task.cancel at once: the task must end cancelled (TASK_CANCELLED [task], no effect)
// or, when the operation won the race, as if not cancelled (taskHelper.ml cancel_this).
import fc from 'fast-check';
import { command, pick } from '../command.ts';
import { waitTask } from '../wait-task.ts';
import { POWER_OPS, powerArgs } from './power-op.ts';

export const asyncCancelCommand = fc.tuple(fc.constantFrom(...POWER_OPS), fc.nat()).map(([op, i]) =>
  command(
    `Async.VM.${op} owned VM #${i}, cancel, wait`,
    (d) => d.ownedVms().length > 0,
    async (d) => {
      const vm = pick(d.ownedVms(), i);
      if (vm === undefined) return;
      const o = await d.call(`Async.VM.${op}`, [d.session, vm.ref, ...powerArgs(op, false)]);
      if (!o.ok || typeof o.value !== 'string') return;
      await d.call('task.cancel', [d.session, o.value]);
      const status = await waitTask(d, o.value);
      if (status === 'success' || status === 'failure' || status === 'cancelled') {
        await d.call('task.destroy', [d.session, o.value]);
      }
    },
  ),
);
