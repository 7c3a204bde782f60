// Aims of the tasks area (issue 17 item 1; src/harness/area-transitions.ts taskTransitions): Async calls whose
// tasks are read pending, end in each final status, are cancelled, destroyed, and read after destroy
// (SEMANTICS.md §5; taskHelper.ml, xapi_task.ml).
import type { Driver } from '../../src/harness/driver.ts';
import { TASK_COMPLETION, transitionKey } from '../../src/harness/index.ts';
import { tagVm } from '../../src/harness/tagging.ts';
import type { Aims } from '../commands/cover-transition.ts';
import { vmIn } from '../commands/cover-transition.ts';
import { pick } from '../command.ts';
import { waitAndDestroy, waitTask } from '../wait-task.ts';

const k = (message: string, source: string, outcome: string): string =>
  transitionKey({ message, source, outcome });

/** Async.VM.start of a Halted VM (succeeds) or of a Running one (fails VM_BAD_POWER_STATE): its task ref. */
async function asyncStart(d: Driver, from: 'Halted' | 'Running'): Promise<string | undefined> {
  const vm = await vmIn(d, from);
  if (vm === undefined) return undefined;
  const o = await d.call('Async.VM.start', [d.session, vm, false, false]);
  return o.ok && typeof o.value === 'string' ? o.value : undefined;
}

/** Waits for the task, then destroys it (a read after the destroy when `readAfter`). */
async function finish(d: Driver, task: string, readAfter = false): Promise<void> {
  if (!(await waitAndDestroy(d, task))) return;
  if (readAfter) await d.call('task.get_record', [d.session, task]);
}

async function startAndFinish(d: Driver, from: 'Halted' | 'Running', readAfter = false): Promise<void> {
  const task = await asyncStart(d, from);
  if (task !== undefined) await finish(d, task, readAfter);
}

/** A task read at once, before it can have run (it may still be pending: a read then finds it so). */
async function readAtOnce(d: Driver, read: 'task.get_record' | 'task.get_progress'): Promise<void> {
  const task = await asyncStart(d, 'Halted');
  if (task === undefined) return;
  await d.call(read, [d.session, task]);
  await finish(d, task);
}

/** Cancelled at once: the task ends cancelled, or, when the operation won the race, as if not cancelled. */
async function cancelAtOnce(d: Driver): Promise<void> {
  const task = await asyncStart(d, 'Halted');
  if (task === undefined) return;
  await d.call('task.cancel', [d.session, task]);
  await finish(d, task);
}

export const TASK_AIMS: Aims = {
  [k('Async.VM.clone', 'template', 'success')]: async (d) => {
    const src = pick(
      d.templates().filter((t) => !t.owned),
      0,
    );
    if (src === undefined) return;
    const known = new Set(d.state.vms.keys());
    const o = await d.call('Async.VM.clone', [d.session, src.ref, 'harness-async-cover']);
    if (!o.ok || typeof o.value !== 'string') return;
    await finish(d, o.value);
    const made = [...d.state.vms.keys()].find((ref) => !known.has(ref));
    if (made !== undefined) await tagVm(d, made);
  },
  [k('Async.VM.start', 'Halted', 'success')]: (d) => startAndFinish(d, 'Halted'),
  [k('task.get_record', 'pending', 'success')]: (d) => readAtOnce(d, 'task.get_record'),
  [k('task.get_progress', 'pending', 'success')]: (d) => readAtOnce(d, 'task.get_progress'),
  [k(TASK_COMPLETION, 'pending', 'success')]: (d) => startAndFinish(d, 'Halted'),
  [k(TASK_COMPLETION, 'pending', 'failure')]: (d) => startAndFinish(d, 'Running'),
  [k('task.cancel', 'pending', 'success')]: cancelAtOnce,
  [k(TASK_COMPLETION, 'cancel requested', 'cancelled')]: cancelAtOnce,
  [k('task.cancel', 'success', 'success')]: async (d) => {
    const task = await asyncStart(d, 'Halted');
    if (task === undefined) return;
    if ((await waitTask(d, task)) === 'success') await d.call('task.cancel', [d.session, task]);
    await finish(d, task);
  },
  [k('task.destroy', 'success', 'success')]: (d) => startAndFinish(d, 'Halted'),
  [k('task.destroy', 'failure', 'success')]: (d) => startAndFinish(d, 'Running'),
  [k('task.destroy', 'cancelled', 'success')]: cancelAtOnce,
  [k('task.get_record', 'destroyed', 'HANDLE_INVALID')]: (d) => startAndFinish(d, 'Running', true),
};
