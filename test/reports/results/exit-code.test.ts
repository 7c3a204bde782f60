import { describe, expect, test } from 'vitest';
import {
  EXIT_CODES,
  exitCodeForRun,
  exitCodeForStatuses,
  RESULTS_FORMAT,
  type RunResults,
} from '../../../src/results/index.ts';
import { fixtureLoadSummary } from '../fixtures/fixture-load.ts';
import { passedResult } from '../fixtures/fixture-results.ts';

describe('exit codes', () => {
  test('0 conformant, 1 violation (wins over broken), 2 broken or nothing checked', () => {
    expect(exitCodeForStatuses(['passed', 'skipped'])).toBe(EXIT_CODES.conformant);
    expect(exitCodeForStatuses(['passed', 'broken', 'failed'])).toBe(EXIT_CODES.contractViolation);
    expect(exitCodeForStatuses(['passed', 'broken'])).toBe(EXIT_CODES.setupOrTransport);
    expect(exitCodeForStatuses([])).toBe(EXIT_CODES.setupOrTransport);
  });

  test('a run: crossed load thresholds are violations, a saturated generator is a setup problem', () => {
    const run: RunResults = {
      format: RESULTS_FORMAT,
      environment: {
        targetUrl: 'emulator',
        productBrand: 'x',
        productVersion: '1',
        apiVersion: '2.21',
        profile: 'sdk-guide',
        harnessVersion: '0.1.0',
        seed: 1,
      },
      properties: [passedResult],
      startedAt: 0,
      finishedAt: 1,
    };
    expect(exitCodeForRun(run)).toBe(0);
    expect(exitCodeForRun({ ...run, load: fixtureLoadSummary })).toBe(1);
    // Only the scenario within its thresholds (session-storm's threshold is filtered on session-storm).
    const { 'dispatch-path': dispatch } = fixtureLoadSummary.scenarios;
    const okLoad = {
      ...fixtureLoadSummary,
      scenarios: dispatch === undefined ? {} : { 'dispatch-path': dispatch },
    };
    expect(exitCodeForRun({ ...run, load: okLoad })).toBe(0);
    expect(exitCodeForRun({ ...run, load: { ...okLoad, valid: false } })).toBe(2);
    // A smoke check (npm start) asks whether the path works: a saturated generator is a warning there.
    expect(exitCodeForRun({ ...run, load: { ...okLoad, valid: false, saturationAccepted: true } })).toBe(0);
    // A run that completed no iteration measured nothing: failed, as `xapi-harness load` exits.
    expect(exitCodeForRun({ ...run, load: { ...okLoad, failure: 'no iteration completed' } })).toBe(1);
    // ... but never hides a crossed threshold.
    expect(
      exitCodeForRun({ ...run, load: { ...fixtureLoadSummary, valid: false, saturationAccepted: true } }),
    ).toBe(1);
  });
});
