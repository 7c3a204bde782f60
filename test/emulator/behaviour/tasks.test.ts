// Tasks (SEMANTICS.md §5; xen-api taskHelper.ml, xapi_task.ml): Async.X answers a task at once;
// records carry status, never-decreasing progress, result as an XML-RPC <value>, error_info,
// created/finished, allowed_operations; task.cancel ends the work with TASK_CANCELLED; task.destroy
// of a pending task waits for its end; GC; concurrency conflicts (OTHER_OPERATION_IN_PROGRESS, xapi's
// retry) and hard_shutdown cancelling a clean_shutdown in flight.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Outcome, Session } from '../../../src/client/index.ts';
import { ManualClock, type Emulator } from '../../../src/emulator/index.ts';
import {
  expectGone,
  failure,
  login,
  makeVm,
  quickRealistic,
  record,
  sleep,
  startAndLogin,
  startHttpEmulator,
} from './helpers.ts';

async function waitStatus(s: Session, task: string, ms = 10_000): Promise<string> {
  const deadline = Date.now() + ms;
  for (;;) {
    const st = (await s.call('task.get_status', [task])) as string;
    if (st !== 'pending' && st !== 'cancelling') return st;
    if (Date.now() > deadline) throw new Error(`task ${task} still ${st}`);
    await sleep(20);
  }
}

