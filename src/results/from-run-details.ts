// Turns fast-check's RunDetails (fc.check / fc.assert's report) into the run part of a PropertyResult:
// status, seed, path, statistics, and the failure kind of the property's error.
import type { RunDetails } from 'fast-check';
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
}

// Names whose messages already say what they are; others (TypeError, ...) keep their name in front.
const SELF_DESCRIBING = new Set([
  'Error',
  'ContractViolation',
  'UnexpectedPass',
  'TransportError',
  'SetupError',
  'HarnessError',
]);

function describe(err: unknown): string {
  if (err instanceof Error)
    return SELF_DESCRIBING.has(err.name) ? err.message : `${err.name}: ${err.message}`;
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
  if (!details.failed) return { status: 'passed', seed: details.seed, stats };
  if (details.counterexample === null) {
    // No counterexample: interrupted by a time limit or too many skipped cases. Nothing was contradicted,
    // but nothing conclusive was checked either.
    const message = details.interrupted
      ? `interrupted after ${details.numRuns} runs (time limit)`
      : `too many skipped cases (${details.numSkips}) after ${details.numRuns} runs: preconditions never hold`;
    return { status: 'broken', kind: 'setup', message, seed: details.seed, stats };
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
  };
}
