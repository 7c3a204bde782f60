// Each fault is caught by its own area (issue 17 item 2): for every named emulator fault, the suite of the area
// the catalogue assigns it (src/emulator/faults.ts), run alone with the default budget of runs and one fixed
// seed, ends in a contract violation, with a short shrunk counterexample and a replay command. One run, no
// second seed, no other area's help: the same seed gives the same run (issue 12 item 11), so a pass here is a
// pass every time.
// Counterexamples stay short (issue 17 item 5): the median length over the catalogue is at most 5 calls,
// counted as results.json counts them (results/counterexample-length.ts: the calls of the shrunk sequence's
// commands; the case's login and the property's setup read are shown as setup and not counted, and the replay
// makes them again). The table, the median and the grid's time are printed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FAULTS } from '../../src/emulator/index.ts';
import type { FaultName } from '../../src/emulator/index.ts';
import {
  NO_EXPECTATIONS,
  createHarnessContext,
  defaultOptions,
  runProperty,
} from '../../src/harness/index.ts';
import type { CounterexampleLength, PropertyResult } from '../../src/results/index.ts';
import { counterexampleLengthText, medianCalls } from '../../src/results/index.ts';
import { ALL_PROPERTIES } from '../../suites/properties/index.ts';

/** The master seed of the grid (any seed must do; this one is fixed so that CI runs the same cases). */
const SEED = Number(process.env['XAPI_HARNESS_FAULT_SEED'] ?? 7);
/** Calls in any one shrunk counterexample, setup included (the pool's scripted cases are the long ones). */
const MAX_STEPS = 40;
/** The median counted length over the catalogue (issue 17 item 5); it was 10 calls (setup included) before. */
const MAX_MEDIAN_CALLS = 5;

const out = mkdtempSync(join(tmpdir(), 'xapi-harness-grid-'));
const rows: {
  fault: string;
  area: string;
  caughtBy: string;
  length: CounterexampleLength;
  ms: number;
}[] = [];
const t0 = performance.now();

/** The per-fault table: fault, area, the property that caught it, and its counterexample's length. */
function table(): string {
  const faultW = Math.max(...rows.map((r) => r.fault.length));
  return rows
    .map(
      (r) =>
        `  ${r.fault.padEnd(faultW)} ${r.area.padEnd(13)} ${r.caughtBy.padEnd(24)} ` +
        `${String(r.length.calls).padStart(3)} calls ${String(r.length.commands ?? '-').padStart(2)} commands ` +
        `${String(r.length.setupCalls).padStart(2)} setup  ${r.ms} ms`,
    )
    .join('\n');
}

afterAll(() => {
  rmSync(out, { recursive: true, force: true });
  if (rows.length === 0) return;
  process.stdout.write(
    `fault grid (seed ${SEED}): ${rows.length} faults in ${((performance.now() - t0) / 1000).toFixed(1)} s; ` +
      `median counterexample ${medianCalls(rows.map((r) => r.length.calls))} calls ` +
      `(setup calls not counted: the case's login and its template and default-SR lookup)\n${table()}\n`,
  );
});

describe(
  'fault grid: each fault is caught by its own area, default budget, one seed',
  { timeout: 240_000 },
  () => {
    const faults = Object.keys(FAULTS) as FaultName[];
    it('every fault names an area that has a suite', () => {
      for (const f of faults) expect(Object.keys(ALL_PROPERTIES), f).toContain(FAULTS[f].area);
    });
    for (const fault of faults) {
      const area = FAULTS[fault].area;
      it(`${area} catches ${fault}`, async () => {
        const started = performance.now();
        // The default budget of runs; the time limit is the CLI's safety net, not the budget (a loaded CI must
        // not cut the run short: that would be a different run).
        const ctx = await createHarnessContext({
          ...defaultOptions(),
          timeLimitMs: 120_000,
          faults: [fault],
          suites: [area],
          seed: SEED,
          outDir: out,
        });
        let found: PropertyResult | undefined;
        const tried: string[] = [];
        try {
          for (const def of ALL_PROPERTIES[area] ?? []) {
            const r = await runProperty(def, ctx, { expectations: NO_EXPECTATIONS });
            tried.push(
              `${def.id}: ${r.status}${r.kind === undefined ? '' : `/${r.kind}`} (${r.stats?.runs ?? '?'} runs)`,
            );
            if (r.status === 'failed' && r.kind === 'contract-violation') {
              found = r;
              break;
            }
          }
        } finally {
          await ctx.close();
        }
        expect(
          found,
          `the ${area} suite did not catch ${fault} at seed ${SEED}: ${tried.join('; ')}`,
        ).toBeDefined();
        if (found === undefined) return;
        const steps = found.counterexample?.steps ?? [];
        const length = found.counterexample?.length;
        expect(length, 'results.json gives the counterexample its length').toBeDefined();
        if (length === undefined) return;
        rows.push({
          fault,
          area,
          caughtBy: found.id.split('/').slice(-1)[0] ?? found.id,
          length,
          ms: Math.round(performance.now() - started),
        });
        // The trace says how long it is, and which of its steps are setup.
        expect(found.counterexample?.text).toContain(`length: ${counterexampleLengthText(length)}`);
        expect(steps.filter((s) => s.setup === true).length).toBe(length.setupCalls);
        expect(steps.length).toBeGreaterThan(0);
        expect(steps.length, found.counterexample?.text).toBeLessThanOrEqual(MAX_STEPS);
        expect(steps.some((s) => s.violation === true)).toBe(true);
        expect(found.replay).toMatch(/^npx xapi-harness conformance .*--fault .*--replay \d+:[\d:]+/);
        expect(found.counterexample?.text).toContain('<-- contract violation');
      }, 120_000);
    }
    it(`the median counterexample over the catalogue is at most ${MAX_MEDIAN_CALLS} calls`, () => {
      // Each fault's own test above records its row; a fault that was not caught has none, and fails there.
      expect(rows.length, 'every fault caught').toBe(faults.length);
      const median = medianCalls(rows.map((r) => r.length.calls));
      expect(median, `counted calls per fault:\n${table()}`).toBeLessThanOrEqual(MAX_MEDIAN_CALLS);
    });
  },
);
