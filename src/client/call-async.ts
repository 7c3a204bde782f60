// Async.<method> → task → wait → decoded outcome (SEMANTICS.md §5; xen-api ocaml/xapi/taskHelper.ml,
// ocaml/quicktest/quicktest_async_calls.ml). The task's `result` is the XML-RPC text of the value
// (`<value>OpaqueRef:…</value>`, void = `<value></value>`) whatever protocol the caller used; `failed`
// puts `code :: params` in `error_info`; a cancelled task ends `cancelled` (TASK_CANCELLED).
import { performance } from 'node:perf_hooks';
import type { Ref } from '../xapi/ref.ts';
import type { XapiJs } from '../xapi/types.ts';
import { TaskTimeoutError, TransportError, XapiFailure } from '../xapi/harness-errors.ts';
import { decodeTaskResult, methodTypes } from './method-types.ts';
import type { Outcome } from './outcome.ts';
import { eventFrom } from './event-from.ts';
import type { SessionCalls } from './session-client.ts';

export interface CallAsyncOptions {
  /** Give up waiting after this many ms (TaskTimeoutError). Default 120 000. */
  readonly timeoutMs?: number;
  /** 'event' (default) long-polls event.from on `task/<ref>`; 'poll' reads task.get_status every pollMs. */
  readonly via?: 'event' | 'poll';
  /** Poll interval for via 'poll'. Default 100 ms. */
  readonly pollMs?: number;
  /** task.destroy once the outcome is read, so runs do not pile up tasks on a real host. Default true. */
  readonly destroyTask?: boolean;
  /** task.cancel the task when the wait times out. Default false. */
  readonly cancelOnTimeout?: boolean;
}

export interface AsyncCallResult {
  /** The task; absent when Async.<method> itself failed before a task existed. */
  readonly task?: Ref<'task'>;
  readonly outcome: Outcome;
  /** The task record as last read (absent when no task was created). */
  readonly record?: Readonly<Record<string, XapiJs>>;
}

type TaskRecord = Readonly<Record<string, XapiJs>>;

const TERMINAL = new Set(['success', 'failure', 'cancelled']);
/** Answers meaning "this endpoint does not serve that call" (xen-api ocaml/xapi-consts/api_errors.ml). */
const NO_SUCH_CALL = new Set(['MESSAGE_METHOD_UNKNOWN', 'NOT_IMPLEMENTED']);
const DEFAULT_TIMEOUT_MS = 120_000;
/** Longest single event.from wait: short enough to notice the deadline, long enough to be cheap. */
const MAX_EVENT_WAIT_SEC = 30;

export async function callAsync(
  session: SessionCalls,
  method: string,
  args: readonly unknown[],
  options: CallAsyncOptions = {},
): Promise<AsyncCallResult> {
  const deadline = performance.now() + (options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const started = await session.attempt(`Async.${method}`, args);
  // A failure before the task exists (arity, session, no async mode) is the call's outcome.
  if (!started.ok) return { outcome: started };
  if (typeof started.value !== 'string') {
    throw new TypeError(`Async.${method} returned a ${typeof started.value}, not a task ref`);
  }
  return awaitTask(session, started.value, { ...options, method, deadline });
}

export interface AwaitTaskOptions extends CallAsyncOptions {
  /** The message the task runs, to decode its result by the declared type; raw when absent. */
  readonly method?: string;
  /** Absolute deadline (performance.now() ms), overriding timeoutMs; used by callAsync. */
  readonly deadline?: number;
}

/**
 * Waits for any task (one made by callAsync, an HTTP import, task.create) to finish, then reads its
 * record and turns it into an outcome. Throws TaskTimeoutError when the deadline passes first.
 */
export async function awaitTask(
  session: SessionCalls,
  taskRef: string,
  options: AwaitTaskOptions = {},
): Promise<AsyncCallResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = options.deadline ?? performance.now() + timeoutMs;
  const label = options.method ?? 'task';
  const task = taskRef as Ref<'task'>;
  let finalRecord: TaskRecord | undefined;
  try {
    finalRecord = await waitForTask(session, label, task, deadline, timeoutMs, options);
  } catch (e) {
    if (e instanceof TaskTimeoutError && options.cancelOnTimeout === true)
      await session.attempt('task.cancel', [task]);
    throw e;
  }
  // The event that showed the task finished carries its whole record (SEMANTICS.md §6 snapshot): no
  // need to read it again. Polling, or a deletion seen by events, reads it.
  const record = finalRecord ?? ((await session.call('task.get_record', [task])) as TaskRecord);
  let outcome: Outcome;
  try {
    outcome = taskOutcome(options.method, task, record);
  } catch (e) {
    // task.result is not the XML-RPC text of a value of the declared type: the answer is unusable.
    const message = e instanceof Error ? e.message : String(e);
    throw new TransportError('BAD_RESPONSE', `${label}: task ${task} result does not decode: ${message}`, {
      cause: e,
      target: session.client.target,
    });
  }
  if (options.destroyTask ?? true) await session.attempt('task.destroy', [task]);
  return { task, outcome, record };
}

