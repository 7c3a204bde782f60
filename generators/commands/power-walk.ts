// A walk through the power state machine on one of the harness's VMs: a few power operations in a row,
// each followed by a read of the record (power_state, allowed_operations). Shrinking shortens the walk.
import fc from 'fast-check';
import { commandOn } from '../command.ts';
import { POWER_OPS, powerArgs } from './power-op.ts';

export const powerWalkCommand = fc
  .tuple(
    fc.nat(),
    fc.array(fc.tuple(fc.constantFrom(...POWER_OPS), fc.boolean()), { minLength: 1, maxLength: 6 }),
  )
  .map(([i, walk]) =>
    commandOn(
      `power walk on owned VM #${i}: ${walk.map(([op, p]) => (p && (op === 'start' || op === 'resume') ? `${op}(paused)` : op)).join(' → ')}`,
      (d) => d.ownedVms(),
      i,
      async (d, vm) => {
        for (const [op, paused] of walk) {
          await d.call(`VM.${op}`, [d.session, vm.ref, ...powerArgs(op, paused)]);
          await d.call('VM.get_record', [d.session, vm.ref]);
        }
      },
    ),
  );
