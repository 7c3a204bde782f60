// The process exit codes shared by `conformance`, `load` and `report` (issue 6 §4), so a CI system can
// tell a product bug from a broken run without parsing any output.
import type { FailureKind, PropertyStatus } from './status.ts';

export const EXIT_CODES = {
  /** Every check ran and the target conformed (known deviations included). */
  conformant: 0,
  /** At least one contract violation (or an unexpected pass, or a failed load threshold). */
  contractViolation: 1,
  /**
   * Nothing conclusive could be said: transport or setup problem, harness error, bad flags, no results, or
   * every property skipped.
   */
  setupOrTransport: 2,
  /**
   * No violation, nothing broken, but at least one property ran fewer conclusive cases than its minimum
   * (time limit, environmental failures). Not 0: a nightly job must not turn green on checks that did not
   * happen; not 2: the target answered and conformed as far as it was checked, so a job may choose to
   * accept it (`|| [ $? -eq 3 ]`) while still seeing it.
   */
  inconclusive: 3,
} as const;
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

/** A status, or a status with its failure kind (a skipped known deviation did check something). */
export type StatusEntry = PropertyStatus | { readonly status: PropertyStatus; readonly kind?: FailureKind };

/**
 * The exit code for a set of results. A violation wins over a broken test: a contradicted contract is a
 * confirmed finding, while a broken test only means part of the run could not check anything. A run that
 * checked nothing (no results, or every one skipped for a reason other than a reproduced known deviation)
 * is a setup problem: zero checks must never read as "conformant". Then inconclusive, then conformant.
 */
export function exitCodeForStatuses(entries: Iterable<StatusEntry>): ExitCode {
  let checked = false;
  let broken = false;
  let inconclusive = false;
  for (const entry of entries) {
    const { status, kind } = typeof entry === 'string' ? { status: entry, kind: undefined } : entry;
    if (status === 'failed') return EXIT_CODES.contractViolation;
    if (status === 'broken') broken = true;
    if (status === 'inconclusive') inconclusive = true;
    if (status !== 'skipped' || kind === 'known-deviation') checked = true;
  }
  if (!checked || broken) return EXIT_CODES.setupOrTransport;
  return inconclusive ? EXIT_CODES.inconclusive : EXIT_CODES.conformant;
}

/** What each code means, for the line a command prints last. */
export const EXIT_MEANINGS: Readonly<Record<ExitCode, string>> = {
  0: 'conformant',
  1: 'contract violation',
  2: 'setup or transport problem, or nothing checked',
  3: 'inconclusive: no violation, but too few conclusive cases',
};
