// Aims of the errors area (issue 17 item 1; src/harness/area-transitions.ts errorTransitions): one call that
// provokes each error code, in xapi's order of checks (SEMANTICS.md §2; gen_server.ml, server_helpers.ml,
// exnHelper.ml, xapi_vm_lifecycle.ml).
import { randomUUID } from 'node:crypto';
import type { Driver } from '../../src/harness/driver.ts';
import { transitionKey, UNKNOWN_METHOD } from '../../src/harness/index.ts';
import { tagVm } from '../../src/harness/tagging.ts';
import type { Aims } from '../commands/cover-transition.ts';
import { vmIn } from '../commands/cover-transition.ts';
import { pick } from '../command.ts';

const k = (message: string, source: string, outcome: string): string =>
  transitionKey({ message, source, outcome });

/** A clone of a (not owned) template: a template of the harness's own, which refuses to start. */
async function ownTemplate(d: Driver): Promise<string | undefined> {
  const src = pick(
    d.templates().filter((t) => !t.owned),
    0,
  );
  if (src === undefined) return undefined;
  const o = await d.call('VM.clone', [d.session, src.ref, 'harness-template-cover']);
  if (!o.ok || typeof o.value !== 'string') return undefined;
  await tagVm(d, o.value);
  return o.value;
}

export const ERROR_AIMS: Aims = {
  [k(UNKNOWN_METHOD, '-', 'MESSAGE_METHOD_UNKNOWN')]: async (d) => {
    await d.call('VM.no_such_message', [d.session], { raw: true });
  },
  [k('VM.start', '-', 'MESSAGE_PARAMETER_COUNT_MISMATCH')]: async (d) => {
    await d.call('VM.start', [d.session], { raw: true });
  },
  [k('VM.get_power_state', '-', 'INTERNAL_ERROR')]: async (d) => {
    await d.call('VM.get_power_state', [d.session, true], { raw: true });
  },
  [k('VM.start', 'Halted', 'INTERNAL_ERROR')]: async (d) => {
    const vm = await vmIn(d, 'Halted');
    if (vm !== undefined) await d.call('VM.start', [d.session, vm, 'yes', false], { raw: true });
  },
  [k('VM.get_record', 'invalid ref', 'HANDLE_INVALID')]: async (d) => {
    await d.call('VM.get_record', [d.session, `OpaqueRef:${randomUUID()}`]);
  },
  [k('task.get_status', 'invalid ref', 'HANDLE_INVALID')]: async (d) => {
    await d.call('task.get_status', [d.session, 'OpaqueRef:NULL']);
  },
  [k('VM.get_all', 'session unknown', 'SESSION_INVALID')]: async (d) => {
    await d.call('VM.get_all', [`OpaqueRef:${randomUUID()}`]);
  },
  [k('Async.VM.get_name_label', 'invalid ref', 'Fault')]: async (d) => {
    await d.call('Async.VM.get_name_label', [d.session, 'OpaqueRef:NULL'], { raw: true });
  },
  [k('VM.start', 'template', 'VM_IS_TEMPLATE')]: async (d) => {
    const vm = await ownTemplate(d);
    if (vm !== undefined) await d.call('VM.start', [d.session, vm, false, false]);
  },
  [k('VM.start', 'Running', 'VM_BAD_POWER_STATE')]: async (d) => {
    const vm = await vmIn(d, 'Running');
    if (vm !== undefined) await d.call('VM.start', [d.session, vm, false, false]);
  },
  [k('VM.clone', 'Running', 'VM_BAD_POWER_STATE')]: async (d) => {
    const vm = await vmIn(d, 'Running');
    if (vm !== undefined) await d.call('VM.clone', [d.session, vm, 'harness-clone-running']);
  },
  [k('VM.provision', 'Halted', 'PROVISION_ONLY_ALLOWED_ON_TEMPLATE')]: async (d) => {
    const vm = await vmIn(d, 'Halted');
    if (vm !== undefined) await d.call('VM.provision', [d.session, vm]);
  },
};
