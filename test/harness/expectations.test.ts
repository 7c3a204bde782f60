// The per-target expectations file is strict (issue 5 §6): a listed deviation that reproduces is reported
// as known, one that passes is an unexpected pass (a failure). Runs real properties on the emulator.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HarnessOptions } from '../../src/harness/index.ts';
import {
  bothSides,
  createHarnessContext,
  defaultOptions,
  loadExpectations,
  parseExpectations,
  runProperty,
} from '../../src/harness/index.ts';
import { SESSION_PROPERTIES } from '../../suites/properties/index.ts';
import { runPropertyOnce } from '../support/run-property-once.ts';
import { scratchDir } from '../support/scratch-dir.ts';

const dir = scratchDir('expect');
const SESSIONS = SESSION_PROPERTIES[0];

function expectationsListing(id: string) {
  const file = join(dir, `${id.replace(/\W/g, '_')}.json`);
  writeFileSync(
    file,
    JSON.stringify({ target: 'test', deviations: [{ id, reason: 'logout is a no-op here' }] }),
  );
  return loadExpectations(file, 'unused');
}

describe('expectations', () => {
  it('validates the file', () => {
    expect(() => parseExpectations('{"deviations": [{"id": 1}]}', 'x')).toThrow(/id and a reason/);
    expect(() => parseExpectations('[]', 'x')).toThrow(/deviations/);
    expect(loadExpectations(undefined, join(dir, 'absent.json')).lookup('x')).toBeUndefined();
    expect(() => loadExpectations(join(dir, 'absent.json'), 'unused')).toThrow(/not found/);
  });

  it('reports a listed deviation that reproduces as known, not as a violation', async () => {
    if (SESSIONS === undefined) throw new Error('no sessions property');
    const r = await runPropertyOnce(
      SESSIONS,
      { faults: ['logout-noop'], seed: 3, runs: 15, outDir: dir },
      expectationsListing(SESSIONS.id),
    );
    expect(r.status).toBe('skipped');
    expect(r.kind).toBe('known-deviation');
    expect(r.knownDeviation?.reason).toBe('logout is a no-op here');
  });

  it('reports a listed deviation that passes as an unexpected pass', async () => {
    if (SESSIONS === undefined) throw new Error('no sessions property');
    const r = await runPropertyOnce(
      SESSIONS,
      { seed: 3, runs: 3, outDir: dir },
      expectationsListing(SESSIONS.id),
    );
    expect(r.status).toBe('failed');
    expect(r.kind).toBe('unexpected-pass');
    expect(r.unexpectedPass).toBe(true);
  });

  // A differential run (issue 15): side B has its own file, not side A's default one; each side's listed
  // property that diverges is known, and one that no longer does is an unexpected pass naming B's file.
  function diffOptions(bFaults: readonly string[], bFile: string): HarnessOptions {
    return {
      ...defaultOptions(),
      seed: 3,
      runs: 10,
      outDir: dir,
      mirror: {
        target: 'emulator',
        user: undefined,
        password: undefined,
        insecure: false,
        volatile: [],
        emulatorOptions: { faults: bFaults },
        expectationsFile: bFile,
      },
    };
  }

  it('gives side B of a diff its own file, strict both ways', async () => {
    if (SESSIONS === undefined) throw new Error('no sessions property');
    const bFile = expectationsListing(SESSIONS.id).file ?? '';
    const diverging = await createHarnessContext(diffOptions(['logout-noop'], bFile));
    try {
      // Side A (the emulator) lists nothing: the entry comes from B's file.
      expect(diverging.expectations.lookup(SESSIONS.id)?.reason).toBe('logout is a no-op here');
      const r = await runProperty(SESSIONS, diverging, { expectations: diverging.expectations });
      expect(r.status, r.message).toBe('skipped');
      expect(r.kind).toBe('known-deviation');
      expect(r.counterexample?.text).toContain('divergence');
    } finally {
      await diverging.close();
    }
    const agreeing = await createHarnessContext(diffOptions([], bFile));
    try {
      const r = await runProperty(SESSIONS, agreeing, { expectations: agreeing.expectations });
      expect(r.status).toBe('failed');
      expect(r.kind).toBe('unexpected-pass');
      expect(r.message).toContain(`remove it from ${bFile}`);
    } finally {
      await agreeing.close();
    }
    // Both files read: each entry is found, and the unexpected pass names the file that listed it.
    const a = expectationsListing('a/x/y/z');
    const both = bothSides(a, loadExpectations(bFile, 'unused'));
    expect(both.lookup('a/x/y/z')).toBeDefined();
    expect(both.fileOf?.(SESSIONS.id)).toBe(bFile);
    expect(both.fileOf?.('a/x/y/z')).toBe(a.file);
  });
});
