// event.from (SEMANTICS.md §6; xen-api ocaml/xapi/xapi_event.ml from_inner): the changes since a token,
// coalesced per object: created since → one `add`; only modified → `mod`; deleted having existed at the
// token → `del`; created and deleted inside the window → nothing.
import type { ExpectedEvent, ForbiddenEvent, Shape } from './expected.ts';
import { equalsShape, fails, succeeds, unpredictable } from './expected.ts';
import type { ModelState } from './model-state.ts';
import { mapSet } from './model-state.ts';
import type { Handler } from './prediction.ts';
import { unchanged } from './prediction.ts';
import { vmBusy } from './vm-records.ts';
import { refCountFloors } from './event-ref-counts.ts';

/** xapi's token: "%020Ld,%020Ld" (DB generation, message generation); "" is the beginning. */
const TOKEN_FORMAT = /^\d+,\d+$/;

type Subscription = (cls: string, ref: string) => boolean;

/** "*", "class" or "class/ref" (case-insensitive class names). */
function subscription(classes: readonly string[]): Subscription {
  const entries = classes.map((c) => {
    const [cls = '', ref] = c.split('/', 2);
    return { cls: cls.toLowerCase(), ref };
  });
  return (cls, ref) =>
    entries.some((e) => (e.cls === '*' || e.cls === cls) && (e.ref === undefined || e.ref === ref));
}

/** Fields the snapshot of an owned VM must carry (its current state: snapshots are taken when the batch is read). */
function vmSnapshot(state: ModelState, ref: string): Readonly<Record<string, Shape>> | undefined {
  const vm = state.vms.get(ref);
  if (vm === undefined || !vm.owned || vmBusy(state, ref)) return undefined;
  return {
    name_label: equalsShape(vm.nameLabel),
    power_state: equalsShape(vm.powerState),
    is_a_template: equalsShape(vm.isTemplate),
  };
}

type EventOperation = ExpectedEvent['operation'];

/** What a watcher must see of one VM (at most one event, coalesced), what it must not, and why. */
interface VmVerdict {
  readonly must?: EventOperation;
  readonly forbid: readonly EventOperation[];
  readonly why: string;
}

/** One VM's verdict, from whether it was created since the token, is alive, and changed since the token. */
function vmVerdict(
  state: ModelState,
  ref: string,
  createdInWindow: boolean,
  changed: { readonly mod: boolean; readonly del: boolean } | undefined,
): VmVerdict {
  const alive = state.vms.has(ref);
  if (createdInWindow && alive)
    return { must: 'add', forbid: ['mod', 'del'], why: 'created since the token: one add only' };
  if (createdInWindow) return { forbid: ['add', 'mod', 'del'], why: 'created and destroyed since the token' };
  if (!alive && changed?.del === true)
    return { must: 'del', forbid: ['add', 'mod'], why: 'destroyed since the token' };
  if (!alive) return { forbid: ['add', 'mod', 'del'], why: 'destroyed before the token' };
  const why = 'existed at the token and still exists';
  // A VM an unfinished Async task acts on (vmBusy) may or may not have changed yet: no `mod` is required.
  if (changed?.mod === true && !vmBusy(state, ref)) return { must: 'mod', forbid: ['add', 'del'], why };
  return { forbid: ['add', 'del'], why };
}

/** The events a watcher must and must not see for the VM and task objects the model knows. */
function expectedBatch(
  state: ModelState,
  since: number,
  subscribed: Subscription,
): Extract<Shape, { kind: 'eventBatch' }> {
  const must: ExpectedEvent[] = [];
  const forbid: ForbiddenEvent[] = [];
  const changedSince = new Map<string, { cls: string; mod: boolean; del: boolean }>();
  for (const c of state.changes) {
    if (c.seq <= since) continue;
    const key = `${c.cls} ${c.ref}`;
    const e = changedSince.get(key) ?? { cls: c.cls, mod: false, del: false };
    changedSince.set(key, {
      cls: c.cls,
      mod: e.mod || c.op === 'mod' || c.op === 'add',
      del: e.del || c.op === 'del',
    });
  }
  // VMs: live ones, and destroyed ones.
  for (const [ref, createdSeq] of state.createdAt) {
    if (!subscribed('vm', ref)) continue;
    // Only the harness's own VMs: others may change or vanish at any time on a real host.
    const known = state.vms.get(ref);
    if (known !== undefined && !known.owned) continue;
    const verdict = vmVerdict(state, ref, createdSeq > since, changedSince.get(`vm ${ref}`));
    if (verdict.must !== undefined) {
      const snapshot = verdict.must === 'del' ? undefined : vmSnapshot(state, ref);
      must.push({ cls: 'vm', ref, operation: verdict.must, ...(snapshot === undefined ? {} : { snapshot }) });
    }
    forbid.push({ cls: 'vm', ref, operations: verdict.forbid, why: verdict.why });
  }
  // Tasks created by Async calls: an `add` when created in the window and not destroyed.
  for (const c of state.changes) {
    if (c.seq <= since || c.cls !== 'task' || c.op !== 'add' || !subscribed('task', c.ref)) continue;
    const t = state.tasks.get(c.ref);
    if (t !== undefined && !t.destroyed) must.push({ cls: 'task', ref: c.ref, operation: 'add' });
  }
  return { kind: 'eventBatch', must, forbid };
}

/** event.from(session, classes, token, timeout). */
export const from: Handler = (ctx) => {
  const [classes, token] = ctx.params as readonly [readonly string[], string];
  let since: number | undefined;
  // "" is the beginning: everything that exists, adopted objects included, is an `add`.
  if (token === '') since = -1;
  else since = ctx.state.tokens.get(token);
  if (since === undefined && !TOKEN_FORMAT.test(token)) {
    return unchanged(fails('EVENT_FROM_TOKEN_PARSE_FAILURE', [token]));
  }
  const seqAtCall = ctx.state.seq;
  const bind = (state: ModelState, observed: { ok: boolean; value?: unknown }): ModelState => {
    if (!observed.ok || typeof observed.value !== 'object' || observed.value === null) return state;
    const t = (observed.value as Record<string, unknown>)['token'];
    return typeof t === 'string' ? { ...state, tokens: mapSet(state.tokens, t, seqAtCall) } : state;
  };
  if (since === undefined) {
    // A well-formed token the model never saw (e.g. from another client): the batch is not predictable.
    return { expected: unpredictable('a token the model did not issue'), effect: bind };
  }
  // The returned token is never before the one given (event-token-order.ts; xapi_event.ml from_inner).
  const batch = expectedBatch(ctx.state, since, subscription(classes));
  return {
    expected: succeeds({ ...batch, tokenAtLeast: token, refCountsAtLeast: refCountFloors(ctx.state) }),
    effect: bind,
  };
};
