// Turns fast-check's RunDetails (fc.check / fc.assert's report) into the run part of a PropertyResult:
// status, seed, path, statistics, and the failure kind of the property's error.
import type { RunDetails } from 'fast-check';
import { HarnessError, XapiFailure } from '../xapi/harness-errors.ts';
import { classifyError } from './classify-error.ts';
import type { PropertyStats } from './property-result.ts';
import { STATUS_OF_KIND, type FailureKind, type PropertyStatus } from './status.ts';

export interface RunOutcome {
  readonly status: PropertyStatus;
  readonly kind?: FailureKind;
  readonly message?: string;
  readonly seed: number;
  readonly path?: string;
  readonly stats: PropertyStats;
  /** fast-check's rendering of the shrunk counterexample. */
  readonly counterexampleValue?: string;
  /** expected / actual carried by the property's error (assertion libraries and ContractViolationError do). */
  readonly violation?: { readonly expected: string; readonly actual: string };
  readonly error?: unknown;
  /** fast-check stopped generating at the time limit. */
  readonly interrupted: boolean;
}

// The project's own errors and plain Errors say what they are; others (TypeError, ...) keep their
// name in front.
function describe(err: unknown): string {
  if (err instanceof HarnessError && !(err instanceof XapiFailure)) return err.message;
  if (err instanceof Error) return err.name === 'Error' ? err.message : `${err.name}: ${err.message}`;
  return String(err);
}

function text(v: unknown): string {
  return typeof v === 'string'
    ? v
    : JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x));
}

function violationOf(err: unknown): { expected: string; actual: string } | undefined {
  if (err === null || typeof err !== 'object' || !('expected' in err) || !('actual' in err)) return undefined;
  return { expected: text(err.expected), actual: text(err.actual) };
}

export function runOutcomeFromDetails<Ts>(details: RunDetails<Ts>): RunOutcome {
  const stats: PropertyStats = {
    runs: details.numRuns,
    shrinks: details.numShrinks,
    skips: details.numSkips,
  };
  const interrupted = details.interrupted;
  // Passed as far as it went; whether it went far enough is judged against the property's minimum
  // (inconclusive.ts), which fast-check does not know.
  if (!details.failed) return { status: 'passed', seed: details.seed, stats, interrupted };
  if (details.counterexample === null) {
    // No counterexample: interrupted before any case finished, or too many skipped cases. Nothing was
    // contradicted, but nothing conclusive was checked either.
    if (details.interrupted) {
      const message = `interrupted after ${details.numRuns} runs (time limit)`;
      return {
        status: 'inconclusive',
        kind: 'inconclusive',
        message,
        seed: details.seed,
        stats,
        interrupted,
      };
    }
    const message = `too many skipped cases (${details.numSkips}) after ${details.numRuns} runs: preconditions never hold`;
    return { status: 'broken', kind: 'setup', message, seed: details.seed, stats, interrupted };
  }
  const kind = classifyError(details.errorInstance);
  const violation = violationOf(details.errorInstance);
  return {
    ...(violation !== undefined ? { violation } : {}),
    status: STATUS_OF_KIND[kind],
    kind,
    message: describe(details.errorInstance),
    seed: details.seed,
    ...(details.counterexamplePath !== null ? { path: details.counterexamplePath } : {}),
    stats,
    counterexampleValue: JSON.stringify(details.counterexample, (_k, v: unknown) =>
      typeof v === 'bigint' ? v.toString() : v,
    ),
    error: details.errorInstance,
    interrupted,
  };
}
