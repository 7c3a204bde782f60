// Budgets that fit the target (issue 11 §5): through a proxy that adds latency to every call, the default
// time limit (set for the in-process emulator) cuts a property before its minimum of cases; fitted to the
// pace of its first case, the same property completes them and says how its limit grew.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HarnessContext } from '../../src/harness/index.ts';
import {
  NO_EXPECTATIONS,
  createHarnessContext,
  defaultOptions,
  fitTimeLimit,
  runProperty,
} from '../../src/harness/index.ts';
import { VM_LIFECYCLE_PROPERTIES } from '../../suites/properties/index.ts';
import { startProxiedEmulator, type ProxiedEmulator } from '../support/proxied-emulator.ts';

let link: ProxiedEmulator;
let ctx: HarnessContext;

beforeAll(async () => {
  // Every request waits 25 ms: a slow link, as to a host across a WAN.
  link = await startProxiedEmulator({ latency: { probability: 1, minMs: 25, maxMs: 25 } }, 1);
  const { emu, proxy } = link;
  ctx = await createHarnessContext({
    ...defaultOptions(),
    target: proxy.url,
    user: emu.user,
    password: emu.password,
    seed: 5,
    runs: 6,
    // The base: what the default would be relative to an in-process case (a few ms) on this slow link.
    timeLimitMs: 1_000,
  });
}, 60_000);
afterAll(async () => {
  await ctx?.close();
  await link?.close();
});

describe('time limits fitted to the target', { timeout: 180_000 }, () => {
  const def = VM_LIFECYCLE_PROPERTIES[0];
  if (def === undefined) throw new Error('no vm-lifecycle property');

  it('control: the unfitted limit (taken as given) leaves the property inconclusive on the slow link', async () => {
    const r = await runProperty(
      def,
      { ...ctx, options: { ...ctx.options, timeLimitExplicit: true } },
      {
        expectations: NO_EXPECTATIONS,
      },
    );
    expect(r.status, r.message).toBe('inconclusive');
    expect(r.stats?.runs).toBeLessThan(3);
  });

  it('fitted: the limit grows to the pace of the first case, the minimum of cases completes, the result says why', async () => {
    const r = await runProperty(def, ctx, { expectations: NO_EXPECTATIONS });
    expect(r.status, r.message).toBe('passed');
    expect(r.stats?.runs).toBeGreaterThanOrEqual(3);
    expect(r.stats?.timeLimitMs).toBeGreaterThan(1_000);
    expect(r.stats?.budget).toMatch(/time limit .* instead of 1 s: the first case took/);
  });

  it('fitTimeLimit: never below the base, at most 30× it, and says when it was capped', () => {
    expect(fitTimeLimit(10_000, 50, 13)).toEqual({ timeLimitMs: 10_000 });
    expect(fitTimeLimit(10_000, 1_000, 13).timeLimitMs).toBe(39_000);
    const capped = fitTimeLimit(10_000, 20_000, 13);
    expect(capped.timeLimitMs).toBe(300_000);
    expect(capped.note).toContain('capped at 30×');
  });
});
