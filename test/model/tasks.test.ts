import { describe, it } from 'vitest';
import type { ModelState } from '../../src/model/index.ts';
import { S, accept, call, err, ok, putVm, reject, vm, withSession } from './helpers.ts';

const V = 'OpaqueRef:v';
const T = 'OpaqueRef:task-1';

function started(): ModelState {
  const s = putVm(withSession({ taskDeadlineMs: 1_000 }), vm(V));
  return accept(s, call('Async.VM.start', [S, V, false, false], 0), ok(T));
}

const rec = (fields: Record<string, unknown>) => ({
  name_label: 'Async.VM.start',
  progress: 0,
  result: '',
  error_info: [],
  ...fields,
});

describe('tasks', () => {
  it('Async answers a fresh task ref, and the VM is uncertain until the task is seen complete', () => {
    let s = started();
    // While pending, the VM may be Halted or Running.
    accept(s, call('VM.get_power_state', [S, V], 10), ok('Halted'));
    accept(s, call('VM.get_power_state', [S, V], 10), ok('Running'));
    s = accept(s, call('task.get_record', [S, T], 20), ok(rec({ status: 'pending', progress: 0.5 })));
    // Progress never goes down.
    reject(s, call('task.get_record', [S, T], 30), ok(rec({ status: 'pending', progress: 0.2 })));
    reject(s, call('task.get_progress', [S, T], 30), ok(0.1));
    // A success carries progress 1, result "<value></value>" for a void call, no error_info.
    reject(s, call('task.get_record', [S, T], 40), ok(rec({ status: 'success', progress: 1, result: '' })));
    reject(
      s,
      call('task.get_record', [S, T], 40),
      ok(rec({ status: 'success', progress: 0.9, result: '<value></value>' })),
    );
    s = accept(
      s,
      call('task.get_record', [S, T], 40),
      ok(rec({ status: 'success', progress: 1, result: '<value></value>' })),
    );
    accept(s, call('VM.get_power_state', [S, V], 50), ok('Running'));
    reject(s, call('VM.get_power_state', [S, V], 50), ok('Halted'));
    reject(s, call('task.get_status', [S, T], 50), ok('pending'));
  });

  it('a task must not stay pending past the deadline', () => {
    const s = started();
    accept(s, call('task.get_status', [S, T], 900), ok('pending'));
    reject(s, call('task.get_status', [S, T], 1_500), ok('pending'));
  });

  it('a failed check ends the task in failure with error_info [code, params…]', () => {
    const s0 = putVm(withSession(), vm(V, { powerState: 'Running' }));
    const s = accept(s0, call('Async.VM.start', [S, V, false, false], 0), ok(T));
    accept(
      s,
      call('task.get_record', [S, T], 5),
      ok(rec({ status: 'failure', progress: 1, error_info: ['VM_BAD_POWER_STATE', V, 'halted', 'running'] })),
    );
    reject(
      s,
      call('task.get_record', [S, T], 5),
      ok(rec({ status: 'failure', progress: 1, error_info: ['VM_BAD_POWER_STATE', V, 'running', 'halted'] })),
    );
    reject(
      s,
      call('task.get_record', [S, T], 5),
      ok(rec({ status: 'success', progress: 1, result: '<value></value>' })),
    );
    // The VM was never touched: its reads stay certain.
    reject(s, call('VM.get_power_state', [S, V], 5), ok('Halted'));
  });

  it('decodes a clone result and learns the new VM', () => {
    let s = putVm(withSession(), vm(V));
    s = accept(s, call('Async.VM.clone', [S, V, 'copy'], 0), ok(T));
    const N = 'OpaqueRef:new-vm';
    reject(
      s,
      call('task.get_record', [S, T], 5),
      ok({
        ...rec({ status: 'success', progress: 1 }),
        name_label: 'Async.VM.clone',
        result: '<value>OpaqueRef:NULL</value>',
      }),
    );
    s = accept(
      s,
      call('task.get_record', [S, T], 5),
      ok({
        ...rec({ status: 'success', progress: 1 }),
        name_label: 'Async.VM.clone',
        result: `<value>${N}</value>`,
      }),
    );
    accept(s, call('VM.get_name_label', [S, N], 6), ok('copy'));
    reject(s, call('VM.get_name_label', [S, N], 6), ok('other'));
  });

  it('cancel: the task ends cancelled with error_info [] and no effect, or completes if it was too late (§5)', () => {
    let s = started();
    s = accept(s, call('task.cancel', [S, T], 1), ok(''));
    const cancelled = accept(
      s,
      call('task.get_record', [S, T], 5),
      ok(rec({ status: 'cancelled', progress: 1, error_info: [] })),
    );
    accept(cancelled, call('VM.get_power_state', [S, V], 6), ok('Halted'));
    reject(cancelled, call('VM.get_power_state', [S, V], 6), ok('Running'));
    // TaskHelper.cancel leaves error_info empty: the old belief [TASK_CANCELLED, task] is not xapi's.
    reject(
      s,
      call('task.get_record', [S, T], 5),
      ok(rec({ status: 'cancelled', progress: 1, error_info: ['TASK_CANCELLED', T] })),
    );
    accept(
      s,
      call('task.get_record', [S, T], 5),
      ok(rec({ status: 'success', progress: 1, result: '<value></value>' })),
    );
    // `cancelling` is written only by storage operations; a VM operation never shows it.
    reject(s, call('task.get_status', [S, T], 5), ok('cancelling'));
    // task.cancel answers void, also on a completed task: never OPERATION_NOT_ALLOWED.
    accept(cancelled, call('task.cancel', [S, T], 7), ok(''));
    reject(cancelled, call('task.cancel', [S, T], 7), err('OPERATION_NOT_ALLOWED', 'task is done'));
  });

  it('destroy of a completed task makes it invalid', () => {
    let s = started();
    s = accept(
      s,
      call('task.get_record', [S, T], 5),
      ok(rec({ status: 'success', progress: 1, result: '<value></value>' })),
    );
    s = accept(s, call('task.destroy', [S, T], 6), ok(''));
    accept(s, call('task.get_status', [S, T], 7), err('HANDLE_INVALID', 'task', T));
    reject(s, call('task.get_status', [S, T], 7), ok('success'));
  });
});
