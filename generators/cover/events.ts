// Aims of the events area (issue 17 item 1; src/harness/area-transitions.ts eventTransitions): event.from from
// the empty token, from a token with and without changes since, per class, and from a malformed token
// (SEMANTICS.md §6; xapi_event.ml).
import type { Driver } from '../../src/harness/driver.ts';
import { transitionKey } from '../../src/harness/index.ts';
import type { Aims } from '../commands/cover-transition.ts';
import { vmIn } from '../commands/cover-transition.ts';
import { latestToken } from '../commands/event-from.ts';
import { ownedVmOrClone } from '../owned-vm.ts';
import { waitAndDestroy } from '../wait-task.ts';

const k = (message: string, source: string, outcome: string): string =>
  transitionKey({ message, source, outcome });

/** A short wait: a token without changes makes event.from wait its timeout out. */
const TIMEOUT_S = 0.05;

/** A fresh token for `classes` (the latest batch's): what follows is "since" it. */
async function tokenNow(d: Driver, classes: readonly string[]): Promise<string | undefined> {
  const since = latestToken(d);
  const o = await d.call('event.from', [d.session, since === '' ? ['vm'] : classes, since, TIMEOUT_S]);
  if (!o.ok) return undefined;
  const t = latestToken(d);
  return t === '' ? undefined : t;
}

async function fromAfterChange(d: Driver, classes: readonly string[]): Promise<void> {
  // The VM first (any of the harness's, or a clone of a template made now: the cheapest, issue 17 item 5), then
  // the token, then the change the token must show: a rename (allowed on a VM in any power state, template or
  // not).
  const vm = await ownedVmOrClone(d, 0);
  if (vm === undefined) return;
  const token = await tokenNow(d, classes);
  if (token === undefined) return;
  if (!(await d.call('VM.set_name_label', [d.session, vm, 'harness-event-cover'])).ok) return;
  await d.call('event.from', [d.session, classes, token, TIMEOUT_S]);
}

async function fromWithoutChange(d: Driver, classes: readonly string[]): Promise<void> {
  const token = await tokenNow(d, classes);
  if (token !== undefined) await d.call('event.from', [d.session, classes, token, TIMEOUT_S]);
}

export const EVENT_AIMS: Aims = {
  [k('event.from', 'empty token on vm', 'success')]: async (d) => {
    await d.call('event.from', [d.session, ['vm'], '', TIMEOUT_S]);
  },
  [k('event.from', 'token with changes on vm', 'success')]: (d) => fromAfterChange(d, ['vm']),
  [k('event.from', 'token without changes on vm', 'success')]: (d) => fromWithoutChange(d, ['vm']),
  [k('event.from', 'token with changes on *', 'success')]: (d) => fromAfterChange(d, ['*']),
  [k('event.from', 'token without changes on *', 'success')]: (d) => fromWithoutChange(d, ['*']),
  // A task made since the token: an Async call that fails at once (nothing else changes), then destroyed.
  [k('event.from', 'token with changes on task', 'success')]: async (d) => {
    const vm = await vmIn(d, 'Halted');
    if (vm === undefined) return;
    const token = await tokenNow(d, ['task']);
    if (token === undefined) return;
    const o = await d.call('Async.VM.hard_shutdown', [d.session, vm]);
    if (!o.ok || typeof o.value !== 'string') return;
    await d.call('event.from', [d.session, ['task'], token, TIMEOUT_S]);
    await waitAndDestroy(d, o.value);
  },
  [k('event.from', 'malformed token on vm', 'EVENT_FROM_TOKEN_PARSE_FAILURE')]: async (d) => {
    await d.call('event.from', [d.session, ['vm'], 'not-a-token', TIMEOUT_S]);
  },
};
