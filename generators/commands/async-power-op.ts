// Async.VM.<op>: a task ref at once, then the task is waited for (each read checked: progress never goes
// down, pending only until the deadline), its outcome checked, and the task destroyed.
import fc from 'fast-check';
import { command, pick } from '../command.ts';
import { waitTask } from '../wait-task.ts';
import { POWER_OPS, powerArgs } from './power-op.ts';

export const asyncPowerOpCommand = fc
  .tuple(fc.constantFrom(...POWER_OPS), fc.nat(), fc.boolean())
  .map(([op, i, paused]) =>
    command(
      `Async.VM.${op} owned VM #${i} and wait`,
      (d) => d.ownedVms().length > 0,
      async (d) => {
        const vm = pick(d.ownedVms(), i);
        if (vm === undefined) return;
        const o = await d.call(`Async.VM.${op}`, [d.session, vm.ref, ...powerArgs(op, paused)]);
        if (!o.ok || typeof o.value !== 'string') return;
        const status = await waitTask(d, o.value);
        if (status === 'success' || status === 'failure' || status === 'cancelled') {
          await d.call('task.destroy', [d.session, o.value]);
        }
      },
    ),
  );
