// A property that checked too little is inconclusive, never passed (issue 12 §10): cut by its time limit
// after fewer cases than its minimum, or with most cases ended by environmental failures (SEMANTICS.md §10,
// Driver.noteEnvironmental / abandonCase). Every result carries its runs done / asked.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HarnessContext, PropertyDef } from '../../src/harness/index.ts';
import {
  NO_EXPECTATIONS,
  createHarnessContext,
  defaultOptions,
  runProperty,
  singleCase,
} from '../../src/harness/index.ts';
import { EXIT_CODES, exitCodeForStatuses } from '../../src/results/index.ts';
import { VM_LIFECYCLE_PROPERTIES } from '../../suites/properties/index.ts';

const out = mkdtempSync(join(tmpdir(), 'xapi-harness-inconclusive-'));
let ctx: HarnessContext;
beforeAll(async () => {
  ctx = await createHarnessContext({ ...defaultOptions(), outDir: out, seed: 11, runs: 10 });
});
afterAll(async () => {
  await ctx.close();
  rmSync(out, { recursive: true, force: true });
});

const base = { area: 'test', feature: 'VM', story: 'VM.start' } as const;

/** A case that reads the VM list, then meets an environmental failure in one case of `every`. */
function flakyStart(id: string, abandon: boolean, every: number): PropertyDef {
  let n = 0;
  return {
    ...base,
    id,
    name: id,
    cases: () =>
      singleCase('get_all', async (d) => {
        await d.call('VM.get_all', [d.session]);
        n += 1;
        if (n % every !== 0) return;
        if (abandon) d.abandonCase('VM.start: BOOTLOADER_FAILED');
        d.noteEnvironmental('VM.start: BOOTLOADER_FAILED');
      }),
  };
}

describe('inconclusive properties', { timeout: 120_000 }, () => {
  it('a property cut by its time limit after fewer cases than its minimum is inconclusive, with done/asked', async () => {
    const def = VM_LIFECYCLE_PROPERTIES[0];
    if (def === undefined) throw new Error('no vm-lifecycle property');
    // 1 ms: fast-check stops after the first case (it checks the limit between cases).
    const r = await runProperty(
      { ...def, timeLimitMs: 1 },
      { ...ctx, options: { ...ctx.options, runs: 25 } },
      { expectations: NO_EXPECTATIONS },
    );
    expect(r.status).toBe('inconclusive');
    expect(r.inconclusive?.cause).toBe('time-limit');
    expect(r.stats?.asked).toBe(25);
    expect(r.stats?.minimum).toBe(13);
    expect(r.stats?.runs).toBeLessThan(13);
    expect(r.message).toMatch(/of 25 asked \(minimum 13\).*time limit/);
    expect(exitCodeForStatuses([r.status, 'passed'])).toBe(EXIT_CODES.inconclusive);
  });

  it('cases that met environmental failures are not conclusive: noted or abandoned, most of them → inconclusive', async () => {
    for (const abandon of [false, true]) {
      const r = await runProperty(flakyStart(`test/env/${String(abandon)}`, abandon, 1), ctx, {
        expectations: NO_EXPECTATIONS,
      });
      expect(r.status, JSON.stringify(r.stats)).toBe('inconclusive');
      expect(r.inconclusive?.cause).toBe('environment');
      expect(r.message).toContain('VM.start: BOOTLOADER_FAILED ×');
      expect(r.stats?.environmental).toBeGreaterThanOrEqual(10);
      expect(r.stats?.environmental).toBeLessThanOrEqual(21);
      expect(r.stats?.asked).toBe(10);
    }
  });

  it('a few environmental cases among enough conclusive ones still pass, and say so in the stats', async () => {
    const r = await runProperty(flakyStart('test/env/few', false, 5), ctx, { expectations: NO_EXPECTATIONS });
    expect(r.status).toBe('passed');
    expect(r.stats?.environmental).toBe(2);
    expect(r.stats).toMatchObject({ runs: 10, asked: 10, minimum: 5 });
  });

  it('a single-case property run once is conclusive (minimum 1 of 1)', async () => {
    const def: PropertyDef = {
      ...base,
      id: 'test/single',
      name: 'single',
      numRuns: 1,
      cases: () => singleCase('one', async (d) => void (await d.call('VM.get_all', [d.session]))),
    };
    const r = await runProperty(def, ctx, { expectations: NO_EXPECTATIONS });
    expect(r.status).toBe('passed');
    expect(r.stats).toMatchObject({ runs: 1, asked: 1, minimum: 1 });
  });
});

describe('exit codes with inconclusive and skipped results', () => {
  it('inconclusive is 3 (below violation and broken), all-skipped is 2, a known deviation counts as checked', () => {
    expect(exitCodeForStatuses(['passed', 'inconclusive'])).toBe(3);
    expect(exitCodeForStatuses(['inconclusive', 'broken'])).toBe(2);
    expect(exitCodeForStatuses(['inconclusive', 'failed'])).toBe(1);
    expect(exitCodeForStatuses(['skipped', 'skipped'])).toBe(2);
    expect(exitCodeForStatuses([{ status: 'skipped', kind: 'known-deviation' }, 'skipped'])).toBe(0);
  });
});
