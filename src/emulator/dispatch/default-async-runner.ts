// The core's stand-in for tasks until issue 4 registers TaskHooks: an Async call creates a task
// (name_label = the wire name as called, SEMANTICS.md §2 "Async"), answers its ref at once, runs the
// work on a later turn and completes the task like taskHelper.ml (SEMANTICS.md §5): progress 1,
// finished, status success with result = the XML-RPC <value> of the result, or failure with
// error_info = code :: params.
import { newRef } from '../../xapi/ref.ts';
import { randomUUID } from 'node:crypto';
import type { MessageContext, MessageResult } from '../registry/message-context.ts';
import type { TaskHooks } from '../registry/task-hooks.ts';
import { encodeResultXml } from './encode-result.ts';
import { failureOf } from './xapi-error.ts';
import type { Protocol } from './marshal-adapter.ts';

export function defaultAsyncRunner(_protocol: Protocol): TaskHooks {
  return {
    runAsync(ctx: MessageContext, run: (ctx: MessageContext) => Promise<MessageResult>): Promise<string> {
      const task = newRef<'task'>();
      const now = ctx.clock.now();
      ctx.db.insert(
        'task',
        task,
        ctx.completeRecord('task', {
          uuid: randomUUID(),
          name_label: ctx.calledAs,
          name_description: '',
          allowed_operations: [],
          created: now,
          status: 'pending',
          progress: 0,
          resident_on: ctx.host.host,
          session: ctx.session?.ref ?? 'OpaqueRef:NULL',
        }),
      );
      const taskCtx: MessageContext = { ...ctx, task };
      setImmediate(() => {
        void (async () => {
          try {
            const value = await run(taskCtx);
            if (ctx.db.get('task', task) === undefined) return;
            ctx.db.update('task', task, {
              progress: 1,
              finished: ctx.clock.now(),
              status: 'success',
              result: encodeResultXml(ctx.schema, ctx.message.result, value),
            });
          } catch (err) {
            if (ctx.db.get('task', task) === undefined) return;
            const f = failureOf(err);
            ctx.db.update('task', task, {
              progress: 1,
              finished: ctx.clock.now(),
              status: f.code === 'TASK_CANCELLED' ? 'cancelled' : 'failure',
              error_info: [f.code, ...f.params],
            });
          }
        })();
      });
      return Promise.resolve(task);
    },
  };
}
