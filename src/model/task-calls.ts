// Tasks (SEMANTICS.md §5; xen-api ocaml/xapi/taskHelper.ml, xapi_task.ml): an Async call answers a task ref at
// once; the task goes pending → success | failure | cancelled; progress never decreases and is 1 when done;
// `result` is the XML-RPC text of the value; `error_info` is [code, params…].
import type { Expected, Shape } from './expected.ts';
import { equalsShape, oneOf, recordShape, refShape, succeeds, voidShape } from './expected.ts';
import type { ModelState, TaskModel, TaskStatus } from './model-state.ts';
import { mapSet, withChange } from './model-state.ts';
import type { Observed } from './observed.ts';
import type { CallContext, Handler, Outcome } from './prediction.ts';
import { unchanged } from './prediction.ts';
import { settleSessions } from './session-check.ts';
import { decodeXmlValue } from './check.ts';
import { handleInvalid } from './vm-access.ts';

/** Wraps a sync outcome as `Async.<name>`: a fresh task ref now, the outcome later in the task. */
export function asyncOutcome(
  ctx: CallContext,
  wireName: string,
  sync: Outcome,
  returnsValue: boolean,
): Outcome {
  const known = [...ctx.state.tasks.keys()];
  // A failure decided before the operation starts changes nothing: the VM stays certain.
  const settledAtOnce = sync.expected.kind === 'failure' && sync.failureHasEffect !== true;
  return {
    expected: succeeds(refShape('task', known)),
    effect: (state: ModelState, observed: Observed): ModelState => {
      if (!observed.ok) return state;
      const ref = String(observed.value);
      const task: TaskModel = {
        ref,
        session: ctx.session,
        nameLabel: wireName,
        status: 'pending',
        createdAt: ctx.now,
        progressSeen: 0,
        cancelRequested: false,
        effect: {
          expected: sync.expected,
          apply: sync.effect,
          ...(sync.vm === undefined ? {} : { vm: sync.vm }),
          ...(sync.failureHasEffect === true ? { failureHasEffect: true } : {}),
          returnsValue,
        },
        settled: settledAtOnce,
        destroyed: false,
      };
      const added = withChange({ ...state, tasks: mapSet(state.tasks, ref, task) }, 'task', ref, 'add');
      return settleSessions(added, ctx.now);
    },
  };
}

function isTerminal(status: TaskStatus): boolean {
  return status === 'success' || status === 'failure' || status === 'cancelled';
}

function withTask(ctx: CallContext, f: (t: TaskModel) => Outcome): Outcome {
  const ref = ctx.params[0];
  const t = typeof ref === 'string' ? ctx.state.tasks.get(ref) : undefined;
  if (t === undefined || (t.destroyed && isTerminal(t.status))) return unchanged(handleInvalid('task', ref));
  const out = f(t);
  // A pending task that was destroyed disappears once it completes (xapi_task.ml destroy; db_gc_util.ml).
  if (t.destroyed) return { ...out, expected: oneOf(out.expected, handleInvalid('task', t.ref)) };
  return out;
}

interface Branch {
  readonly status: TaskStatus;
  readonly record: Shape;
}

/** The task states a read may observe now. */
function branches(state: ModelState, t: TaskModel, now: number): Branch[] {
  const base = { name_label: equalsShape(t.nameLabel) };
  if (t.final !== undefined) {
    return [
      {
        status: t.status,
        record: recordShape({
          ...base,
          status: equalsShape(t.status),
          progress: equalsShape(1),
          result: equalsShape(t.final.result),
          error_info: equalsShape(t.final.errorInfo),
        }),
      },
    ];
  }
  const out: Branch[] = [];
  const overdue = now - t.createdAt > state.config.taskDeadlineMs;
  if (!overdue && t.status !== 'success' && t.status !== 'failure' && t.status !== 'cancelled') {
    const progress: Shape = { kind: 'number', min: t.progressSeen, max: 1 };
    out.push({
      status: 'pending',
      record: recordShape({ ...base, status: equalsShape('pending'), progress }),
    });
    // No `cancelling` branch: only storage operations write that status (xapi_task.ml, SEMANTICS.md §5), and
    // the model's tasks are VM operations.
  }
  const done = { progress: equalsShape(1) };
  for (const e of terminalOutcomes(t.effect.expected)) {
    if (t.status !== 'pending' && t.status !== 'cancelling' && !statusOf(e).includes(t.status)) continue;
    if (e.kind === 'success') {
      out.push({
        status: 'success',
        record: recordShape({
          ...base,
          ...done,
          status: equalsShape('success'),
          result: { kind: 'xmlValue', inner: t.effect.returnsValue ? e.shape : voidShape },
          error_info: equalsShape([]),
        }),
      });
    } else if (e.kind === 'failure') {
      out.push({
        status: 'failure',
        record: recordShape({
          ...base,
          ...done,
          status: equalsShape('failure'),
          error_info: { kind: 'errorInfo', expected: e },
        }),
      });
    } else {
      out.push({
        status: 'success',
        record: recordShape({ ...base, ...done, status: equalsShape('success') }),
      });
      out.push({
        status: 'failure',
        record: recordShape({ ...base, ...done, status: equalsShape('failure') }),
      });
    }
  }
  if (t.cancelRequested || t.status === 'cancelled') {
    out.push({
      status: 'cancelled',
      record: recordShape({
        ...base,
        ...done,
        status: equalsShape('cancelled'),
        // server_helpers.ml catches TASK_CANCELLED and calls TaskHelper.cancel (cancel_this), which
        // leaves error_info [] (SEMANTICS.md §5 "Completion").
        error_info: equalsShape([]),
      }),
    });
  }
  return out;
}

