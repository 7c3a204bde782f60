// Tasks (SEMANTICS.md §5; xen-api ocaml/xapi/taskHelper.ml, xapi_task.ml, server_helpers.ml):
// - Async.X answers the task ref at once and runs the work on a later turn;
// - work reports progress in steps (never decreasing) and stops at the next step with
//   TASK_CANCELLED [task] once task.cancel recorded `cancel` in the task's current_operations;
// - completion writes progress 1, finished, allowed_operations [] and status success with result =
//   the XML-RPC <value> text of the result (taskHelper.ml set_result_on_task), or failure with
//   error_info = code :: params, or cancelled with error_info [] (TaskHelper.cancel);
// - task.cancel returns void whatever the task's state, and never writes `cancelling` (only storage
//   operations do, through SMAPI; the emulator's storage operations finish in one step);
// - task.destroy of a pending task only marks it; it is deleted once it completes (xapi_task.ml);
// - completed tasks are garbage-collected (task-gc-policy.ts), lazily when new tasks are created,
//   so an idle emulator runs no timer.
import type { XapiJs } from '../../xapi/types.ts';
import { encodeResultXml } from '../dispatch/encode-result.ts';
import { failureOf } from '../dispatch/xapi-error.ts';
import { XapiFailure } from '../../xapi/harness-errors.ts';
import { fail } from '../dispatch/xapi-error.ts';
import type { CallContext } from '../registry/call-context.ts';
import type { MessageResult } from '../registry/result-values.ts';
import { XAPI_TASK_GC, type TaskGcPolicy } from './task-gc-policy.ts';
import { dateMs, mapOf, str } from '../lifecycle/record-values.ts';
import { insertTaskRecord } from './task-record.ts';
import { durationOf, type TimingProfile } from './timing-profile.ts';

interface Running {
  /** Wakes the current sleep of the work early (cancel). */
  wake: (() => void) | undefined;
}

const COMPLETED: ReadonlySet<string> = new Set(['success', 'failure', 'cancelled']);

export class TaskManager {
  readonly #running = new Map<string, Running>();
  /** Sleeping operations: their timer and how to abort them at shutdown. */
  readonly #timers = new Map<NodeJS.Timeout, () => void>();
  #closed = false;

  constructor(
    readonly timing: TimingProfile,
    readonly gcPolicy: TaskGcPolicy = XAPI_TASK_GC,
  ) {}

  /** Inserts a pending task (task.create, Async calls, sync calls of async-capable messages). */
  create(ctx: CallContext, label: string, description = ''): string {
    this.gc(ctx);
    const ref = insertTaskRecord(ctx, label, description);
    return ref;
  }

  runAsync<C extends CallContext>(ctx: C, run: (ctx: C) => Promise<MessageResult>): Promise<string> {
    const task = this.create(ctx, ctx.calledAs);
    const taskCtx: C = { ...ctx, task };
    this.#running.set(task, { wake: undefined });
    setImmediate(() => {
      void this.#execute(taskCtx, task, run);
    });
    return Promise.resolve(task);
  }

