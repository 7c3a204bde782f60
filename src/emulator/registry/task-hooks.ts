// The seam for tasks (issue 4, SEMANTICS.md §5). The core calls `runAsync` for `Async.`/`InternalAsync.`
// calls of async-capable messages; issue 4 registers the real implementation (progress, cancel,
// task-stuck-pending, realistic timing). Until then default-async-runner.ts is used.
import type { MessageContext, MessageResult } from './message-context.ts';

export interface TaskHooks {
  /**
   * Starts `run` as a task and resolves with the task ref at once (xapi answers Async calls with the
   * task ref before the work is done). `run` receives the context with `task` set.
   */
  runAsync(ctx: MessageContext, run: (ctx: MessageContext) => Promise<MessageResult>): Promise<string>;
}

let hooks: TaskHooks | undefined;

export function registerTaskHooks(h: TaskHooks): void {
  hooks = h;
}

export function registeredTaskHooks(): TaskHooks | undefined {
  return hooks;
}
