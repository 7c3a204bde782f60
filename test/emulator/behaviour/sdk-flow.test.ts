// The SDK guide's flow end to end through the HTTP endpoint with our client (issue 4 "Checks"):
// login, VM.get_all_records, find "Debian Etch 4.0", clone, provision, start, suspend, resume,
// shutdown, logout — synchronously, then with Async.* calls while a second client follows event.from
// and must see the VM's add and every power-state mod, and each task's add and completion.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../../src/emulator/index.ts';
import { NULL_REF } from '../../../src/xapi/ref.ts';
import { EventWatcher, snap } from './event-watcher.ts';
import {
  failure,
  login,
  pointDisksAtDefaultSr,
  quickRealistic,
  type Rec,
  record,
  startHttpEmulator,
} from './helpers.ts';

let emu: Emulator;

beforeAll(async () => {
  emu = await startHttpEmulator();
});
afterAll(async () => {
  await emu.close();
});

async function findTemplate(s: Awaited<ReturnType<typeof login>>): Promise<string> {
  const all = (await s.call('VM.get_all_records')) as Record<string, Rec>;
  const hit = Object.entries(all).find(
    ([, r]) => r['name_label'] === 'Debian Etch 4.0' && r['is_a_template'] === true,
  );
  expect(hit, 'template "Debian Etch 4.0"').toBeDefined();
  return hit![0];
}

