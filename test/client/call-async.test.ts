// callAsync / awaitTask against the real emulator: Async.* → task → wait (event.from or polling) →
// task.result decoded (SEMANTICS.md §5). Nothing here skips itself: a feature missing from the emulator fails.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator } from '../../src/emulator/index.ts';
import type { Emulator } from '../../src/emulator/index.ts';
import { TaskTimeoutError } from '../../src/xapi/harness-errors.ts';
import { inProcessTransport } from '../../src/client/in-process-transport.ts';
import { httpTransport } from '../../src/client/http-transport.ts';
import type { Session } from '../../src/client/session.ts';
import { loggingTransport } from './call-log.ts';
import { XapiClient } from '../../src/client/xapi-client.ts';

let emu: Emulator;
let client: XapiClient;
let session: Session;
let asyncServed = false;
let eventsServed = false;
let taskSettersServed = false;
let taskDestroyServed = false;

/** The endpoint does not serve the call (xapi: MESSAGE_METHOD_UNKNOWN; the emulator: NOT_IMPLEMENTED). */
function served(o: { ok: boolean; code?: string }): boolean {
  return o.ok || (o.code !== 'MESSAGE_METHOD_UNKNOWN' && o.code !== 'NOT_IMPLEMENTED');
}

const NETWORK = {
  name_label: 'xapi-harness callAsync test',
  name_description: '',
  MTU: 1500,
  other_config: {},
  tags: [],
};

beforeAll(async () => {
  emu = await createEmulator({ port: 0, dbPath: ':memory:', authFailureDelayMs: 0 });
  client = new XapiClient({ transport: inProcessTransport(emu.handle) });
  session = await client.login(emu.user, emu.password);
  // Feature probes: each test below asserts the probe it needs (a missing feature fails, never skips).
  const probe = await session.attempt('Async.network.create', [NETWORK]);
  asyncServed = served(probe);
  if (probe.ok && typeof probe.value === 'string') {
    const done = await session.awaitTask(probe.value, { via: 'poll', timeoutMs: 5000, destroyTask: false });
    taskDestroyServed = served(await session.attempt('task.destroy', [probe.value]));
    if (done.outcome.ok) await session.attempt('network.destroy', [done.outcome.value]);
  }
  eventsServed = served(await session.attempt('event.from', [['pool'], '', 0]));
  const t = await session.attempt('task.create', ['probe', '']);
  if (t.ok) {
    taskSettersServed = (await session.attempt('task.set_status', [t.value, 'pending'])).ok;
    await session.attempt('task.destroy', [t.value]);
  }
});

afterAll(async () => {
  await session?.logout();
  await emu?.close();
});

// Our own emulator serves everything these tests probe for: a probe turning false is a regression.
it('the emulator serves everything these tests probe for', () => {
  expect({ asyncServed, eventsServed, taskSettersServed, taskDestroyServed }).toEqual({
    asyncServed: true,
    eventsServed: true,
    taskSettersServed: true,
    taskDestroyServed: true,
  });
});

describe('callAsync', () => {
  for (const via of ['event', 'poll'] as const) {
    it(`runs Async.network.create/destroy and decodes the results (via ${via})`, async () => {
      expect(asyncServed).toBe(true);
      if (via === 'event') expect(eventsServed).toBe(true);
      const created = await session.callAsync('network.create', [NETWORK], { via, timeoutMs: 10_000 });
      expect(created.task).toMatch(/^OpaqueRef:/);
      expect(created.outcome.ok).toBe(true);
      const net = created.outcome.ok ? created.outcome.value : '';
      expect(net).toMatch(/^OpaqueRef:/);
      expect(await session.call('network.get_name_label', [net])).toBe(NETWORK.name_label);
      expect(created.record?.['status']).toBe('success');
      // The task is destroyed by default (when the endpoint serves task.destroy).
      if (taskDestroyServed) {
        expect(await session.attempt('task.get_status', [created.task])).toMatchObject({
          ok: false,
          code: 'HANDLE_INVALID',
        });
      }
      const destroyed = await session.callAsync('network.destroy', [net], {
        via,
        destroyTask: false,
        timeoutMs: 10_000,
      });
      // void result: <value></value> decodes to "" (SEMANTICS.md §5).
      expect(destroyed.outcome).toEqual({ ok: true, value: '' });
      expect(await session.call('task.get_status', [destroyed.task])).toBe('success');
      if (taskDestroyServed) await session.call('task.destroy', [destroyed.task]);
    });
  }

  it('returns a failure of the task, or of the call before a task exists, as an outcome', async () => {
    expect(asyncServed).toBe(true);
    const missing = 'OpaqueRef:00000000-0000-0000-0000-000000000000';
    const r = await session.callAsync('network.destroy', [missing], { via: 'poll', timeoutMs: 10_000 });
    expect(r.outcome).toEqual({ ok: false, code: 'HANDLE_INVALID', params: ['network', missing] });
    // The same through XapiClient.callAsync with a bare session ref.
    const viaClient = await client.callAsync(session.ref, 'network.destroy', [missing], {
      via: 'poll',
    });
    expect(viaClient.outcome).toEqual(r.outcome);
    const arity = await session.callAsync('network.destroy', [], { via: 'poll' });
    expect(arity.task).toBeUndefined();
    expect(arity.outcome).toMatchObject({ ok: false, code: 'MESSAGE_PARAMETER_COUNT_MISMATCH' });
  });
});

