// Templates do not run (check_template, SEMANTICS.md §4): clone a template, try VM.start on the clone
// (VM_IS_TEMPLATE [vm; "start"]) and one more power operation (VM_BAD_POWER_STATE first when the state
// is wrong, else VM_IS_TEMPLATE), then read the clone's record. The clone is tagged like any other.
import fc from 'fast-check';
import { tagVm } from '../../src/harness/tagging.ts';
import { commandOn } from '../command.ts';
import { POWER_OPS, powerArgs } from './power-op.ts';

export const templateGuardCommand = fc.tuple(fc.nat(), fc.constantFrom(...POWER_OPS)).map(([i, op]) =>
  commandOn(
    `clone template #${i}, then VM.start and VM.${op} on the clone`,
    (d) => d.templates(),
    i,
    async (d, src) => {
      const o = await d.call('VM.clone', [d.session, src.ref, `harness-template-${i}`]);
      if (!o.ok || typeof o.value !== 'string') return;
      const vm = o.value;
      await tagVm(d, vm);
      await d.call('VM.start', [d.session, vm, false, false]);
      await d.call(`VM.${op}`, [d.session, vm, ...powerArgs(op, false)]);
      await d.call('VM.get_record', [d.session, vm]);
    },
  ),
);
