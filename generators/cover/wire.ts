// Aims of the wire area (issue 17 item 1; src/harness/area-transitions.ts wireTransitions): one call for each
// kind of value and failure the codec carries, over the property's protocol (SEMANTICS.md §2, §8).
import { randomUUID } from 'node:crypto';
import { transitionKey } from '../../src/harness/index.ts';
import { tagVm } from '../../src/harness/tagging.ts';
import type { Aims } from '../commands/cover-transition.ts';
import { vmIn } from '../commands/cover-transition.ts';
import { pick } from '../command.ts';

const k = (message: string, source: string, outcome: string): string =>
  transitionKey({ message, source, outcome });

export const WIRE_AIMS: Aims = {
  [k('VM.get_record', 'Halted', 'success')]: async (d) => {
    const vm = await vmIn(d, 'Halted');
    if (vm !== undefined) await d.call('VM.get_record', [d.session, vm]);
  },
  [k('VM.get_all_records', '-', 'success')]: async (d) => {
    await d.call('VM.get_all_records', [d.session]);
  },
  [k('VM.clone', 'template', 'success')]: async (d) => {
    const src = pick(
      d.templates().filter((t) => !t.owned),
      0,
    );
    if (src === undefined) return;
    const o = await d.call('VM.clone', [d.session, src.ref, 'harness-wire-cover']);
    if (o.ok && typeof o.value === 'string') await tagVm(d, o.value);
  },
  [k('VM.set_name_label', 'Halted', 'success')]: async (d) => {
    const vm = await vmIn(d, 'Halted');
    if (vm !== undefined) await d.call('VM.set_name_label', [d.session, vm, 'harness-wire-ünïcode']);
  },
  [k('VM.start', 'Halted', 'success')]: async (d) => {
    await vmIn(d, 'Running');
  },
  [k('VM.start', 'Running', 'VM_BAD_POWER_STATE')]: async (d) => {
    const vm = await vmIn(d, 'Running');
    if (vm !== undefined) await d.call('VM.start', [d.session, vm, false, false]);
  },
  [k('VM.get_record', 'invalid ref', 'HANDLE_INVALID')]: async (d) => {
    await d.call('VM.get_record', [d.session, `OpaqueRef:${randomUUID()}`]);
  },
  [k('VM.get_record', '-', 'MESSAGE_PARAMETER_COUNT_MISMATCH')]: async (d) => {
    await d.call('VM.get_record', [d.session], { raw: true });
  },
};