function statusOf(e: Expected): TaskStatus[] {
  return e.kind === 'success' ? ['success'] : e.kind === 'failure' ? ['failure'] : ['success', 'failure'];
}

function terminalOutcomes(e: Expected): Expected[] {
  return e.kind === 'oneOf' ? e.options.flatMap(terminalOutcomes) : [e];
}

function isStruct(v: unknown): v is Readonly<Record<string, unknown>> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function putTask(state: ModelState, t: TaskModel): ModelState {
  return { ...state, tasks: mapSet(state.tasks, t.ref, t) };
}

/** Folds an observed status (and, from a record, progress/result/error_info) into the model. */
function observeTask(
  state: ModelState,
  ref: string,
  status: string,
  rec: Readonly<Record<string, unknown>> | undefined,
  now: number,
): ModelState {
  const t = state.tasks.get(ref);
  if (t === undefined) return state;
  const progress = rec !== undefined ? Number(rec['progress']) : NaN;
  const progressSeen = Number.isFinite(progress) ? Math.max(t.progressSeen, progress) : t.progressSeen;
  const terminal = status === 'success' || status === 'failure' || status === 'cancelled';
  if (!terminal)
    return putTask(state, { ...t, progressSeen, status: status === 'cancelling' ? 'cancelling' : t.status });
  let next: TaskModel = { ...t, status: status, progressSeen: 1 };
  let s = state;
  if (!t.settled) {
    if (status === 'success') {
      const needsValue = t.effect.returnsValue;
      const decoded = rec !== undefined ? decodeXmlValue(rec['result']) : needsValue ? undefined : '';
      if (decoded !== undefined) {
        s = t.effect.apply(s, { ok: true, value: decoded });
        next = { ...next, settled: true };
      }
    } else {
      // A predicted failure may still have changed state (provision); an unpredicted one (cancel) did not.
      if (
        status === 'failure' &&
        (t.effect.expected.kind === 'failure' || t.effect.failureHasEffect === true)
      ) {
        const info =
          rec !== undefined && Array.isArray(rec['error_info'])
            ? rec['error_info'].map((x) => String(x))
            : [];
        const [code = '', ...params] = info;
        s = t.effect.apply(s, { ok: false, code, params });
      }
      next = { ...next, settled: true };
    }
  }
  if (rec !== undefined) {
    next = {
      ...next,
      final: {
        errorInfo: Array.isArray(rec['error_info']) ? rec['error_info'].map((x) => String(x)) : [],
        result: typeof rec['result'] === 'string' ? rec['result'] : '',
      },
    };
  }
  s = withChange(putTask(s, next), 'task', ref, 'mod');
  return settleSessions(s, now);
}

/** task.get_record: one of the states the task may be in; the observation decides and settles the effect. */
export const getRecord: Handler = (ctx) =>
  withTask(ctx, (t) => {
    const bs = branches(ctx.state, t, ctx.now);
    return {
      // created / finished checked on every read of the record (task-times.ts; taskHelper.ml).
      expected: oneOf(
        ...bs.map((b) =>
          succeeds({
            kind: 'allOf',
            shapes: [b.record, { kind: 'taskTimes', completed: isTerminal(b.status) }],
          }),
        ),
      ),
      effect: (state, observed) => {
        if (!observed.ok || !isStruct(observed.value)) return state;
        return observeTask(state, t.ref, String(observed.value['status']), observed.value, ctx.now);
      },
    };
  });

export const getStatus: Handler = (ctx) =>
  withTask(ctx, (t) => {
    const statuses = [...new Set(branches(ctx.state, t, ctx.now).map((b) => b.status))];
    return {
      expected: succeeds({ kind: 'oneOfValues', values: statuses }),
      effect: (state, observed) =>
        observed.ok ? observeTask(state, t.ref, String(observed.value), undefined, ctx.now) : state,
    };
  });

export const getProgress: Handler = (ctx) =>
  withTask(ctx, (t) => {
    const finished = isTerminal(t.status);
    const shape: Shape = finished ? equalsShape(1) : { kind: 'number', min: t.progressSeen, max: 1 };
    return {
      expected: succeeds(shape),
      effect: (state, observed) => {
        const cur = state.tasks.get(t.ref);
        const p = observed.ok ? Number(observed.value) : NaN;
        if (cur === undefined || !Number.isFinite(p)) return state;
        return putTask(state, { ...cur, progressSeen: Math.max(cur.progressSeen, p) });
      },
    };
  });

/**
 * task.cancel (xapi_task.ml ~l.46, message_forwarding.ml ~l.727; SEMANTICS.md §5): returns void, also on a task
 * that is already done (it does not answer OPERATION_NOT_ALLOWED, although the datamodel declares it). On a
 * pending task it asks the operation to stop: the task then ends `cancelled` with error_info [], unless the
 * operation completes first (the race may go either way: both ends are accepted).
 */
export const cancel: Handler = (ctx) =>
  withTask(ctx, (t) => ({
    expected: succeeds(voidShape),
    effect: (state, observed) => {
      const cur = state.tasks.get(t.ref);
      if (!observed.ok || cur === undefined || cur.final !== undefined) return state;
      return putTask(state, { ...cur, cancelRequested: true });
    },
  }));

/** task.destroy: a completed task goes at once; a pending one is only marked (xapi_task.ml destroy). */
export const destroy: Handler = (ctx) =>
  withTask(ctx, (t) => ({
    expected: succeeds(voidShape),
    effect: (state) => {
      const cur = state.tasks.get(t.ref);
      if (cur === undefined) return state;
      return withChange(
        putTask(state, { ...cur, destroyed: true }),
        'task',
        t.ref,
        isTerminal(cur.status) ? 'del' : 'mod',
      );
    },
  }));
