// Transition coverage of every area (issue 17 item 1): each area's properties declare the transitions they mean
// to reach, every declared transition has a steering aim, and the default budget of each area reaches all of
// them against the in-process emulator. A transition the suites stop reaching (an aim that no longer reaches
// it, a command dropped from a property) fails here, with the property and the transitions it left unreached.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ERROR_AIMS,
  EVENT_AIMS,
  EVICTION_AIMS,
  SESSION_AIMS,
  TASK_AIMS,
  WIRE_AIMS,
} from '../../generators/cover/index.ts';
import type { HarnessContext } from '../../src/harness/index.ts';
import {
  NO_EXPECTATIONS,
  createHarnessContext,
  defaultOptions,
  runProperty,
} from '../../src/harness/index.ts';
import { findArea } from '../../suites/areas.ts';

const out = mkdtempSync(join(tmpdir(), 'xapi-harness-area-coverage-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** The areas whose properties are steered by aims (vm-lifecycle walks to power states: its own test). */
const AIMS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  sessions: SESSION_AIMS,
  eviction: EVICTION_AIMS,
  tasks: TASK_AIMS,
  events: EVENT_AIMS,
  errors: ERROR_AIMS,
  wire: WIRE_AIMS,
};

/** A fixed case reaches its transitions without steering (the eviction batch). */
const FIXED = new Set(['eviction/session/gc/xapi-batch-count']);

async function context(): Promise<HarnessContext> {
  return createHarnessContext({ ...defaultOptions(), seed: 11, outDir: out });
}

describe('transition coverage of every area', () => {
  it('every area declares transitions, each with an aim that steers towards it', async () => {
    const ctx = await context();
    try {
      for (const [area, aims] of Object.entries(AIMS)) {
        const props = findArea(area)?.properties ?? [];
        // The area's own generated properties declare; a property added later (a fixed scenario, a check of one
        // field) may declare none, and then its run reports what it reached only.
        expect(
          props.filter((p) => p.transitions !== undefined).length,
          `${area}: no property declares transitions`,
        ).toBeGreaterThan(0);
        for (const p of props) {
          if (p.transitions === undefined) continue;
          const own = { ...ctx, config: { ...ctx.config, ...p.config?.(ctx) } };
          const declared = p.transitions(own);
          expect(declared.length, p.id).toBeGreaterThan(0);
          if (FIXED.has(p.id)) continue;
          expect(
            declared.filter((k) => aims[k] === undefined),
            `${p.id}: declared transitions without an aim`,
          ).toEqual([]);
        }
      }
    } finally {
      await ctx.close();
    }
  });

  // vm-lifecycle's power transitions: test/harness/transition-coverage.test.ts. Schema and pool declare what
  // their fixed cases do (classes checked; each pool scenario's calls): no steering, all reached every time.
  for (const area of [...Object.keys(AIMS), 'schema', 'pool']) {
    it(`${area}: the default budget reaches 100 % of each property's declared transitions on the emulator`, async () => {
      const ctx = await context();
      try {
        for (const def of findArea(area)?.properties ?? []) {
          // Properties that declare none (the pool's random walk, a fixed check) are not run here.
          if (def.transitions === undefined) continue;
          const r = await runProperty(def, ctx, { expectations: NO_EXPECTATIONS });
          expect(r.status, `${def.id}: ${r.message ?? ''}`).toBe('passed');
          const c = r.stats?.coverage;
          expect(c?.declared, def.id).toBeGreaterThan(0);
          expect(c?.unreached, `${def.id} left transitions unreached`).toEqual([]);
        }
      } finally {
        await ctx.close();
      }
    }, 240_000);
  }
});
