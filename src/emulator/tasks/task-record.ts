// A fresh task row as xapi writes it (xen-api ocaml/xapi/taskHelper.ml `make`): pending, progress 0,
// finished = the epoch, type "<none/>", no allowed operations until the work declares itself
// cancellable, resident on the host, owned by the calling session.
import { newRef, NULL_REF } from '../../xapi/ref.ts';
import { randomUUID } from 'node:crypto';
import type { CallContext } from '../registry/call-context.ts';

export function insertTaskRecord(ctx: CallContext, label: string, description = ''): string {
  const ref = newRef<'task'>();
  ctx.db.insert('task', ref, {
    ...ctx.completeRecord('task', {
      uuid: randomUUID(),
      name_label: label,
      name_description: description,
      allowed_operations: [],
      current_operations: {},
      created: ctx.clock.now(),
      finished: new Date(0),
      status: 'pending',
      resident_on: ctx.host.host,
      progress: 0,
      type: '<none/>',
      result: '',
      error_info: [],
      other_config: {},
      subtask_of: NULL_REF,
      subtasks: [],
      // Backtrace.(sexp_of_t empty) printed as a sexp.
      backtrace: '()',
    }),
    // Not a public field: xapi's task row keeps its session (the db relation fills session.tasks,
    // which session GC reads to spare sessions with pending tasks, SEMANTICS.md §3).
    session: ctx.session?.ref ?? NULL_REF,
  });
  return ref;
}
