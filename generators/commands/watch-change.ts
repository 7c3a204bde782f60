// A watcher's view of one change: take a token, change one of the harness's VMs (a power operation or a
// rename), then event.from(token) must report that VM as `mod` with its new state (SEMANTICS.md §6).
import fc from 'fast-check';
import { command } from '../command.ts';
import { canGetOwnedVm, ownedVmOrClone } from '../owned-vm.ts';
import { latestToken } from './event-from.ts';
import { POWER_OPS, powerArgs } from './power-op.ts';

export const watchChangeCommand = fc
  .tuple(fc.nat(), fc.option(fc.constantFrom(...POWER_OPS), { freq: 4 }))
  .map(([i, op]) =>
    command(
      `watch owned VM #${i} through ${op === null ? 'a rename' : `VM.${op}`}`,
      canGetOwnedVm,
      async (d) => {
        const vm = await ownedVmOrClone(d, i);
        if (vm === undefined) return;
        await d.call('event.from', [d.session, ['vm'], latestToken(d), 0.05]);
        const token = latestToken(d);
        if (op === null) await d.call('VM.set_name_label', [d.session, vm, `renamed-${i}`]);
        else await d.call(`VM.${op}`, [d.session, vm, ...powerArgs(op, false)]);
        await d.call('event.from', [d.session, ['vm'], token, 0.05]);
      },
    ),
  );
