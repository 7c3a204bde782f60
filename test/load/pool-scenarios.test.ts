// The pool scenarios (issue 14), briefly, against a 3-host emulator on port 0: logins through a member follow
// HOST_IS_SLAVE to the coordinator; VMs migrate back and forth while readers read, and nothing tagged is left.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator } from '../../src/emulator/index.ts';
import type { Emulator } from '../../src/emulator/index.ts';
import { runLoad } from '../../src/load/run-load.ts';
import type { LoadDefinition } from '../../src/load/index.ts';
import { scenario as redirect } from '../../scenarios/pool-login-redirect.scenario.ts';
import { scenario as migrate } from '../../scenarios/pool-migrate-under-load.scenario.ts';
import { agg, count } from './fixtures/inline.ts';
import { taggedVms } from './fixtures/tagged-vms.ts';

const RUN = 'test-pool-load-run';
let emu: Emulator;

beforeAll(async () => {
  emu = await createEmulator({ hosts: 3, port: 0, dbPath: ':memory:', authFailureDelayMs: 0 });
});
afterAll(async () => {
  await emu.close();
});

function run<S>(def: LoadDefinition<S>, durationMs: number) {
  return runLoad(def, {
    params: { url: emu.url, user: emu.user, password: emu.password, env: { XAPI_HARNESS_RUN: RUN } },
    overrides: { durationMs },
    tickMs: 200,
  });
}

describe('pool scenarios against a 3-host emulator', () => {
  it('pool-login-redirect: every member login is redirected and the redirect is followed', async () => {
    const s = await run(redirect, 1500);
    expect(count(s, 'iteration_errors')).toBe(0);
    expect(agg(s, 'checks')?.value).toBe(1);
    expect(agg(s, 'redirect_followed_duration')?.count).toBeGreaterThan(0);
    expect(agg(s, 'xapi_reqs', { method: 'pool.get_all', outcome: 'ok' })?.value).toBeGreaterThan(0);
  });

  it('pool-migrate-under-load: migrations arrive where they were sent; the VMs are gone afterwards', async () => {
    const s = await run(migrate, 2000);
    expect(count(s, 'iteration_errors')).toBe(0);
    expect(agg(s, 'checks')?.value).toBe(1);
    expect(agg(s, 'xapi_reqs', { method: 'Async.VM.pool_migrate', outcome: 'ok' })?.value).toBeGreaterThan(0);
    expect(agg(s, 'xapi_reqs', { method: 'VM.get_record', outcome: 'ok' })?.value).toBeGreaterThan(0);
    expect(await taggedVms(emu, RUN)).toEqual([]);
  });
});
