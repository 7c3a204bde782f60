// Proof that the default suites find bugs (issue 5 §8): for every named emulator fault, the default
// properties, with the default budget, end in a contract violation whose shrunk counterexample is a few calls
// and comes with a replay command. Properties are tried in an order that reaches the likely one first (to
// keep the test fast); every one of them is a default property run exactly as `conformance` runs it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FAULTS } from '../../src/emulator/index.ts';
import type { FaultName } from '../../src/emulator/index.ts';
import type { PropertyDef } from '../../src/harness/index.ts';
import {
  NO_EXPECTATIONS,
  createHarnessContext,
  defaultOptions,
  runProperty,
} from '../../src/harness/index.ts';
import type { PropertyResult } from '../../src/results/index.ts';
import { ALL_PROPERTIES } from '../../suites/properties/index.ts';

/** Areas to try first for each fault; the others follow. */
const FIRST: Readonly<Record<FaultName, readonly string[]>> = {
  'eviction-order': ['eviction'],
  'eviction-off': ['eviction'],
  'logout-noop': ['sessions'],
  'lost-write': ['vm-lifecycle'],
  'missing-mod-event': ['events'],
  'task-stuck-pending': ['tasks'],
  'start-template': ['vm-lifecycle', 'errors'],
  'wrong-error-code': ['vm-lifecycle', 'errors'],
  'wrong-error-params': ['vm-lifecycle', 'errors'],
  'stale-allowed-operations': ['vm-lifecycle'],
  'suspend-wrong-state': ['vm-lifecycle', 'events'],
};

/** "A few calls": the longest minimal trace (a VM made ready, then the operation and the read). */
const MAX_STEPS = 40;

const out = mkdtempSync(join(tmpdir(), 'xapi-harness-faults-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function ordered(fault: FaultName): PropertyDef[] {
  const first = FIRST[fault];
  const areas = [...first, ...Object.keys(ALL_PROPERTIES).filter((a) => !first.includes(a))];
  return areas.flatMap((a) => ALL_PROPERTIES[a] ?? []);
}

describe('fault detection: the default suites catch every named emulator fault', { timeout: 240_000 }, () => {
  const faults = Object.keys(FAULTS) as FaultName[];
  it('covers at least the ten faults issue 5 names', () => {
    expect(faults.length).toBeGreaterThanOrEqual(10);
  });
  for (const fault of faults) {
    it(`catches ${fault}`, async () => {
      // The default budget of runs with fixed master seeds, so the test is reproducible. The time limit is the
      // CLI's safety net, not the budget: on a loaded CI machine a cold property can hit 10 s and be cut short
      // after fewer runs (fast-check interruptAfterTimeLimit). Detection is statistical (25 generated cases):
      // once, under a full parallel `npm test`, seed 7 missed suspend-wrong-state, so a second default-budget
      // run with the next seed is allowed; a fault neither run catches fails the test.
      const first = Number(process.env['XAPI_HARNESS_FAULT_SEED'] ?? 7);
      let found: PropertyResult | undefined;
      const tried: string[] = [];
      for (const seed of [first, first + 1]) {
        const ctx = await createHarnessContext({
          ...defaultOptions(),
          timeLimitMs: 120_000,
          faults: [fault],
          seed,
          outDir: out,
        });
        try {
          for (const def of ordered(fault)) {
            const r = await runProperty(def, ctx, { expectations: NO_EXPECTATIONS });
            tried.push(`seed ${seed} ${def.id}: ${r.status} (${r.stats?.runs ?? '?'} runs)`);
            if (r.status === 'failed' && r.kind === 'contract-violation') {
              found = r;
              break;
            }
          }
        } finally {
          await ctx.close();
        }
        if (found !== undefined) break;
      }
      expect(found, `no property caught ${fault}; tried ${tried.join(', ')}`).toBeDefined();
      if (found === undefined) return;
      const steps = found.counterexample?.steps ?? [];
      expect(steps.length).toBeGreaterThan(0);
      expect(steps.length, found.counterexample?.text).toBeLessThanOrEqual(MAX_STEPS);
      expect(steps.some((s) => s.violation === true)).toBe(true);
      expect(found.replay).toMatch(/^xapi-harness conformance .*--fault .*--replay \d+:[\d:]+/);
      expect(found.counterexample?.text).toContain('<-- contract violation');
    }, 120_000);
  }
});
