// Async.VM.<op>: a task ref at once, then the task is waited for (each read checked: progress never goes
// down, pending only until the deadline), its outcome checked, and the task destroyed.
import fc from 'fast-check';
import { commandOn } from '../command.ts';
import { waitAndDestroy } from '../wait-task.ts';
import { POWER_OPS, powerArgs } from './power-op.ts';

export const asyncPowerOpCommand = fc
  .tuple(fc.constantFrom(...POWER_OPS), fc.nat(), fc.boolean())
  .map(([op, i, paused]) =>
    commandOn(
      `Async.VM.${op} owned VM #${i} and wait`,
      (d) => d.ownedVms(),
      i,
      async (d, vm) => {
        const o = await d.call(`Async.VM.${op}`, [d.session, vm.ref, ...powerArgs(op, paused)]);
        if (o.ok && typeof o.value === 'string') await waitAndDestroy(d, o.value);
      },
    ),
  );