describe('awaitTask on a task driven by hand (task.create + setters)', () => {
  for (const via of ['event', 'poll'] as const) {
    it(`sees success, failure and cancelled (via ${via})`, async () => {
      expect(taskSettersServed).toBe(true);
      if (via === 'event') expect(eventsServed).toBe(true);
      const finish = async (fields: Record<string, unknown>): Promise<string> => {
        const task = (await session.call('task.create', ['by hand', ''])) as string;
        setTimeout(() => {
          void (async () => {
            if (fields['result'] !== undefined)
              await session.call('task.set_result', [task, fields['result']]);
            if (fields['error_info'] !== undefined)
              await session.call('task.set_error_info', [task, fields['error_info']]);
            await session.call('task.set_status', [task, fields['status']]);
          })();
        }, 30);
        return task;
      };
      const ok = await session.awaitTask(
        await finish({ status: 'success', result: '<value>OpaqueRef:abc</value>' }),
        {
          via,
          timeoutMs: 5000,
          pollMs: 10,
        },
      );
      expect(ok.outcome).toEqual({ ok: true, value: 'OpaqueRef:abc' });
      const typed = await session.awaitTask(
        await finish({ status: 'success', result: '<value>42</value>' }),
        {
          via,
          method: 'host.get_API_version_major',
          timeoutMs: 5000,
          pollMs: 10,
        },
      );
      expect(typed.outcome).toEqual({ ok: true, value: 42 });
      const failed = await session.awaitTask(
        await finish({
          status: 'failure',
          error_info: ['VM_BAD_POWER_STATE', 'OpaqueRef:vm', 'halted', 'running'],
        }),
        { via, timeoutMs: 5000, pollMs: 10 },
      );
      expect(failed.outcome).toEqual({
        ok: false,
        code: 'VM_BAD_POWER_STATE',
        params: ['OpaqueRef:vm', 'halted', 'running'],
      });
      const cancelled = await session.awaitTask(await finish({ status: 'cancelled' }), {
        via,
        timeoutMs: 5000,
        pollMs: 10,
      });
      expect(cancelled.outcome).toMatchObject({ ok: false, code: 'TASK_CANCELLED' });
    });

    it(`gives up with TaskTimeoutError on a task that stays pending (via ${via})`, async () => {
      expect(taskSettersServed).toBe(true);
      if (via === 'event') expect(eventsServed).toBe(true);
      const task = (await session.call('task.create', ['stuck', ''])) as string;
      const t0 = performance.now();
      const e = await session.awaitTask(task, { via, timeoutMs: 300, pollMs: 20 }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(TaskTimeoutError);
      expect(e).toMatchObject({ task, timeoutMs: 300, lastStatus: 'pending' });
      expect(performance.now() - t0).toBeLessThan(3000);
      await session.call('task.destroy', [task]);
    });
  }
});

describe('eventFrom', () => {
  it('returns a decoded batch over HTTP, and a token that only sees later changes', async () => {
    expect(eventsServed).toBe(true);
    const client = new XapiClient({ transport: httpTransport(emu.url), protocol: 'jsonrpc' });
    const s = await client.login(emu.user, emu.password);
    try {
      const first = await s.eventFrom(['pool'], '', 1);
      expect(first.token).not.toBe('');
      const pools = first.events.filter((e) => e.class === 'pool');
      expect(pools.length).toBe(1);
      expect(typeof (pools[0]?.snapshot as Record<string, unknown>)['uuid']).toBe('string');
      expect(typeof first.valid_ref_counts['pool']).toBe('number');
      const [pool] = (await s.call('pool.get_all')) as string[];
      await s.call('pool.add_to_other_config', [pool, 'xapi-harness-event-test', '1']);
      const next = await s.eventFrom(['pool'], first.token, 5);
      expect(next.events.map((e) => [e.class, e.operation, e.ref])).toContainEqual(['pool', 'mod', pool]);
      await s.call('pool.remove_from_other_config', [pool, 'xapi-harness-event-test']);
    } finally {
      await s.logout();
      await client.close();
    }
  });
});

describe('callAsync deadline (emulator fault task-stuck-pending)', () => {
  for (const via of ['event', 'poll'] as const) {
    it(`throws TaskTimeoutError on time and cancels the task when asked (via ${via})`, async () => {
      const stuck = await createEmulator({
        listen: false,
        authFailureDelayMs: 0,
        faults: ['task-stuck-pending'],
      });
      const logged = loggingTransport(inProcessTransport(stuck.handle));
      try {
        const s = await new XapiClient({ transport: logged.transport }).login(stuck.user, stuck.password);
        const t0 = performance.now();
        const e = await s
          .callAsync('network.create', [NETWORK], { via, timeoutMs: 300, pollMs: 20, cancelOnTimeout: true })
          .catch((x: unknown) => x);
        // The behaviour under test: a missing TaskTimeoutError is a failure, never a skip.
        expect(e).toBeInstanceOf(TaskTimeoutError);
        expect(performance.now() - t0).toBeLessThan(3000);
        expect(e).toMatchObject({ timeoutMs: 300, lastStatus: 'pending' });
        expect((e as TaskTimeoutError).message).toMatch(
          /network\.create: task OpaqueRef:.* still pending after 300 ms/,
        );
        expect(logged.calls.map((c) => c.method)).toContain('task.cancel');
      } finally {
        await stuck.close();
      }
    });
  }
});

describe('callAsync on VM lifecycle messages', () => {
  it('clones a template (result decoded as a VM ref) and reports VM_IS_TEMPLATE from the task', async () => {
    expect([asyncServed, eventsServed]).toEqual([true, true]);
    const logged = loggingTransport(httpTransport(emu.url));
    const client = new XapiClient({ transport: logged.transport });
    const s = await client.login(emu.user, emu.password);
    try {
      const records = (await s.call('VM.get_all_records')) as Record<string, Record<string, unknown>>;
      const template = Object.entries(records).find(([, r]) => r['is_a_template'] === true)?.[0];
      expect(template, 'the emulator has default templates').toBeDefined();
      const cloned = await s.callAsync('VM.clone', [template, 'xapi-harness client test'], {
        timeoutMs: 10_000,
      });
      expect(cloned.outcome.ok).toBe(true);
      const vm = cloned.outcome.ok ? (cloned.outcome.value as string) : '';
      expect(vm).toMatch(/^OpaqueRef:/);
      expect(await s.call('VM.get_name_label', [vm])).toBe('xapi-harness client test');
      // A clone of a template is a template (SEMANTICS.md §4): starting it fails inside the task.
      const started = await s.callAsync('VM.start', [vm, false, false], { timeoutMs: 10_000 });
      expect(started.task).toMatch(/^OpaqueRef:/);
      expect(started.outcome).toEqual({ ok: false, code: 'VM_IS_TEMPLATE', params: [vm, 'start'] });
      const destroyed = await s.callAsync('VM.destroy', [vm], { timeoutMs: 10_000 });
      expect(destroyed.outcome).toEqual({ ok: true, value: '' });
      // The default wait is event.from on the task, not polling.
      const methods = logged.calls.map((c) => c.method);
      expect(methods).toContain('event.from');
      expect(methods).not.toContain('task.get_status');
      expect(methods.filter((m) => m === 'task.destroy')).toHaveLength(3);
    } finally {
      await s.logout();
      await client.close();
    }
  });
});
