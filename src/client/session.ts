// A logged-in session: every call gets the session ref prepended, since `session_id` is the first
// parameter of every XAPI call except the logins (SEMANTICS.md §2).
import type { Ref } from '../xapi/ref.ts';
import type { XapiJs } from '../xapi/types.ts';
import { awaitTask, callAsync } from './call-async.ts';
import type { AsyncCallResult, AwaitTaskOptions, CallAsyncOptions } from './call-async.ts';
import { eventFrom } from './event-from.ts';
import type { EventBatch } from './event-from.ts';
import type { Outcome } from './outcome.ts';
import type { CallOptions, SessionClient } from './session-client.ts';

export class Session {
  readonly client: SessionClient;
  readonly ref: Ref<'session'>;

  constructor(client: SessionClient, ref: string) {
    this.client = client;
    this.ref = ref as Ref<'session'>;
  }

  /** `session.call('VM.start', [vm, false, false])` sends `VM.start(session, vm, false, false)`. */
  call(method: string, args: readonly unknown[] = [], options?: CallOptions): Promise<XapiJs> {
    return this.client.call(method, [this.ref, ...args], options);
  }

  /** Like call, but an XAPI failure is returned as `{ok: false, code, params}`. */
  attempt(method: string, args: readonly unknown[] = [], options?: CallOptions): Promise<Outcome> {
    return this.client.attempt(method, [this.ref, ...args], options);
  }

  /** `Async.<method>`, then wait for the task and decode its result (call-async.ts). */
  callAsync(
    method: string,
    args: readonly unknown[] = [],
    options?: CallAsyncOptions,
  ): Promise<AsyncCallResult> {
    return callAsync(this, method, args, options);
  }

  /** Wait for an existing task to finish and read its outcome (call-async.ts). */
  awaitTask(task: string, options?: AwaitTaskOptions): Promise<AsyncCallResult> {
    return awaitTask(this, task, options);
  }

  /** event.from(classes, token, timeout), decoded (event-from.ts). */
  eventFrom(
    classes: readonly string[],
    token: string,
    timeoutSec: number,
    options?: CallOptions,
  ): Promise<EventBatch> {
    return eventFrom(this, classes, token, timeoutSec, options);
  }

  logout(): Promise<void> {
    return this.client.logout(this.ref);
  }
}
