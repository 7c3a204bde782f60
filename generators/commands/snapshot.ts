// VM.snapshot of one of the harness's VMs: a new VM that is a snapshot and a template (xapi_vm_clone.ml),
// Halted, allowed only clone, copy, export and destroy among the covered ops (check_snapshot); then a
// power operation on the snapshot (VM_IS_SNAPSHOT, or VM_BAD_POWER_STATE first) and a read of it.
import fc from 'fast-check';
import { tagVm } from '../../src/harness/tagging.ts';
import { commandOn } from '../command.ts';
import { POWER_OPS, powerArgs } from './power-op.ts';

export const snapshotCommand = fc.tuple(fc.nat(), fc.constantFrom(...POWER_OPS)).map(([i, op]) =>
  commandOn(
    `snapshot owned VM #${i}, then VM.${op} on the snapshot`,
    (d) => d.ownedVms().filter((v) => !v.isSnapshot),
    i,
    async (d, vm) => {
      const o = await d.call('VM.snapshot', [d.session, vm.ref, `harness-snap-${i}`]);
      if (!o.ok || typeof o.value !== 'string') return;
      await tagVm(d, o.value);
      await d.call(`VM.${op}`, [d.session, o.value, ...powerArgs(op, false)]);
      await d.call('VM.get_record', [d.session, o.value]);
    },
  ),
);