describe('SDK guide flow, synchronous', () => {
  it('runs clone → provision → start → suspend → resume → shutdown with the records true at each step', async () => {
    const s = await login(emu);
    const template = await findTemplate(s);
    expect((await record(s, 'VM', template))['allowed_operations']).toEqual(
      expect.arrayContaining(['clone', 'copy', 'provision', 'export']),
    );
    expect((await record(s, 'VM', template))['allowed_operations']).not.toContain('start');

    const vm = (await s.call('VM.clone', [template, 'sdk flow'])) as string;
    let r = await record(s, 'VM', vm);
    expect(r).toMatchObject({
      name_label: 'sdk flow',
      is_a_template: true,
      is_default_template: false,
      power_state: 'Halted',
    });
    expect(r['other_config']).toMatchObject({ base_template_name: 'Debian Etch 4.0' });
    expect(r['other_config']).not.toHaveProperty('default_template');

    await pointDisksAtDefaultSr(s, vm);
    await s.call('VM.provision', [vm]);
    r = await record(s, 'VM', vm);
    expect(r['is_a_template']).toBe(false);
    expect(r['other_config']).not.toHaveProperty('disks');
    const vbds = r['VBDs'] as string[];
    expect(vbds).toHaveLength(1);
    const vbd = await record(s, 'VBD', vbds[0]!);
    expect(vbd).toMatchObject({
      VM: vm,
      userdevice: '0',
      bootable: true,
      mode: 'RW',
      type: 'Disk',
      currently_attached: false,
    });
    const vdi = await record(s, 'VDI', vbd['VDI'] as string);
    expect(vdi).toMatchObject({ name_label: '0', virtual_size: 8 * 1024 ** 3, type: 'system' });
    expect(r['allowed_operations']).toEqual(
      expect.arrayContaining(['start', 'start_on', 'clone', 'copy', 'snapshot', 'destroy']),
    );

    const before = Date.now();
    await s.call('VM.start', [vm, false, false]);
    r = await record(s, 'VM', vm);
    expect(r).toMatchObject({ power_state: 'Running', resident_on: emu.host.host, current_operations: {} });
    expect(r['domid']).toBeGreaterThan(0);
    expect(r['allowed_operations']).toEqual(
      expect.arrayContaining(['clean_shutdown', 'hard_shutdown', 'suspend', 'pause', 'clean_reboot']),
    );
    expect(r['allowed_operations']).not.toContain('start');
    const metrics = await record(s, 'VM_metrics', r['metrics'] as string);
    expect((metrics['start_time'] as Date).getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(metrics['memory_actual']).toBeGreaterThan(0);
    expect((await record(s, 'VBD', vbds[0]!))['currently_attached']).toBe(true);

    await s.call('VM.suspend', [vm]);
    r = await record(s, 'VM', vm);
    expect(r).toMatchObject({ power_state: 'Suspended', resident_on: NULL_REF, domid: -1 });
    expect(r['suspend_VDI']).not.toBe(NULL_REF);
    expect(r['allowed_operations']).toEqual(expect.arrayContaining(['resume', 'resume_on', 'hard_shutdown']));

    await s.call('VM.resume', [vm, false, false]);
    r = await record(s, 'VM', vm);
    expect(r).toMatchObject({ power_state: 'Running', resident_on: emu.host.host, suspend_VDI: NULL_REF });

    await s.call('VM.clean_shutdown', [vm]);
    r = await record(s, 'VM', vm);
    expect(r).toMatchObject({ power_state: 'Halted', resident_on: NULL_REF, domid: -1 });
    expect((await record(s, 'VBD', vbds[0]!))['currently_attached']).toBe(false);
    expect((await record(s, 'VM_metrics', r['metrics'] as string))['memory_actual']).toBe(0);

    const ref = s.ref;
    await s.logout();
    const again = await s.client.attempt('VM.get_record', [ref, vm]);
    expect(failure(again)).toEqual(['SESSION_INVALID', ref]);
  });
});

describe('SDK guide flow, Async with an event.from watcher', () => {
  it('sees the add of the clone, every power-state mod and each task complete', async () => {
    const s = await login(emu);
    const watcher = new EventWatcher(await login(emu), ['vm', 'task']);
    await watcher.start();
    try {
      const template = await findTemplate(s);
      const clone = await s.callAsync('VM.clone', [template, 'async flow']);
      expect(clone.outcome.ok).toBe(true);
      const vm = clone.outcome.ok ? (clone.outcome.value as string) : '';
      expect(clone.record).toMatchObject({ status: 'success', name_label: 'Async.VM.clone', progress: 1 });
      expect(clone.record?.['result']).toBe(`<value>${vm}</value>`);
      await watcher.waitFor(
        (e) => e.class === 'vm' && e.operation === 'add' && e.ref === vm,
        'add of the clone',
      );
      await watcher.waitFor(
        (e) => e.class === 'task' && e.ref === clone.task && snap(e)['status'] === 'success',
        'the clone task completing',
      );

      await pointDisksAtDefaultSr(s, vm);
      const steps: readonly [string, readonly unknown[], string][] = [
        ['VM.provision', [vm], 'Halted'],
        ['VM.start', [vm, false, false], 'Running'],
        ['VM.suspend', [vm], 'Suspended'],
        ['VM.resume', [vm, false, false], 'Running'],
        ['VM.clean_shutdown', [vm], 'Halted'],
      ];
      for (const [method, args, state] of steps) {
        const seenBefore = watcher.events.length;
        const res = await s.callAsync(method, args);
        expect(res.outcome, method).toEqual({ ok: true, value: '' });
        expect(res.record).toMatchObject({
          status: 'success',
          name_label: `Async.${method}`,
          result: '<value></value>',
        });
        const ev = await watcher.waitFor(
          (e) =>
            watcher.events.indexOf(e) >= seenBefore &&
            e.class === 'vm' &&
            e.operation === 'mod' &&
            e.ref === vm &&
            snap(e)['power_state'] === state &&
            (method !== 'VM.provision' || snap(e)['is_a_template'] === false) &&
            Object.keys(snap(e)['current_operations'] as object).length === 0,
          `${method}: mod with power_state ${state}`,
        );
        expect(snap(ev)['allowed_operations'], method).toEqual(
          expect.arrayContaining(
            state === 'Halted' ? ['start'] : state === 'Running' ? ['clean_shutdown'] : ['resume'],
          ),
        );
        await watcher.waitFor(
          (e) => e.class === 'task' && e.ref === res.task && snap(e)['status'] === 'success',
          `${method} task success`,
        );
      }
      expect(
        watcher.events.filter((e) => e.class === 'task' && e.operation === 'add').length,
      ).toBeGreaterThanOrEqual(6);
    } finally {
      await watcher.stop();
    }
    expect(watcher.error).toBeUndefined();
  });

  it('under realistic timing, the watcher sees pending tasks with rising progress and current_operations', async () => {
    const slow = await startHttpEmulator({ timing: quickRealistic(50, 60, { 'VM.start': 400 }) });
    try {
      const s = await login(slow);
      const watcher = new EventWatcher(await login(slow), ['vm', 'task']);
      await watcher.start();
      try {
        const template = (await s.call('VM.get_by_name_label', ['Debian Etch 4.0'])) as string[];
        const vm = (await s.call('VM.clone', [template[0], 'slow'])) as string;
        await pointDisksAtDefaultSr(s, vm);
        await s.call('VM.provision', [vm]);
        const task = (await s.call('Async.VM.start', [vm, false, false])) as string;
        const pending = await s.call('task.get_status', [task]);
        expect(pending).toBe('pending');
        const busy = await watcher.waitFor(
          (e) =>
            e.class === 'vm' &&
            e.ref === vm &&
            (snap(e)['current_operations'] as Record<string, string>)[task] === 'start',
          'current_operations holding {task: start}',
        );
        expect(snap(busy)['power_state']).toBe('Halted');
        expect(snap(busy)['allowed_operations']).not.toContain('start');
        await watcher.waitFor(
          (e) => e.class === 'vm' && e.ref === vm && snap(e)['power_state'] === 'Running',
          'Running',
        );
        await watcher.waitFor(
          (e) => e.class === 'task' && e.ref === task && snap(e)['status'] === 'success',
          'success',
        );
        const progress = watcher.events
          .filter((e) => e.class === 'task' && e.ref === task)
          .map((e) => snap(e)['progress'] as number);
        expect(progress.some((p) => p > 0 && p < 1)).toBe(true);
        for (let i = 1; i < progress.length; i++)
          expect(progress[i]).toBeGreaterThanOrEqual(progress[i - 1]!);
        expect(progress[progress.length - 1]).toBe(1);
      } finally {
        await watcher.stop();
      }
    } finally {
      await slow.close();
    }
  });
});
