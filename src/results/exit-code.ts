// The process exit codes shared by `conformance`, `load` and `report` (issue 6 §4), so a CI system can
// tell a product bug from a broken run without parsing any output.
import type { PropertyStatus } from './status.ts';

export const EXIT_CODES = {
  /** Every check ran and the target conformed (known deviations and skips included). */
  conformant: 0,
  /** At least one contract violation (or an unexpected pass, or a failed load threshold). */
  contractViolation: 1,
  /** Nothing conclusive could be said: transport or setup problem, harness error, or no results at all. */
  setupOrTransport: 2,
} as const;
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

/**
 * The exit code for a set of statuses. A violation wins over a broken test: a contradicted contract
 * is a confirmed finding, while a broken test only means part of the run could not check anything.
 * An empty run is a setup problem: zero checks must never read as "conformant".
 */
export function exitCodeForStatuses(statuses: Iterable<PropertyStatus>): ExitCode {
  let any = false;
  let broken = false;
  for (const status of statuses) {
    any = true;
    if (status === 'failed') return EXIT_CODES.contractViolation;
    if (status === 'broken') broken = true;
  }
  if (!any || broken) return EXIT_CODES.setupOrTransport;
  return EXIT_CODES.conformant;
}
