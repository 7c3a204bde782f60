// pool-scale (issue 16), briefly, against a small scaled inventory on port 0: Xen Orchestra-style clients
// fetch every class and wake on the writers' changes; the storm's logins succeed; the figures the summary
// promises are there; nothing tagged is left. Against a pool that is too small, the clients say what they need.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator } from '../../src/emulator/index.ts';
import type { Emulator } from '../../src/emulator/index.ts';
import { runLoad } from '../../src/load/run-load.ts';
import { scenarioThresholds } from '../../src/results/index.ts';
import { CLIENT_CLASSES, scenario } from '../../scenarios/pool-scale.scenario.ts';
import { agg, count } from './fixtures/inline.ts';
import { taggedVms } from './fixtures/tagged-vms.ts';

const RUN = 'test-pool-scale-run';
let scaled: Emulator;
let small: Emulator;

beforeAll(async () => {
  [scaled, small] = await Promise.all([
    createEmulator({ port: 0, dbPath: ':memory:', authFailureDelayMs: 0, inventory: 'hosts=2,vms=60' }),
    createEmulator({ port: 0, dbPath: ':memory:', authFailureDelayMs: 0 }),
  ]);
});
afterAll(async () => {
  await Promise.all([scaled.close(), small.close()]);
});

function run(emu: Emulator, env: Record<string, string> = {}, durationMs = 8000) {
  return runLoad(scenario, {
    params: {
      url: emu.url,
      user: emu.user,
      password: emu.password,
      env: { XAPI_HARNESS_RUN: RUN, EVENT_TIMEOUT_S: '1', POOL_SCALE_MIN_VMS: '50', ...env },
    },
    // 30 s rescaled to 8 s: writers and the storm start at 1.3 s and run to the end, long after the clients
    // connect (about 2 s on a busy 2-core machine), so every client's event loop sees changes.
    overrides: { durationMs, vus: 3 },
    tickMs: 200,
  });
}

describe('pool-scale against a scaled inventory', () => {
  it('clients fetch every class and wake on each change; the storm logs in and out; figures and thresholds', async () => {
    const s = await run(scaled);
    expect(s.errors).toEqual([]);
    expect(count(s, 'iteration_errors')).toBe(0);
    expect(agg(s, 'checks')?.value).toBe(1);
    // Each client connected once (3 VUs): every class fetched, with its latency, size and record count.
    for (const cls of CLIENT_CLASSES) {
      expect(agg(s, 'xapi_reqs', { method: `${cls}.get_all_records`, outcome: 'ok' })?.value, cls).toBe(3);
      expect(agg(s, 'get_all_records_bytes', { class: cls })?.min, cls).toBeGreaterThan(0);
    }
    expect(agg(s, 'records_fetched', { class: 'VM' })?.value).toBeGreaterThanOrEqual(3 * 60);
    expect(agg(s, 'pool_guest_vms')?.max).toBeGreaterThanOrEqual(60);
    expect(agg(s, 'xapi_reqs', { method: 'event.inject', outcome: 'ok' })?.value).toBe(3);
    expect(agg(s, 'connect_duration')?.count).toBe(3);
    // The writers' changes woke the clients' event loops: one sample per client per change seen.
    const writes = agg(s, 'xapi_reqs', { method: 'VM.set_name_description', outcome: 'ok' })?.value ?? 0;
    expect(writes).toBeGreaterThan(0);
    const wakes = agg(s, 'event_wake_latency');
    expect(wakes?.count).toBeGreaterThan(0);
    expect(wakes?.count).toBeLessThanOrEqual(3 * writes);
    // The bytes served: at least every get_all_records answer.
    const fetched = agg(s, 'get_all_records_bytes');
    expect(count(s, 'data_received')).toBeGreaterThan((fetched?.avg ?? 0) * (fetched?.count ?? 0) - 1);
    expect(count(s, 'data_sent')).toBeGreaterThan(0);
    expect(
      agg(s, 'xapi_reqs', { scenario: 'logins', method: 'session.login_with_password', outcome: 'ok' })
        ?.value,
    ).toBeGreaterThan(0);
    expect(
      agg(s, 'xapi_reqs', { scenario: 'logins', method: 'session.logout', outcome: 'ok' })?.value,
    ).toBeGreaterThan(0);
    // Every threshold was judged on data (none "no data"), per scenario as the reports show it.
    expect(s.thresholdResults.filter((r) => r.noData === true)).toEqual([]);
    expect(scenarioThresholds(s, 'logins').map((r) => r.key)).toContain(
      'xapi_req_duration{scenario:logins,method:session.login_with_password}',
    );
    expect(await taggedVms(scaled, RUN)).toEqual([]);
  }, 60_000);

  it('a pool smaller than it needs: the clients say so, once each, and fetch no more', async () => {
    const s = await run(small, { POOL_SCALE_MIN_VMS: '100' }, 3000);
    const needs = s.errors.filter((e) => e.message.includes('pool-scale needs a scaled pool'));
    expect(needs).toHaveLength(1);
    expect(needs[0]).toMatchObject({ scenario: 'clients', count: 3 });
    expect(needs[0]?.message).toMatch(/--inventory hosts=64,vms=50000/);
    expect(agg(s, 'xapi_reqs', { method: 'VM.get_all_records' })?.value).toBe(3);
    expect(s.passed).toBe(false);
    expect(await taggedVms(small, RUN)).toEqual([]);
  }, 60_000);
});
