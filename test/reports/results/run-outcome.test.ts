// runOutcomeFromDetails on real fast-check runs (no hand-built RunDetails).
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ContractViolation } from '../../../src/results/index.ts';
import { runOutcomeFromDetails } from '../../../src/results/index.ts';

const nat = fc.integer({ min: 0, max: 10_000 });

describe('fast-check run → outcome', () => {
  test('a passing property: passed, with runs and seed', () => {
    const o = runOutcomeFromDetails(
      fc.check(
        fc.property(nat, (n) => n >= 0),
        { seed: 3, numRuns: 25 },
      ),
    );
    expect(o).toMatchObject({ status: 'passed', seed: 3, stats: { runs: 25, shrinks: 0 } });
    expect(o.kind).toBeUndefined();
  });

  test('a contract violation: failed, shrunk, with path and expected/actual', () => {
    const o = runOutcomeFromDetails(
      fc.check(
        fc.property(nat, (n) => {
          if (n >= 100) throw new ContractViolation(`n=${n}`, { expected: '< 100', actual: String(n) });
        }),
        { seed: 5, numRuns: 200 },
      ),
    );
    expect(o.status).toBe('failed');
    expect(o.kind).toBe('contract-violation');
    expect(o.counterexampleValue).toBe('[100]');
    expect(o.violation).toEqual({ expected: '< 100', actual: '100' });
    expect(o.path).toMatch(/^\d+(:\d+)*$/);
    expect(o.stats.shrinks).toBeGreaterThan(0);
    expect(o.message).toBe('n=100');
  });

  test('a harness bug (TypeError) is broken, never a violation', () => {
    const o = runOutcomeFromDetails(
      fc.check(
        fc.property(nat, () => {
          throw new TypeError('cannot read properties of undefined');
        }),
        { seed: 1, numRuns: 5 },
      ),
    );
    expect(o).toMatchObject({
      status: 'broken',
      kind: 'harness',
      message: 'TypeError: cannot read properties of undefined',
    });
  });

  test('preconditions that never hold: broken setup, no counterexample', () => {
    const o = runOutcomeFromDetails(
      fc.check(
        fc.property(nat, (n) => {
          fc.pre(n < 0);
        }),
        { seed: 1, numRuns: 5, maxSkipsPerRun: 2 },
      ),
    );
    expect(o).toMatchObject({ status: 'broken', kind: 'setup' });
    expect(o.message).toMatch(/too many skipped cases/);
  });
});
