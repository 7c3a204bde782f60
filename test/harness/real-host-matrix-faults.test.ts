// The fault half of the real-host matrix (issue 11 "Done when"; the cells and their choice are in
// real-host-cells.ts, the pass half in real-host-matrix.test.ts): the emulator's fault catalogue is still caught
// in every cell. Every fault runs in each of the 4 cells, but only the area that catches it (the catalogue's
// own assignment, src/emulator/faults.ts), as the fault grid does, on the emulator the harness starts itself
// (dedicated emulators for the eviction properties). A separate file so that vitest runs the halves side by
// side on 2 cores.
import { describe, expect, it } from 'vitest';
import { NO_EXPECTATIONS, runProperty } from '../../src/harness/index.ts';
import { ALL_PROPERTIES } from '../../suites/properties/index.ts';
import type { FaultName } from '../../src/emulator/index.ts';
import { FAULTS } from '../../src/emulator/index.ts';
import { scratchDir } from '../support/scratch-dir.ts';
import { MATRIX_CELLS, cellContext, cellName as name, matrixTimings, summary } from './real-host-cells.ts';

const out = scratchDir('matrix');
const timings = matrixTimings('faults');

describe('real-host matrix: every fault is still caught in every cell', { timeout: 300_000 }, () => {
  const faults = Object.keys(FAULTS) as FaultName[];
  for (const cell of MATRIX_CELLS) {
    it(`${name(cell)}: each fault caught by its area`, async () => {
      const started = performance.now();
      const missed: string[] = [];
      for (const fault of faults) {
        const area = FAULTS[fault].area;
        const { ctx, close } = await cellContext(cell, 'emulator', [fault], out);
        const tried: string[] = [];
        let caught = false;
        try {
          for (const def of ALL_PROPERTIES[area] ?? []) {
            const r = await runProperty(def, ctx, { expectations: NO_EXPECTATIONS });
            tried.push(summary(r));
            if (r.status === 'failed' && r.kind === 'contract-violation') {
              caught = true;
              break;
            }
          }
        } finally {
          await close();
        }
        if (!caught) missed.push(`${fault} (${area}): ${tried.join('; ')}`);
      }
      timings.push(`${name(cell)} faults: ${Math.round(performance.now() - started)} ms`);
      expect(missed).toEqual([]);
    }, 300_000);
  }
});
