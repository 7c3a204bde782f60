// The behaviour faults (src/emulator/faults.ts, issue 4 item 6): each makes the emulator diverge from
// xapi in one named way, so that the conformance suites can prove they catch it. Each test shows the
// divergence next to the clean behaviour.
import { afterEach, describe, expect, it } from 'vitest';
import type { Session } from '../../../src/client/index.ts';
import type { Emulator } from '../../../src/emulator/index.ts';
import { byName, failure, login, makeVm, record, sleep, startHttpEmulator } from './helpers.ts';

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

/** An emulator with these faults (none: the clean behaviour) and a root session on it. */
async function emulatorWith(...faults: string[]): Promise<{ emu: Emulator; s: Session }> {
  emu = await startHttpEmulator({ faults });
  return { emu, s: await login(emu) };
}

/** A halted VM and the answer to suspending it: xapi says VM_BAD_POWER_STATE [vm; running; halted]. */
async function suspendHalted(s: Session): Promise<{ vm: string; answer: readonly string[] }> {
  const vm = await makeVm(s);
  return { vm, answer: failure(await s.attempt('VM.suspend', [vm])) };
}

describe('behaviour faults', () => {
  it('start-template: VM.start succeeds on a template', async () => {
    const { s } = await emulatorWith('start-template');
    const t = await byName(s, 'VM', 'Other install media');
    const clone = (await s.call('VM.clone', [t, 'template clone'])) as string;
    expect(await s.call('VM.get_is_a_template', [clone])).toBe(true);
    await s.call('VM.start', [clone, false, false]);
    expect(await s.call('VM.get_power_state', [clone])).toBe('Running');
  });

  it('wrong-error-code: VM_BAD_POWER_STATE comes back as OPERATION_NOT_ALLOWED', async () => {
    const { s } = await emulatorWith('wrong-error-code');
    const { answer } = await suspendHalted(s);
    expect(answer[0]).toBe('OPERATION_NOT_ALLOWED');
  });

  it('wrong-error-params: VM_BAD_POWER_STATE with expected and actual swapped', async () => {
    const { s } = await emulatorWith('wrong-error-params');
    const { vm, answer } = await suspendHalted(s);
    expect(answer).toEqual(['VM_BAD_POWER_STATE', vm, 'halted', 'running']);
  });

  it('stale-allowed-operations: allowed_operations still describes the old power state', async () => {
    const { s } = await emulatorWith('stale-allowed-operations');
    const vm = await makeVm(s);
    const halted = (await record(s, 'VM', vm))['allowed_operations'];
    await s.call('VM.start', [vm, false, false]);
    const r = await record(s, 'VM', vm);
    expect(r['power_state']).toBe('Running');
    expect(r['allowed_operations']).toEqual(halted);
    expect(r['allowed_operations']).toContain('start');
  });

  it('suspend-wrong-state: VM.suspend leaves the VM Halted', async () => {
    const { s } = await emulatorWith('suspend-wrong-state');
    const vm = await makeVm(s);
    await s.call('VM.start', [vm, false, false]);
    await s.call('VM.suspend', [vm]);
    expect(await s.call('VM.get_power_state', [vm])).toBe('Halted');
  });

  it('task-stuck-pending: Async tasks never leave pending although the work is done', async () => {
    const { s } = await emulatorWith('task-stuck-pending');
    const vm = await makeVm(s);
    const task = (await s.call('Async.VM.start', [vm, false, false])) as string;
    const deadline = Date.now() + 2000;
    while ((await s.call('VM.get_power_state', [vm])) !== 'Running' && Date.now() < deadline) await sleep(10);
    await sleep(50);
    expect(await s.call('VM.get_power_state', [vm])).toBe('Running');
    expect(await record(s, 'task', task)).toMatchObject({ status: 'pending', result: '' });
  });

  it('missing-mod-event: a power-state change produces no mod event', async () => {
    const { emu: e, s } = await emulatorWith('missing-mod-event');
    const vm = await makeVm(s);
    const token = (await s.eventFrom(['vm'], '', 0)).token;
    await s.call('VM.start', [vm, false, false]);
    const b = await s.eventFrom(['vm'], token, 0.2);
    expect(b.events.filter((x) => x.ref === vm && x.operation === 'mod')).toEqual([]);
    // Other changes still produce theirs.
    await s.call('VM.set_name_description', [e.host.controlDomain, 'still reported']);
    const b2 = await s.eventFrom(['vm'], b.token, 1);
    expect(b2.events.map((x) => x.ref)).toContain(e.host.controlDomain);
  });

  it('without faults the same calls behave as xapi does', async () => {
    const { s } = await emulatorWith();
    const { vm, answer } = await suspendHalted(s);
    expect(answer).toEqual(['VM_BAD_POWER_STATE', vm, 'running', 'halted']);
    const token = (await s.eventFrom(['vm'], '', 0)).token;
    await s.call('VM.start', [vm, false, false]);
    const b = await s.eventFrom(['vm'], token, 0);
    expect(b.events.filter((x) => x.ref === vm && x.operation === 'mod')).toHaveLength(1);
    expect((await record(s, 'VM', vm))['allowed_operations']).not.toContain('start');
  });
});
