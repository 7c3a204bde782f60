// The conformance harness (issue 5): targets, preflight, the model-checked driver, properties and their
// runner, expectations, regressions, tagging and cleanup.
export {
  cleanupRun,
  destroyVdis,
  destroyVms,
  findTaggedVdis,
  findTaggedVms,
  retryOnTransport,
  sweepTagged,
} from './cleanup.ts';
export type { CleanupReport } from './cleanup.ts';
export { Driver, safeToRetry } from './driver.ts';
export type { CallMode, DriverOptions } from './driver.ts';
export {
  NO_EXPECTATIONS,
  bothSides,
  expectationsProblem,
  loadExpectations,
  parseExpectations,
  targetKey,
} from './expectations.ts';
export type { Expectations, ExpectationsFile } from './expectations.ts';
export {
  configFor,
  createHarnessContext,
  mirrorExpectationsDefault,
  taskDeadlineFor,
} from './harness-context.ts';
export { releaseNote } from './release-note.ts';
export type { HarnessContext } from './harness-context.ts';
export type { HarnessCommand } from './harness-command.ts';
export { preflight } from './preflight.ts';
export type { Preflight } from './preflight.ts';
export { commandCases, singleCase } from './property.ts';
export type { CaseSource, PropertyContext, PropertyDef } from './property.ts';
export { conformanceReporter, type ConformanceReporter } from './conformance-reporter.ts';
export { OPTIONS_KEY, RESULT_META_KEY, resultFromMeta, resultToMeta } from './result-channel.ts';
export { REGRESSIONS_DIR, loadRegressions, pinRegression, safeFileName } from './regressions.ts';
export type { RegressionFile } from './regressions.ts';
export { fitTimeLimit, runProperty } from './run-property.ts';
export type { RunPropertyOptions } from './run-property.ts';
export {
  defaultOptions,
  formatReplay,
  newRunId,
  optionsFromEnv,
  parseReplay,
  propertySeed,
} from './run-options.ts';
export type { HarnessOptions, MirrorSpec, ProfileChoice, ReplaySpec } from './run-options.ts';
export {
  checkAllRecords,
  checkRecord,
  fieldExpected,
  listableClasses,
  releaseIndexOf,
} from './schema-check.ts';
export type { SchemaProblem } from './schema-check.ts';
export { TAG_KEY, tagDisks, tagVm } from './tagging.ts';
export { emulatorTarget, openMirrorTarget, openTarget, remoteTarget } from './target.ts';
export type { ClientChoice, Target } from './target.ts';
export { toExpectedOutcome } from './to-expected-outcome.ts';
export {
  TransitionCoverage,
  isPowerState,
  parseTransitionKey,
  powerOpOf,
  powerTransitions,
  transitionKey,
  transitionOf,
  vmSourceState,
} from './transition-coverage.ts';
export type { Transition } from './transition-coverage.ts';
