// Deterministic reproductions of the non-linearizable interleavings the random suite found
// (lifecycle-linearizable.test.ts). An operation that hard_shutdown does not cancel (resume, unpause,
// start) is still running when a hard_shutdown of the same VM is accepted. Both are acknowledged. The
// only sequential order that explains two successes is "resume (Suspended → Running), then
// hard_shutdown (→ Halted)", because resume needs Suspended and hard_shutdown leaves Halted. So the VM
// must end Halted. xapi gets this order from xenopsd, which runs one operation per VM at a time
// (its per-VM queue), so the later hard_shutdown runs after the resume. A VM that ends Running has
// applied the resume after the hard_shutdown: an acknowledged hard_shutdown was lost.
// Second: calls queued behind a conflicting operation must re-check the power state when they run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpTransport, XapiClient, type Session } from '../../src/client/index.ts';
import { createEmulator, type Emulator } from '../../src/emulator/index.ts';
import { constructorRecord } from '../robustness/constructor-record.ts';

let emu: Emulator;
let client: XapiClient;
let s: Session;

beforeAll(async () => {
  emu = await createEmulator({
    port: 0,
    authFailureDelayMs: 0,
    timing: {
      name: 'realistic',
      defaultMs: 5,
      otherOperationRetryMs: 0,
      durations: {
        'VM.resume': 120,
        'VM.unpause': 120,
        'VM.hard_shutdown': 10,
        'VM.suspend': 5,
        'VM.start': 5,
        'VM.pause': 5,
      },
    },
  });
  client = new XapiClient({ transport: httpTransport(emu.url) });
  s = await client.login(emu.user, emu.password);
});
afterAll(async () => {
  await client.close();
  await emu.close();
});

async function vmIn(state: 'Suspended' | 'Paused'): Promise<string> {
  const vm = await s.call('VM.create', [constructorRecord('VM', { name_label: `overlap-${state}` })]);
  if (typeof vm !== 'string') throw new Error('VM.create');
  await s.call('VM.start', [vm, false, false]);
  await s.call(state === 'Suspended' ? 'VM.suspend' : 'VM.pause', [vm]);
  return vm;
}

describe('hard_shutdown accepted while another operation runs', () => {
  for (const [op, from, args] of [
    ['VM.resume', 'Suspended', [false, false]],
    ['VM.unpause', 'Paused', []],
  ] as const) {
    it(`${op} then an overlapping hard_shutdown, both acknowledged: the VM ends Halted`, async () => {
      const vm = await vmIn(from);
      const first = s.attempt(op, [vm, ...args]);
      await new Promise((r) => setTimeout(r, 30)); // the first operation is now running
      const second = await s.attempt('VM.hard_shutdown', [vm]);
      const a = await first;
      const end = await s.call('VM.get_power_state', [vm]);
      if (a.ok && second.ok) expect(end, `${op} and hard_shutdown both succeeded`).toBe('Halted');
      else {
        // Serialising the other way (hard_shutdown refused or the first op cancelled) is fine too, as
        // long as the end state matches what was acknowledged.
        const expected = second.ok ? 'Halted' : a.ok ? 'Running' : from;
        expect(end).toBe(expected);
      }
    });
  }
});

describe('calls waiting for a conflicting operation (the internal retry, SEMANTICS.md §4)', () => {
  it('pause and two suspends queued behind a clean_reboot: at most one of pause/suspend can succeed', async () => {
    // Running VM; clean_reboot runs; pause, suspend, suspend arrive and wait for it. After the reboot
    // the VM is Running: whichever goes first wins; the others must then fail their power-state check
    // (pause → Paused makes suspend impossible; suspend → Suspended makes pause and suspend impossible).
    const retrying = await createEmulator({
      port: 0,
      authFailureDelayMs: 0,
      timing: {
        name: 'realistic',
        defaultMs: 5,
        durations: { 'VM.clean_reboot': 60, 'VM.pause': 30, 'VM.suspend': 60, 'VM.start': 5 },
      },
    });
    const c = new XapiClient({ transport: httpTransport(retrying.url) });
    try {
      const a = await c.login(retrying.user, retrying.password);
      const vm = await a.call('VM.create', [constructorRecord('VM', { name_label: 'queued' })]);
      if (typeof vm !== 'string') throw new Error('VM.create');
      await a.call('VM.start', [vm, false, false]);
      const later = (ms: number, op: string) =>
        new Promise((r) => setTimeout(r, ms)).then(() => a.attempt(op, [vm]));
      const [reboot, pause, s1, s2] = await Promise.all([
        later(0, 'VM.clean_reboot'),
        later(5, 'VM.pause'),
        later(10, 'VM.suspend'),
        later(12, 'VM.suspend'),
      ]);
      expect(reboot.ok).toBe(true);
      const winners = [pause, s1, s2].filter((o) => o.ok).length;
      expect(winners, JSON.stringify([pause, s1, s2])).toBe(1);
      const end = await a.call('VM.get_power_state', [vm]);
      expect(end).toBe(pause.ok ? 'Paused' : 'Suspended');
    } finally {
      await c.close();
      await retrying.close();
    }
  });
});
