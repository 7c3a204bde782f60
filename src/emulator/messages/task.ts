// task class (SEMANTICS.md §5; xen-api ocaml/xapi/xapi_task.ml, taskHelper.ml): the task manager of
// the calling emulator (ctx.behaviour.tasks, lifecycle/behaviour.ts) keeps the tasks.
import { fail } from '../dispatch/xapi-error.ts';
import { str } from '../lifecycle/record-values.ts';
import type { XapiJs } from '../../xapi/types.ts';
import type { MessageArgs, MessageContext, MessageImpl, MessageTable } from '../registry/message-context.ts';

/** Roles holding task.destroy_any (datamodel_roles.ml: pool operator and above). */
const ANY_TASK_ROLES: ReadonlySet<string> = new Set(['pool-admin', 'pool-operator']);

/**
 * taskHelper.ml assert_op_valid: a session may act on its own tasks (same auth_user_sid); others
 * need the task.destroy_any permission.
 */
function assertOwnTask(ctx: MessageContext, task: string): void {
  const t = ctx.get('task', task);
  const caller = ctx.session;
  if (caller === undefined || caller.record['is_local_superuser'] === true) return;
  if (ctx.task === task) return;
  const owner = ctx.db.get('session', str(t.record['session']));
  if (owner !== undefined && owner.record['auth_user_sid'] === caller.record['auth_user_sid']) return;
  if (ANY_TASK_ROLES.has(ctx.sessions.roleOf(caller))) return;
  fail(
    'RBAC_PERMISSION_DENIED',
    'task.destroy_any',
    'No permission in user session. (Roles with this permission: pool-admin, pool-operator)',
  );
}

function self(a: MessageArgs, name = 'self'): string {
  return str(a[name]);
}

/** task.set_<field>: the owner (or a holder of task.destroy_any) sets the field to `value`, converted. */
function ownTaskSetter(field: string, convert: (value: XapiJs | undefined) => XapiJs): MessageImpl {
  return (ctx, a) => {
    const task = self(a);
    assertOwnTask(ctx, task);
    ctx.db.update('task', task, { [field]: convert(a['value']) });
    return '';
  };
}

export const TASK_MESSAGES: MessageTable = {
  // xapi_task.ml create: a pending task owned by the calling session.
  create: (ctx, a) => ctx.behaviour.tasks.create(ctx, str(a['label']), str(a['description'])),

  cancel: (ctx, a) => {
    const task = self(a, 'task');
    assertOwnTask(ctx, task);
    ctx.behaviour.tasks.cancel(ctx, task);
    return '';
  },

  destroy: (ctx, a) => {
    const task = self(a);
    assertOwnTask(ctx, task);
    ctx.behaviour.tasks.destroy(ctx, task);
    return '';
  },

  set_status: ownTaskSetter('status', (v) => str(v)),
  set_progress: ownTaskSetter('progress', (v) => (typeof v === 'number' ? v : 0)),
  set_result: ownTaskSetter('result', (v) => str(v)),
  set_error_info: ownTaskSetter('error_info', (v) => (Array.isArray(v) ? (v as readonly XapiJs[]) : [])),
};
