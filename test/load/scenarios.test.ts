// The built-in scenarios, briefly, against the real emulator in-process (no sockets, no mocks). Each asserts
// what the emulator serves today and stays true as more of xapi is emulated: e.g. lifecycle-mix must leave
// no tagged VM behind whether or not VM.clone succeeds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator } from '../../src/emulator/index.ts';
import type { Emulator } from '../../src/emulator/index.ts';
import { runLoad } from '../../src/load/run-load.ts';
import type { LoadDefinition, RunParams } from '../../src/load/index.ts';
import { scenario as dispatchPath } from '../../scenarios/dispatch-path.scenario.ts';
import { scenario as sessionStorm } from '../../scenarios/session-storm.scenario.ts';
import { scenario as lifecycleMix } from '../../scenarios/lifecycle-mix.scenario.ts';
import { scenario as eventFanout } from '../../scenarios/event-fanout.scenario.ts';
import { agg, count } from './fixtures/inline.ts';
import { taggedVms } from './fixtures/tagged-vms.ts';

const RUN = 'test-load-run';

function paramsOf(emu: Emulator): RunParams {
  return {
    handler: emu.handle,
    user: emu.user,
    password: emu.password,
    env: { XAPI_HARNESS_RUN: RUN, EVENT_TIMEOUT_S: '0.2' },
  };
}

function run<S>(def: LoadDefinition<S>, emu: Emulator, durationMs: number, vus?: number) {
  return runLoad(def, {
    params: paramsOf(emu),
    overrides: { durationMs, ...(vus === undefined ? {} : { vus }) },
    tickMs: 200,
  });
}

describe('scenarios against the emulator', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await createEmulator({ listen: false, dbPath: ':memory:', authFailureDelayMs: 0 });
  });
  afterAll(async () => {
    await emu.close();
  });

  it('dispatch-path reads VM records on every VU session, per method and outcome', async () => {
    const s = await run(dispatchPath, emu, 1200, 2);
    expect(count(s, 'iteration_errors')).toBe(0);
    for (const method of ['VM.get_record', 'VM.get_all_records']) {
      const ok = agg(s, 'xapi_req_duration', { method, outcome: 'ok' });
      expect(ok?.count, method).toBeGreaterThan(0);
      expect(agg(s, 'xapi_req_failed', { method })?.value, method).toBe(0);
    }
    expect(agg(s, 'xapi_reqs', { method: 'host.get_servertime' })?.value).toBeGreaterThan(0);
    // Every VU logged in at set-up and out at tear-down.
    const logins = agg(s, 'xapi_reqs', { method: 'session.login_with_password', outcome: 'ok' })?.value ?? 0;
    expect(logins).toBeGreaterThanOrEqual(2);
    expect(agg(s, 'xapi_reqs', { method: 'session.logout', outcome: 'ok' })?.value).toBe(logins);
    // The paced scenario is open-model: it has latencies from the intended start.
    expect(agg(s, 'xapi_req_latency', { scenario: 'paced' })?.count).toBeGreaterThan(0);
  });

  it('dispatch-path over HTTPS, trusting the endpoint by its CA certificate (worker-safe params)', async () => {
    const tls = await createEmulator({ port: 0, httpsPort: 0, dbPath: ':memory:', authFailureDelayMs: 0 });
    try {
      const url = tls.httpsUrl;
      const ca = tls.cert;
      if (url === undefined || ca === undefined) throw new Error('no HTTPS endpoint');
      const s = await runLoad(dispatchPath, {
        params: { url, ca, user: tls.user, password: tls.password },
        overrides: { durationMs: 600, vus: 1 },
      });
      expect(agg(s, 'xapi_req_failed', { method: 'VM.get_record' })?.value).toBe(0);
      expect(agg(s, 'xapi_reqs', { method: 'VM.get_record', outcome: 'ok' })?.value).toBeGreaterThan(0);
    } finally {
      await tls.close();
    }
  });

  it('session-storm: logins past the limit evict older sessions; holders re-login, counted', async () => {
    const small = await createEmulator({
      listen: false,
      dbPath: ':memory:',
      authFailureDelayMs: 0,
      maxSessions: { sdkGuideMax: 30 },
    });
    try {
      const s = await run(sessionStorm, small, 2000);
      expect(agg(s, 'xapi_req_failed', { method: 'session.login_with_password' })?.value).toBe(0);
      const logins = agg(s, 'xapi_reqs', { method: 'session.login_with_password' })?.value ?? 0;
      expect(logins).toBeGreaterThan(60);
      expect(agg(s, 'session_evicted')?.trues).toBeGreaterThan(0);
      expect(agg(s, 'xapi_reqs', { outcome: 'SESSION_INVALID' })?.value).toBeGreaterThan(0);
      expect(count(s, 'xapi_session_relogins')).toBeGreaterThan(0);
    } finally {
      await small.close();
    }
  });

  it('lifecycle-mix runs its steps as Async tasks and leaves no tagged VM behind', async () => {
    const s = await run(lifecycleMix, emu, 800, 1);
    expect(count(s, 'iteration_errors')).toBe(0);
    expect(agg(s, 'xapi_reqs', { method: 'Async.VM.clone' })?.value).toBeGreaterThan(0);
    // Every step succeeds: provision needs the disks pointed at the default SR, and VDIs are destroyed
    // after the VM, or the SR fills up (SR_BACKEND_FAILURE_44) within a few hundred iterations.
    for (const method of ['Async.VM.provision', 'Async.VM.destroy', 'VDI.destroy']) {
      expect(agg(s, 'xapi_reqs', { method, outcome: 'ok' })?.value, method).toBeGreaterThan(0);
      expect(agg(s, 'xapi_req_failed', { method })?.value, method).toBe(0);
    }
    expect(await taggedVms(emu, RUN)).toEqual([]);
  });

  it('event-fanout long-polls event.from on every waiter and cleans up its writers’ VMs', async () => {
    const s = await run(eventFanout, emu, 1000, 3);
    expect(count(s, 'iteration_errors')).toBe(0);
    expect(agg(s, 'xapi_reqs', { method: 'event.from' })?.value).toBeGreaterThan(0);
    expect(await taggedVms(emu, RUN)).toEqual([]);
  });
});
