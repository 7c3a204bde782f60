// Two emulators in one process serve independent data (issue 13): sessions, objects, faults, tasks,
// timing and events belong to the emulator that createEmulator built, never to the process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.ts';
import type { Session } from '../../src/client/index.ts';
import { clientOf, rootSession, startEmulator } from './fixture.ts';

let a: Emulator;
let b: Emulator;
let sa: Session;
let sb: Session;

beforeAll(async () => {
  // Different faults and timing: anything shared through the process would leak from one to the other.
  a = await startEmulator({ listen: false, faults: ['logout-noop'], timing: { defaultMs: 60_000 } });
  b = await startEmulator({ listen: false });
  sa = await rootSession(a);
  sb = await rootSession(b);
});

afterAll(async () => {
  await a.close();
  await b.close();
});

async function template(s: Session): Promise<string> {
  return ((await s.call('VM.get_by_name_label', ['Debian Bookworm 12'])) as string[])[0]!;
}

describe('two emulators in one process', () => {
  it('have their own sessions', async () => {
    expect(a.host.host).not.toBe(b.host.host);
    const other = await clientOf(b).attempt('session.get_uuid', [sa.ref, sa.ref]);
    expect(other.ok ? 'ok' : [other.code, ...other.params]).toEqual(['SESSION_INVALID', sa.ref]);
  });

  it('have their own objects', async () => {
    const vm = (await sa.call('VM.clone', [await template(sa), 'only on a'])) as string;
    expect(await sa.call('VM.get_name_label', [vm])).toBe('only on a');
    const onB = await sb.attempt('VM.get_name_label', [vm]);
    expect(onB.ok ? 'ok' : onB.code).toBe('HANDLE_INVALID');
    expect(await sb.call('VM.get_by_name_label', ['only on a'])).toEqual([]);
  });

  it('have their own faults', async () => {
    // logout-noop on a: the session stays valid after logout; on b logout ends it.
    const la = await rootSession(a);
    await la.call('session.logout');
    expect((await la.attempt('session.get_uuid', [la.ref])).ok).toBe(true);
    const lb = await rootSession(b);
    await lb.call('session.logout');
    const after = await lb.attempt('session.get_uuid', [lb.ref]);
    expect(after.ok ? 'ok' : after.code).toBe('SESSION_INVALID');
  });

  it('run their tasks with their own timing, in their own task tables', async () => {
    const ta = (await sa.call('Async.VM.clone', [await template(sa), 'async on a'])) as string;
    const tb = (await sb.call('Async.VM.clone', [await template(sb), 'async on b'])) as string;
    // b's timing is instant: its task ends at once; a's work takes a minute (closing a cancels it).
    let status = 'pending';
    for (let i = 0; i < 200 && status === 'pending'; i++) {
      await new Promise((r) => setTimeout(r, 10));
      status = (await sb.call('task.get_status', [tb])) as string;
    }
    expect(status).toBe('success');
    expect(await sa.call('task.get_status', [ta])).toBe('pending');
    const gone = await sb.attempt('task.get_status', [ta]);
    expect(gone.ok ? 'ok' : gone.code).toBe('HANDLE_INVALID');
    expect(await sb.call('VM.get_by_name_label', ['async on a'])).toEqual([]);
  });

  it('have their own event streams', async () => {
    const token = ((await sb.call('event.from', [['vm'], '', 0])) as { token: string }).token;
    await sa.call('VM.clone', [await template(sa), 'event on a']);
    const batch = (await sb.call('event.from', [['vm'], token, 0.05])) as { events: unknown[] };
    expect(batch.events).toEqual([]);
    const vm = (await sb.call('VM.clone', [await template(sb), 'event on b'])) as string;
    const seen = (await sb.call('event.from', [['vm'], token, 1])) as {
      events: { ref: string; operation: string }[];
    };
    expect(seen.events.some((e) => e.ref === vm && e.operation === 'add')).toBe(true);
  });
});
