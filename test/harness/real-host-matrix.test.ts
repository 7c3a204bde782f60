// No false alarms on a conformant host, whatever its release and its guests (issue 11 "Done when"): the
// conformance suites run against the emulator playing a release × guest drivers × presented-as-real-host
// cell, and every cell passes with the default budget; the emulator's fault catalogue is still caught in
// every cell.
//
// Cost (2 cores): the full product is 4 releases × 2 guest kinds × 2 presentations = 16 cells. The pass part
// runs 4 of them, chosen so that every release appears once and every (guests, presentation) pair appears
// once. The fault part runs every fault in every one of the 4 cells, but only the area that catches it (the
// catalogue's own assignment, src/emulator/faults.ts), as the fault grid does. A cell presented as a real
// host is, in the pass part, the emulator reached in-process but treated as a remote host (kind "remote": no
// dedicated emulators, no emulator-only properties, storms only with --allow-disruptive), so the harness has
// nothing but the target's own answers to go by. The HTTP path is the CLI acceptance test's.
import { describe, expect, it } from 'vitest';
import { NO_EXPECTATIONS, runProperty } from '../../src/harness/index.ts';
import type { PropertyResult } from '../../src/results/index.ts';
import { ALL_PROPERTIES } from '../../suites/properties/index.ts';
import { scratchDir } from '../support/scratch-dir.ts';
import { MATRIX_CELLS, cellContext, cellName as name, matrixTimings, summary } from './real-host-cells.ts';

const out = scratchDir('matrix');
const timings = matrixTimings('pass');

describe('real-host matrix: every cell passes', { timeout: 300_000 }, () => {
  for (const cell of MATRIX_CELLS) {
    it(`${name(cell)}: the conformance suites pass`, async () => {
      const started = performance.now();
      // Presented as a real host: a remote host to the harness. Presented as the emulator: the emulator the
      // harness starts itself, as a default run does (eviction properties on dedicated emulators included).
      const { ctx, close } = await cellContext(
        cell,
        cell.presentAs === 'real-host' ? 'remote' : 'emulator',
        [],
        out,
      );
      const results: PropertyResult[] = [];
      try {
        // The release the harness read is the one the emulator plays (presented or not).
        if (cell.release !== 'latest') expect(ctx.preflight.release.code.startsWith(cell.release)).toBe(true);
        expect(ctx.preflight.profile).toBe(cell.presentAs === 'real-host' ? 'xapi' : 'sdk-guide');
        for (const defs of Object.values(ALL_PROPERTIES)) {
          for (const def of defs)
            results.push(await runProperty(def, ctx, { expectations: NO_EXPECTATIONS }));
        }
      } finally {
        await close();
      }
      timings.push(`${name(cell)} pass: ${Math.round(performance.now() - started)} ms`);
      const bad = results.filter((r) => r.status !== 'passed' && r.status !== 'skipped');
      expect(bad.map(summary)).toEqual([]);
      expect(results.filter((r) => r.status === 'passed').length).toBeGreaterThan(5);
    }, 300_000);
  }
});
