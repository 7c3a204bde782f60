// A ready VM, the way an admin makes one: clone a template, put its disks on the default SR, provision,
// and sometimes start it. Every call is model-checked; the command exists so that short sequences reach
// the interesting states (running, paused, suspended) often.
import fc from 'fast-check';
import { command } from '../command.ts';
import { readyVm } from '../ready-vm.ts';

export const newVmCommand = fc
  .tuple(fc.nat(), fc.constantFrom('halted', 'running', 'paused'))
  .map(([i, end]) =>
    command(
      `new VM from template #${i}, ${end}`,
      (d) => d.templates().some((t) => !t.owned),
      async (d) => {
        const vm = await readyVm(d, i);
        if (vm === undefined || end === 'halted') return;
        await d.call('VM.start', [d.session, vm, end === 'paused', false]);
      },
    ),
  );