describe('Async calls under instant timing', () => {
  let emu: Emulator;
  let s: Session;
  beforeAll(async () => ({ emu, s } = await startAndLogin()));
  afterAll(() => emu.close());

  it('answers a task ref; the task completes with the <value> of the result', async () => {
    const before = Date.now();
    const t = (await s.call('Async.VM.clone', [emu.host.controlDomain, 'x'])) as string;
    expect(t).toMatch(/^OpaqueRef:/);
    await waitStatus(s, t);
    const r = await record(s, 'task', t);
    expect(r).toMatchObject({
      name_label: 'Async.VM.clone',
      status: 'failure',
      progress: 1,
      allowed_operations: [],
    });
    expect(r['error_info']).toEqual(['VM_BAD_POWER_STATE', emu.host.controlDomain, 'halted', 'running']);
    expect((r['created'] as Date).getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect((r['finished'] as Date).getTime()).toBeGreaterThanOrEqual((r['created'] as Date).getTime());
    expect(r['resident_on']).toBe(emu.host.host);

    const vm = await makeVm(s, 'async');
    const t2 = (await s.call('Async.VM.clone', [vm, 'clone of async'])) as string;
    expect(await waitStatus(s, t2)).toBe('success');
    const r2 = await record(s, 'task', t2);
    expect(r2['result']).toMatch(/^<value>OpaqueRef:[0-9a-f-]{36}<\/value>$/);
    expect(r2['error_info']).toEqual([]);
  });

  it('a message without async mode: Fault "No async mode for this operation (rpc: X)"', async () => {
    expect(failure(await s.attempt('Async.VM.get_record', [emu.host.controlDomain]))).toEqual([
      'Fault',
      'No async mode for this operation (rpc: VM.get_record)',
    ]);
  });

  it('a sync call of an async-capable message runs in a transient task named after the call', async () => {
    const watcher = await login(emu);
    const token = ((await watcher.eventFrom(['task'], '', 0)) as { token: string }).token;
    const vm = await makeVm(s, 'sync task');
    await s.call('VM.start', [vm, false, false]);
    // The task was created and destroyed inside the window: event.from coalesces it away.
    const b = await watcher.eventFrom(['task'], token, 0);
    expect(b.events.filter((e) => e.operation === 'add')).toEqual([]);
    expect((await s.call('task.get_by_name_label', ['VM.start'])) as string[]).toEqual([]);
  });

  it('task.create / set_progress / destroy, and destroy of a pending task waits for completion', async () => {
    const t = (await s.call('task.create', ['mine', 'a task'])) as string;
    expect(await record(s, 'task', t)).toMatchObject({
      name_label: 'mine',
      name_description: 'a task',
      status: 'pending',
      progress: 0,
    });
    await s.call('task.set_progress', [t, 0.5]);
    expect(await s.call('task.get_progress', [t])).toBe(0.5);
    await s.call('task.destroy', [t]);
    expect((await record(s, 'task', t))['current_operations']).toEqual({ task: 'destroy' });
    await s.call('task.set_status', [t, 'success']);
    await s.call('task.destroy', [t]);
    await expectGone(s, 'task', t);
  });

  it.each([
    ['set_status', 'success', 'status', 'success'],
    ['set_progress', 0.25, 'progress', 0.25],
    ['set_result', '<value>OpaqueRef:x</value>', 'result', '<value>OpaqueRef:x</value>'],
    ['set_error_info', ['SR_FULL', '1', '2'], 'error_info', ['SR_FULL', '1', '2']],
  ])('task.%s on its own task sets the record field', async (message, value, field, stored) => {
    const t = (await s.call('task.create', [message, ''])) as string;
    await s.call(`task.${message}`, [t, value]);
    expect((await record(s, 'task', t))[field]).toEqual(stored);
  });

  it('GC keeps at most 200 completed tasks, the oldest go first', async () => {
    const made: string[] = [];
    for (let i = 0; i < 205; i++)
      made.push((await s.call('Async.VM.clone', [emu.host.controlDomain, `gc ${i}`])) as string);
    for (const t of made.slice(-3)) await waitStatus(s, t);
    await sleep(50);
    await s.call('task.create', ['trigger', '']);
    const left = new Set((await s.call('task.get_all')) as string[]);
    const kept = made.filter((t) => left.has(t));
    expect(kept.length).toBeLessThanOrEqual(200);
    expect(kept.length).toBeGreaterThanOrEqual(195);
    // The survivors are the newest.
    expect(kept).toEqual(made.slice(made.length - kept.length));
  });
});

describe('task GC by age', () => {
  it('completed tasks go after 3900 s, pending ones after 24 h', async () => {
    const clock = new ManualClock(Date.now());
    const emu = await startHttpEmulator({ clock });
    try {
      const s = await login(emu);
      const done = (await s.call('Async.VM.clone', [emu.host.controlDomain, 'old'])) as string;
      await waitStatus(s, done);
      const pending = (await s.call('task.create', ['pending', ''])) as string;
      clock.advance(3901 * 1000);
      await s.call('task.create', ['trigger', '']);
      expect(failure(await s.attempt('task.get_status', [done]))).toEqual(['HANDLE_INVALID', 'task', done]);
      expect(await s.call('task.get_status', [pending])).toBe('pending');
      clock.advance(24 * 3_600_000);
      await s.call('task.create', ['trigger 2', '']);
      expect(failure(await s.attempt('task.get_status', [pending]))).toEqual([
        'HANDLE_INVALID',
        'task',
        pending,
      ]);
    } finally {
      await emu.close();
    }
  });
});

describe('under realistic timing', () => {
  let emu: Emulator;
  let s: Session;
  beforeAll(async () => {
    emu = await startHttpEmulator({
      timing: quickRealistic(
        20,
        40,
        { 'VM.start': 400, 'VM.clean_shutdown': 2000, 'VM.hard_shutdown': 100 },
        0,
      ),
    });
    s = await login(emu);
  });
  afterAll(async () => {
    await emu.close();
  });

  it('progress is visible while pending and never decreases', async () => {
    const vm = await makeVm(s, 'progress');
    const t = (await s.call('Async.VM.start', [vm, false, false])) as string;
    const seen: number[] = [];
    const deadline = Date.now() + 5000;
    for (;;) {
      const r = await record(s, 'task', t);
      seen.push(r['progress'] as number);
      if (r['status'] !== 'pending' || Date.now() > deadline) break;
      expect(r['allowed_operations']).toEqual(['cancel']);
      await sleep(15);
    }
    expect(await s.call('task.get_status', [t])).toBe('success');
    expect(seen.some((p) => p > 0 && p < 1)).toBe(true);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1]!);
    expect(seen[seen.length - 1]).toBe(1);
  });

  it('xapi TaskHelper.cancel: a cancelled operation ends cancelled with error_info [] and leaves the VM as it was', async () => {
    const vm = await makeVm(s, 'cancel');
    const t = (await s.call('Async.VM.start', [vm, false, false])) as string;
    await sleep(60);
    // xapi_task.ml cancel returns void and writes no `cancelling` status (only storage ops do).
    expect(await s.call('task.cancel', [t])).toBe('');
    expect(await s.call('task.get_status', [t])).not.toBe('cancelling');
    expect(await waitStatus(s, t)).toBe('cancelled');
    const r = await record(s, 'task', t);
    expect(r['error_info']).toEqual([]);
    expect(r['progress']).toBe(1);
    expect(r['finished']).toBeInstanceOf(Date);
    expect(r['allowed_operations']).toEqual([]);
    // Cancelling a task that is already over is no error either (xapi_task.ml cancel).
    expect(failureOrVoid(await s.attempt('task.cancel', [t]))).toBe('');
    expect(await s.call('task.get_status', [t])).toBe('cancelled');
    const v = await record(s, 'VM', vm);
    expect(v).toMatchObject({ power_state: 'Halted', current_operations: {} });
    expect(v['allowed_operations']).toContain('start');
  });

  it('a conflicting call gets OTHER_OPERATION_IN_PROGRESS ["VM", vm, op, task] when xapi would give up', async () => {
    const vm = await makeVm(s, 'conflict');
    await s.call('VM.start', [vm, false, false]);
    const t = (await s.call('Async.VM.clean_shutdown', [vm])) as string;
    await sleep(50);
    expect(failure(await s.attempt('VM.clean_reboot', [vm]))).toEqual([
      'OTHER_OPERATION_IN_PROGRESS',
      'VM',
      vm,
      'clean_shutdown',
      t,
    ]);
    const during = await record(s, 'VM', vm);
    expect(during['current_operations']).toEqual({ [t]: 'clean_shutdown' });
    expect(during['allowed_operations']).toContain('hard_shutdown');
    expect(during['allowed_operations']).not.toContain('clean_reboot');
    // hard_shutdown is allowed alongside and cancels the clean_shutdown in flight.
    await s.call('VM.hard_shutdown', [vm]);
    expect(await waitStatus(s, t)).toBe('cancelled');
    expect(await record(s, 'VM', vm)).toMatchObject({ power_state: 'Halted', current_operations: {} });
  });
});

describe('xapi retries a conflict before answering', () => {
  it('waits for the running operation, then checks again', async () => {
    const emu = await startHttpEmulator({ timing: quickRealistic(10, 50, { 'VM.start': 300 }) });
    try {
      const s = await login(emu);
      const vm = await makeVm(s, 'retry');
      const t = (await s.call('Async.VM.start', [vm, false, false])) as string;
      await sleep(30);
      const started = Date.now();
      // Retried until the start is over; then the VM is Running and start is in the wrong state.
      expect(failure(await s.attempt('VM.start', [vm, false, false]))).toEqual([
        'VM_BAD_POWER_STATE',
        vm,
        'halted',
        'running',
      ]);
      expect(Date.now() - started).toBeGreaterThan(100);
      expect(await waitStatus(s, t)).toBe('success');
    } finally {
      await emu.close();
    }
  });
});

function failureOrVoid(o: Outcome): unknown {
  return o.ok ? o.value : [o.code, ...o.params];
}
