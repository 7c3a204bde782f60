// Events (SEMANTICS.md §6; xen-api ocaml/xapi/xapi_event.ml): event.from tokens, subscriptions,
// coalescing into add/mod/del, valid_ref_counts, early return on a change and an empty batch only on
// timeout, parse failures, wake-up with SESSION_INVALID on logout; event.register/next/unregister with
// SESSION_NOT_REGISTERED and EVENTS_LOST; event.inject and get_current_id.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../../src/client/index.ts';
import type { Emulator } from '../../../src/emulator/index.ts';
import { createHash } from 'node:crypto';
import { failure, login, makeVm, record, type Rec, startAndLogin } from './helpers.ts';

let emu: Emulator;
let s: Session;
beforeAll(async () => ({ emu, s } = await startAndLogin()));
afterAll(() => emu.close());

async function now(subs: readonly string[]): Promise<string> {
  return (await s.eventFrom(subs, '', 0)).token;
}

describe('event.from', () => {
  it('"" gives every object as add, with a token of two 20-digit generations and valid_ref_counts', async () => {
    const b = await s.eventFrom(['vm'], '', 0);
    expect(b.token).toMatch(/^\d{20},\d{20}$/);
    const vms = (await s.call('VM.get_all')) as string[];
    expect(b.events.map((e) => e.ref).sort()).toEqual([...vms].sort());
    expect(new Set(b.events.map((e) => e.operation))).toEqual(new Set(['add']));
    expect(b.events.every((e) => e.class === 'vm' && e.timestamp === '0.0' && /^\d+$/.test(e.id))).toBe(true);
    expect(b.valid_ref_counts['vm']).toBe(vms.length);
    expect(b.valid_ref_counts['session']).toBeGreaterThanOrEqual(1);
    expect(b.valid_ref_counts).not.toHaveProperty('VM');
  });

  it('coalesces per object: add once for created+modified, mod for modified, del only for what existed, nothing for created+deleted', async () => {
    const existing = await makeVm(s, 'existing');
    const doomed = await makeVm(s, 'doomed');
    const token = await now(['vm']);
    const created = (await s.call('VM.clone', [existing, 'created'])) as string;
    await s.call('VM.set_name_description', [created, 'then modified']);
    await s.call('VM.set_name_description', [existing, 'modified']);
    await s.call('VM.set_name_description', [existing, 'modified twice']);
    await s.call('VM.destroy', [doomed]);
    const ephemeral = (await s.call('VM.clone', [existing, 'ephemeral'])) as string;
    await s.call('VM.destroy', [ephemeral]);
    const b = await s.eventFrom(['vm'], token, 0);
    const byRef = new Map<string, string[]>();
    for (const e of b.events) byRef.set(e.ref, [...(byRef.get(e.ref) ?? []), e.operation]);
    expect(byRef.get(created)).toEqual(['add']);
    expect(byRef.get(existing)).toEqual(['mod']);
    expect(byRef.get(doomed)).toEqual(['del']);
    expect(byRef.has(ephemeral)).toBe(false);
    const add = b.events.find((e) => e.ref === created)!;
    expect((add.snapshot as Rec)['name_description']).toBe('then modified');
    const del = b.events.find((e) => e.ref === doomed)!;
    expect(del.snapshot).toBeUndefined();
    // The new token is past all of it.
    expect((await s.eventFrom(['vm'], b.token, 0)).events).toEqual([]);
  });

  it('class/ref subscriptions see only that object; class names are case-insensitive', async () => {
    const a = await makeVm(s, 'a');
    const other = await makeVm(s, 'b');
    const token = await now(['vm']);
    await s.call('VM.set_name_description', [a, 'x']);
    await s.call('VM.set_name_description', [other, 'y']);
    const b = await s.eventFrom([`VM/${a}`], token, 0);
    expect(b.events.map((e) => [e.class, e.ref, e.operation])).toEqual([['vm', a, 'mod']]);
    const all = await s.eventFrom(['*'], token, 0);
    expect(
      all.events
        .filter((e) => e.class === 'vm')
        .map((e) => e.ref)
        .sort(),
    ).toEqual([a, other].sort());
  });

  it('blocks until a change, then returns early; an empty batch only when the timeout expires', async () => {
    const vm = await makeVm(s, 'block');
    const token = await now(['vm']);
    const t0 = Date.now();
    const empty = await s.eventFrom(['vm'], token, 0.3);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(280);
    expect(empty.events).toEqual([]);
    expect(empty.token).toBe(token);

    const t1 = Date.now();
    const pending = s.eventFrom(['vm'], token, 20);
    setTimeout(() => void s.call('VM.set_name_description', [vm, 'wake up']), 100);
    const b = await pending;
    expect(Date.now() - t1).toBeLessThan(5000);
    expect(b.events.map((e) => e.ref)).toEqual([vm]);
  });

  it('changes to classes outside the subscription do not wake the call', async () => {
    const token = await now(['pool']);
    const pending = s.eventFrom(['pool'], token, 0.4);
    await s.call('VM.set_name_description', [emu.host.controlDomain, 'not a pool change']);
    const b = await pending;
    expect(b.events).toEqual([]);
  });

  it('parse failures: EVENT_FROM_TOKEN_PARSE_FAILURE [token]', async () => {
    for (const bad of ['nonsense', '1', '1,2,3', 'a,b']) {
      expect(failure(await s.attempt('event.from', [['vm'], bad, 0]))).toEqual([
        'EVENT_FROM_TOKEN_PARSE_FAILURE',
        bad,
      ]);
    }
  });

  it('a blocked call is woken with SESSION_INVALID when its session logs out', async () => {
    const other = await login(emu);
    const token = (await other.eventFrom(['vm'], '', 0)).token;
    const pending = other.attempt('event.from', [['vm'], token, 30]);
    setTimeout(() => void other.client.call('session.logout', [other.ref]), 100);
    const t0 = Date.now();
    expect(failure(await pending)).toEqual(['SESSION_INVALID', other.ref]);
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('event.inject touches the object and answers the token just before', async () => {
    const vm = await makeVm(s, 'inject');
    const token = (await s.call('event.inject', ['VM', vm])) as string;
    expect(token).toMatch(/^\d{20},\d{20}$/);
    const b = await s.eventFrom(['vm'], token, 0);
    expect(b.events.map((e) => [e.ref, e.operation])).toContainEqual([vm, 'mod']);
    expect(failure(await s.attempt('event.inject', ['SR', vm]))).toEqual(['HANDLE_INVALID', 'SR', vm]);
  });

  it('JSON-RPC clients get the same batch', async () => {
    const j = await login(emu, 'jsonrpc');
    const b = await j.eventFrom(['vm'], '', 0);
    expect(b.events.length).toBe(((await s.call('VM.get_all')) as string[]).length);
    expect(b.valid_ref_counts['vm']).toBe(b.events.length);
  });
});

describe('event.register / next / unregister', () => {
  it('SESSION_NOT_REGISTERED [trackid] before register', async () => {
    const other = await login(emu);
    const trackid = 'trackid=' + createHash('md5').update(other.ref).digest('hex');
    expect(failure(await other.attempt('event.next', []))).toEqual(['SESSION_NOT_REGISTERED', trackid]);
  });

  it('next returns the events since the last call, in order, with snapshots', async () => {
    const other = await login(emu);
    await other.call('event.register', [['vm']]);
    const id0 = (await other.call('event.get_current_id')) as number;
    const vm = await makeVm(s, 'next');
    // Raw call: xapi sends event.next timestamps as strings (string_of_float), not the declared datetime.
    const next = async (): Promise<Rec[]> =>
      (await other.client.callWire('event.next', [other.ref])) as unknown as Rec[];
    const events = await next();
    expect(events.length).toBeGreaterThan(0);
    expect(events.some((e) => e['ref'] === vm && e['operation'] === 'add')).toBe(true);
    expect(events.every((e) => e['class'] === 'vm')).toBe(true);
    expect((await other.call('event.get_current_id')) as number).toBeGreaterThan(id0);
    // Blocks for the next change.
    const pending = next();
    setTimeout(() => void s.call('VM.set_name_label', [vm, 'renamed']), 50);
    const more = await pending;
    expect(more[0]!['timestamp']).toMatch(/^\d+\.\d*$/);
    expect(more.map((e) => [e['ref'], e['operation']])).toEqual([[vm, 'mod']]);
    expect((more[0]!['snapshot'] as Rec)['name_label']).toBe('renamed');
    await other.call('event.unregister', [['vm']]);
  });

  it('a blocked next is woken with SESSION_INVALID on logout', async () => {
    const other = await login(emu);
    await other.call('event.register', [['pool']]);
    const pending = other.attempt('event.next', []);
    setTimeout(() => void other.client.call('session.logout', [other.ref]), 50);
    expect(failure(await pending)).toEqual(['SESSION_INVALID', other.ref]);
  });
});

describe('equal writes', () => {
  it('xapi write_field_locked: setting a field to its current value is no change (no mod event, no new token)', async () => {
    const vm = await makeVm(s, 'equal write');
    await s.call('VM.set_name_description', [vm, 'same']);
    const token = await now([`vm/${vm}`]);
    await s.call('VM.set_name_label', [vm, 'equal write']);
    await s.call('VM.set_name_description', [vm, 'same']);
    await s.call('VM.set_other_config', [vm, (await record(s, 'VM', vm))['other_config']!]);
    const b = await s.eventFrom([`vm/${vm}`], token, 0.05);
    expect(b.events).toEqual([]);
    // An operation through with_vm_operation writes current_operations, so it is a change.
    await s.call('VM.start', [vm, false, false]);
    const after = await s.eventFrom([`vm/${vm}`], token, 0);
    expect(after.events.map((e) => e.operation)).toContain('mod');
  });
});

describe('EVENTS_LOST', () => {
  it('when more events than the queue holds (10,000) arrived since the last next', async () => {
    const a = await login(emu);
    await a.call('event.register', [['vm']]);
    const vm = emu.host.controlDomain;
    await a.call('event.inject', ['VM', vm]);
    expect(((await a.client.callWire('event.next', [a.ref])) as unknown as Rec[]).length).toBe(1);
    // 10,001 changes made straight in the emulator's database: one committed group.
    for (let i = 0; i < 10_001; i++) emu.db.touch('VM', vm);
    await emu.db.commit();
    expect(failure(await a.attempt('event.next', []))).toEqual(['EVENTS_LOST']);
    // The subscription carries on from there.
    await a.call('event.inject', ['VM', vm]);
    expect(((await a.client.callWire('event.next', [a.ref])) as unknown as Rec[]).length).toBe(1);
  });
});

describe('record snapshots in events are complete records', () => {
  it('has the VM record fields', async () => {
    const vm = await makeVm(s, 'snapshot fields');
    const token = await now(['vm']);
    await s.call('VM.set_name_description', [vm, 'z']);
    const e = (await s.eventFrom([`vm/${vm}`], token, 0)).events[0]!;
    const r = await record(s, 'VM', vm);
    expect(Object.keys(e.snapshot as Rec).sort()).toEqual(Object.keys(r).sort());
  });
});
