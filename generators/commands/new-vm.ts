// A ready VM, the way an admin makes one: clone a template, put its disks on the default SR, provision,
// and sometimes start it. Every call is model-checked; the command exists so that short sequences reach
// the interesting states (running, paused, suspended) often.
import fc from 'fast-check';
import { tagVm } from '../../src/harness/tagging.ts';
import { command, pick } from '../command.ts';
import { prepareDisks } from '../prepare-disks.ts';

export const newVmCommand = fc
  .tuple(fc.nat(), fc.constantFrom('halted', 'running', 'paused'))
  .map(([i, end]) =>
    command(
      `new VM from template #${i}, ${end}`,
      (d) => d.templates().some((t) => !t.owned),
      async (d) => {
        const src = pick(
          d.templates().filter((t) => !t.owned),
          i,
        );
        if (src === undefined) return;
        const o = await d.call('VM.clone', [d.session, src.ref, `harness-vm-${i}`]);
        if (!o.ok || typeof o.value !== 'string') return;
        const vm = o.value;
        await tagVm(d, vm);
        await prepareDisks(d, vm);
        const p = await d.call('VM.provision', [d.session, vm]);
        if (!p.ok || end === 'halted') return;
        await d.call('VM.start', [d.session, vm, end === 'paused', false]);
      },
    ),
  );
