// The one call a conformance test makes at its end: everything about the property goes into the Allure
// result, and the test then ends with the status the result says (harness-errors.ts explains the mapping).
import * as allure from 'allure-js-commons';
import type { PropertyResult } from '../../src/results/index.ts';
import { attachPropertyEvidence } from './attachments.ts';
import { recordCallSteps, type CallStepsOptions } from './call-steps.ts';
import { deviationNote, failureMessage, violationDetails } from './failure-text.ts';
import { BrokenRunError, ContractViolationError, UnexpectedPassError } from './harness-errors.ts';
import { applyPropertyLabels } from './labels.ts';
import { allureRuntimeActive } from './runtime-messages.ts';

/** The part of vitest's TestContext used to end a known deviation as `skipped`. */
export interface SkippableContext {
  skip(note?: string): void;
}

export interface ReportPropertyOptions extends CallStepsOptions {
  /** vitest's test context; without it a known deviation is reported as passed with its label. */
  readonly context?: SkippableContext;
}

/**
 * Labels, steps and evidence for `result`, then ends the test: returns for `passed`, throws a
 * `ContractViolationError` / `UnexpectedPassError` (Allure `failed`) or a `BrokenRunError` (Allure `broken`),
 * and skips (Allure `skipped`) a reproduced known deviation. Without allure-vitest (plain `npx vitest run
 * suites`) it records nothing and only ends the test the same way.
 */
export async function reportProperty(
  result: PropertyResult,
  options: ReportPropertyOptions = {},
): Promise<void> {
  if (allureRuntimeActive()) {
    await applyPropertyLabels(result);
    if (result.knownDeviation !== undefined) {
      await allure.description(
        `Known deviation \`${result.knownDeviation.id}\`: ${result.knownDeviation.reason}`,
      );
    }
    await recordCallSteps(result.counterexample?.steps ?? result.steps, options);
    await attachPropertyEvidence(result);
  }

  if (result.unexpectedPass === true && result.knownDeviation !== undefined) {
    throw new UnexpectedPassError(result.knownDeviation.id, result.knownDeviation.reason);
  }
  switch (result.status) {
    case 'passed':
      return;
    case 'skipped':
      options.context?.skip(deviationNote(result) ?? result.message ?? 'skipped');
      return;
    case 'inconclusive':
      options.context?.skip(`inconclusive: ${result.message ?? 'too few conclusive cases'}`);
      return;
    case 'failed':
      if (result.kind === 'unexpected-pass') {
        throw new UnexpectedPassError(result.knownDeviation?.id ?? result.id, result.message ?? 'passed');
      }
      throw new ContractViolationError(failureMessage(result), violationDetails(result));
    case 'broken': {
      const kind = result.kind === 'transport' || result.kind === 'setup' ? result.kind : 'harness';
      throw new BrokenRunError(kind, failureMessage(result));
    }
  }
}
