// Eviction made certain under xapi's policy (issue 17 item 4): the batch property requires exactly the
// overflow of the older sessions gone after one GC pass and the later batch kept. It passes on a conformant
// emulator and fails on one that never evicts or evicts the newest (which the per-session checks let pass).
import { describe, expect, it } from 'vitest';
import type { PropertyResult } from '../../src/results/index.ts';
import { EVICTION_PROPERTIES } from '../../suites/properties/index.ts';
import { runPropertyOnce } from '../support/run-property-once.ts';
import { scratchDir } from '../support/scratch-dir.ts';

const out = scratchDir('evict');

const DEF = EVICTION_PROPERTIES.find((p) => p.id === 'eviction/session/gc/xapi-batch-count');

async function run(faults: string[]): Promise<PropertyResult> {
  if (DEF === undefined) throw new Error('no batch property');
  return runPropertyOnce(DEF, { faults, seed: 7, timeLimitMs: 60_000, outDir: out });
}

describe('eviction batch count (xapi policy)', { timeout: 90_000 }, () => {
  it('passes on a conformant emulator', async () => {
    const r = await run([]);
    expect(r.status, r.message).toBe('passed');
    expect(r.stats?.calls).toBeGreaterThan(10);
  });

  for (const [fault, why] of [
    // Caught either by the count after the GC pass, or (when a session the model already knows evicted is read
    // first, which depends on when the GC pass falls) by that session still answering.
    ['eviction-off', /exactly \d+ of the \d+ older sessions gone|expected Failure SESSION_INVALID/],
    ['eviction-order', /most recently active|got Failure SESSION_INVALID/],
  ] as const) {
    it(`fails against ${fault}`, async () => {
      const r = await run([fault]);
      expect(r.status).toBe('failed');
      expect(r.kind).toBe('contract-violation');
      expect(`${r.message ?? ''} ${r.violation?.expected ?? ''}`).toMatch(why);
    });
  }
});