/** The outcome a finished task record stands for. */
function taskOutcome(
  method: string | undefined,
  task: string,
  record: Readonly<Record<string, XapiJs>>,
): Outcome {
  const status = statusText(record['status']);
  const info = record['error_info'];
  const errorInfo = Array.isArray(info)
    ? (info as readonly XapiJs[]).map((x) => (typeof x === 'string' ? x : JSON.stringify(x)))
    : [];
  if (status === 'success') {
    const result = typeof record['result'] === 'string' ? record['result'] : '';
    return {
      ok: true,
      value: decodeTaskResult(method === undefined ? undefined : methodTypes(method), result),
    };
  }
  if (status === 'cancelled') {
    const [code, ...params] = errorInfo;
    return code === 'TASK_CANCELLED'
      ? { ok: false, code, params }
      : { ok: false, code: 'TASK_CANCELLED', params: [task] };
  }
  const [code, ...params] = errorInfo;
  // DEVIATION: a failed task with an empty error_info does not occur in xapi (taskHelper.ml `failed`
  // always sets code :: params); it is reported as INTERNAL_ERROR so the outcome stays a value.
  return code === undefined
    ? { ok: false, code: 'INTERNAL_ERROR', params: [`task ${status} with an empty error_info`] }
    : { ok: false, code, params };
}

async function waitForTask(
  session: SessionCalls,
  method: string,
  task: string,
  deadline: number,
  timeoutMs: number,
  options: CallAsyncOptions,
): Promise<TaskRecord | undefined> {
  if ((options.via ?? 'event') === 'event') {
    try {
      return await waitByEvents(session, method, task, deadline, timeoutMs);
    } catch (e) {
      // An endpoint without event.from still has task.get_status: fall back rather than fail the call.
      if (!(e instanceof XapiFailure && NO_SUCH_CALL.has(e.code))) throw e;
    }
  }
  await waitByPolling(session, method, task, deadline, timeoutMs, options.pollMs ?? 100);
  return undefined;
}

async function waitByEvents(
  session: SessionCalls,
  method: string,
  task: string,
  deadline: number,
  timeoutMs: number,
): Promise<TaskRecord | undefined> {
  // Stay under the transport's idle limit, or a quiet long poll would look like a dead endpoint.
  const transportLimit = session.client.transport.timeoutMs;
  const capSec = Math.max(
    0.1,
    Math.min(
      MAX_EVENT_WAIT_SEC,
      transportLimit === undefined ? MAX_EVENT_WAIT_SEC : transportLimit / 1000 - 1,
    ),
  );
  let token = '';
  let lastStatus = 'unknown';
  for (;;) {
    const remainingMs = deadline - performance.now();
    if (remainingMs <= 0) throw new TaskTimeoutError(method, task, timeoutMs, lastStatus);
    // Token "" returns the task's current state at once; later tokens block until it changes.
    const batch = await eventFrom(session, [`task/${task}`], token, Math.min(capSec, remainingMs / 1000));
    token = batch.token;
    for (const ev of batch.events) {
      if (ev.ref !== task) continue;
      // Deleted under us: task.get_record will answer HANDLE_INVALID, which is the truth to report.
      if (ev.operation === 'del') return undefined;
      const snap = ev.snapshot;
      if (typeof snap === 'object' && snap !== null && !Array.isArray(snap) && !(snap instanceof Date)) {
        lastStatus = statusText((snap as TaskRecord)['status']);
        if (TERMINAL.has(lastStatus)) return snap as TaskRecord;
      }
    }
  }
}

async function waitByPolling(
  session: SessionCalls,
  method: string,
  task: string,
  deadline: number,
  timeoutMs: number,
  pollMs: number,
): Promise<void> {
  let lastStatus = 'unknown';
  for (;;) {
    lastStatus = statusText(await session.call('task.get_status', [task]));
    if (TERMINAL.has(lastStatus)) return;
    const remainingMs = deadline - performance.now();
    if (remainingMs <= 0) throw new TaskTimeoutError(method, task, timeoutMs, lastStatus);
    await sleep(Math.min(pollMs, remainingMs));
  }
}

/** A task_status_type value as text; anything else (a broken endpoint) is never terminal. */
function statusText(v: XapiJs | undefined): string {
  return typeof v === 'string' ? v : 'unknown';
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