  /**
   * Runs a sync call of an async-capable message inside a task that exists for the duration of the
   * call, as xapi does (SEMANTICS.md §2 "Async": every call of an async-capable message has a DB
   * task named after the wire name; Context.complete_tasks destroys it when the call returns).
   * DEVIATION: only the messages of the behaviour layer (VM lifecycle and VM.create, VDI, VBD, VIF,
   * network, PBD, SR.scan) do this; the core's generic create/destroy of other classes run without one.
   */
  async runSync<C extends CallContext, T>(ctx: C, run: (ctx: C) => Promise<T> | T): Promise<T> {
    if (ctx.task !== undefined) return run(ctx);
    const task = this.create(ctx, ctx.calledAs);
    this.#running.set(task, { wake: undefined });
    try {
      return await run({ ...ctx, task });
    } finally {
      this.#running.delete(task);
      if (!this.#closed && ctx.db.get('task', task) !== undefined) ctx.db.remove('task', task);
    }
  }

  async #execute<C extends CallContext>(
    ctx: C,
    task: string,
    run: (ctx: C) => Promise<MessageResult>,
  ): Promise<void> {
    let outcome: { ok: true; value: MessageResult } | { ok: false; err: unknown };
    try {
      outcome = { ok: true, value: await run(ctx) };
    } catch (err) {
      outcome = { ok: false, err };
    }
    this.#running.delete(task);
    if (this.#closed) return;
    try {
      if (outcome.ok) this.complete(ctx, task, outcome.value);
      else this.fail(ctx, task, outcome.err);
    } catch {
      // The database closed under a late task (emulator shutting down): nothing left to record.
    }
  }

  /** taskHelper.ml complete: only a pending task changes. */
  complete(ctx: CallContext, task: string, value: MessageResult): void {
    const obj = ctx.db.get('task', task);
    if (obj === undefined || obj.record['status'] !== 'pending') return;
    if (ctx.faults.has('task-stuck-pending')) return;
    ctx.db.update('task', task, {
      allowed_operations: [],
      finished: finishedAt(ctx, obj.record['created']),
      progress: 1,
      result: encodeResultXml(ctx.schema, ctx.message.result, value),
      status: 'success',
    });
    this.#destroyIfMarked(ctx, task);
  }

  /**
   * taskHelper.ml failed: error_info = code :: params, status failure. An operation that stops on
   * TASK_CANCELLED does not get there: server_helpers.ml catches it and calls TaskHelper.cancel
   * (cancel_this), which sets status cancelled, progress 1 and finished and leaves error_info []
   * (SEMANTICS.md §5 "Completion").
   */
  fail(ctx: CallContext, task: string, err: unknown): void {
    const obj = ctx.db.get('task', task);
    if (obj === undefined || obj.record['status'] !== 'pending') return;
    if (ctx.faults.has('task-stuck-pending')) return;
    const f = failureOf(err);
    const cancelled = f.code === 'TASK_CANCELLED';
    ctx.db.update('task', task, {
      progress: 1,
      ...(cancelled ? {} : { error_info: [f.code, ...f.params] }),
      finished: finishedAt(ctx, obj.record['created']),
      allowed_operations: [],
      status: cancelled ? 'cancelled' : 'failure',
    });
    this.#destroyIfMarked(ctx, task);
  }

  /** xapi_task.ml destroy: a completed task goes at once; a pending one is marked for GC. */
  destroy(ctx: CallContext, task: string): void {
    const obj = ctx.get('task', task);
    if (COMPLETED.has(str(obj.record['status']))) {
      ctx.db.remove('task', task);
      return;
    }
    const ops = currentOps(obj.record['current_operations']);
    ctx.db.update('task', task, { current_operations: { ...ops, task: 'destroy' } });
  }

  /**
   * xapi_task.ml cancel: records `cancel` in the task's current_operations (keyed by the caller's
   * task); the work notices it at its next step and fails with TASK_CANCELLED.
   */
  cancel(ctx: CallContext, task: string): void {
    ctx.get('task', task);
    ctx.db.update('task', task, { current_operations: { [ctx.task ?? task]: 'cancel' } });
    this.#running.get(task)?.wake?.();
  }

  isCancelling(ctx: CallContext, task: string): boolean {
    const obj = ctx.db.get('task', task);
    if (obj === undefined) return false;
    return Object.values(currentOps(obj.record['current_operations'])).includes('cancel');
  }

  /** taskHelper.ml exn_if_cancelling. */
  assertNotCancelled(ctx: CallContext): void {
    const task = ctx.task;
    if (task !== undefined && this.isCancelling(ctx, task)) fail('TASK_CANCELLED', task);
  }

  /** taskHelper.ml set_cancellable / set_not_cancellable. */
  setCancellable(ctx: CallContext, cancellable: boolean): void {
    const task = ctx.task;
    if (task === undefined || ctx.db.get('task', task)?.record['status'] !== 'pending') return;
    ctx.db.update('task', task, { allowed_operations: cancellable ? ['cancel'] : [] });
  }

  /** Publishes progress; it never decreases and stays below 1 until completion. */
  setProgress(ctx: CallContext, progress: number): void {
    const task = ctx.task;
    if (task === undefined) return;
    const obj = ctx.db.get('task', task);
    if (obj === undefined || obj.record['status'] !== 'pending') return;
    const current = typeof obj.record['progress'] === 'number' ? obj.record['progress'] : 0;
    const next = Math.min(0.99, Math.max(current, progress));
    if (next > current) ctx.db.update('task', task, { progress: next });
  }

  /**
   * The time an operation takes under the timing profile: sleeps in steps, publishing progress
   * from `from` to `to` and checking for cancellation at each step. Instant timing only checks.
   */
  async work(ctx: CallContext, operation: string, from = 0, to = 0.99): Promise<void> {
    this.assertNotCancelled(ctx);
    // The slice [from, to] of the operation takes that share of its duration.
    const total = durationOf(this.timing, operation) * Math.max(0, to - from);
    if (total <= 0) return;
    const steps = Math.max(1, Math.ceil(total / Math.max(1, this.timing.progressIntervalMs)));
    for (let i = 1; i <= steps; i++) {
      await this.#sleep(ctx.task, total / steps);
      this.assertNotCancelled(ctx);
      this.setProgress(ctx, from + ((to - from) * i) / steps);
    }
  }

  /** Sleeps (bounded by `ms`), woken early when the task is cancelled or the emulator closes. */
  #sleep(task: string | undefined, ms: number): Promise<void> {
    if (this.#closed) return Promise.reject(new XapiFailure('INTERNAL_ERROR', ['emulator is shutting down']));
    return new Promise<void>((resolve, reject) => {
      const running = task === undefined ? undefined : this.#running.get(task);
      const done = (): void => {
        clearTimeout(timer);
        this.#timers.delete(timer);
        if (running !== undefined) running.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#timers.set(timer, () => reject(new XapiFailure('INTERNAL_ERROR', ['emulator is shutting down'])));
      if (running !== undefined) running.wake = done;
    });
  }

  /** Deletes expired and surplus completed tasks (db_gc_util.ml timeout_tasks). */
  gc(ctx: CallContext): number {
    const now = ctx.clock.now().getTime();
    const p = this.gcPolicy;
    const completed: { ref: string; finished: number }[] = [];
    const doomed: string[] = [];
    for (const t of ctx.db.all('task')) {
      const status = str(t.record['status']);
      if (COMPLETED.has(status)) {
        const finished = dateMs(t.record['finished']);
        if (now - finished > p.completedMaxAgeMs) doomed.push(t.ref);
        else completed.push({ ref: t.ref, finished });
      } else if (now - dateMs(t.record['created']) > p.pendingMaxAgeMs && !this.#running.has(t.ref)) {
        doomed.push(t.ref);
      }
    }
    if (completed.length > p.maxCompleted) {
      completed.sort((a, b) => a.finished - b.finished);
      for (const c of completed.slice(0, completed.length - p.maxCompleted)) doomed.push(c.ref);
    }
    for (const ref of doomed) ctx.db.remove('task', ref);
    return doomed.length;
  }

  /** Stops every sleeping operation (emulator shutdown). */
  close(): void {
    this.#closed = true;
    for (const [t, abort] of this.#timers) {
      clearTimeout(t);
      abort();
    }
    this.#timers.clear();
    this.#running.clear();
  }

  #destroyIfMarked(ctx: CallContext, task: string): void {
    const obj = ctx.db.get('task', task);
    if (obj === undefined) return;
    if (Object.values(currentOps(obj.record['current_operations'])).includes('destroy'))
      ctx.db.remove('task', task);
  }
}

function currentOps(v: XapiJs | undefined): Readonly<Record<string, XapiJs>> {
  return mapOf(v);
}

/** Now; under the `task-finished-before-created` fault, a minute before the task was created. */
function finishedAt(ctx: CallContext, created: unknown): Date {
  if (ctx.faults.has('task-finished-before-created') && created instanceof Date)
    return new Date(created.getTime() - 60_000);
  return ctx.clock.now();
}
