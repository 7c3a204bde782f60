// The conformance harness (issue 5): targets, preflight, the model-checked driver, properties and their
// runner, expectations, regressions, tagging and cleanup.
export { cleanupRun, destroyObjects, findTagged, sweepTagged } from './cleanup.ts';
export { Driver, safeToRetry } from './driver.ts';
export {
  NO_EXPECTATIONS,
  bothSides,
  expectationsProblem,
  loadExpectations,
  parseExpectations,
  targetKey,
} from './expectations.ts';
export type { Expectations } from './expectations.ts';
export {
  configFor,
  createHarnessContext,
  mirrorExpectationsDefault,
  taskDeadlineFor,
} from './harness-context.ts';
export { releaseNote } from './release-note.ts';
export type { HarnessContext } from './harness-context.ts';
export { preflight } from './preflight.ts';
export { commandCases, singleCase } from './property.ts';
export type { PropertyContext, PropertyDef } from './property.ts';
export { conformanceReporter } from './conformance-reporter.ts';
export { OPTIONS_KEY, RESULT_META_KEY, resultFromMeta, resultToMeta } from './result-channel.ts';
export { fitTimeLimit, runProperty } from './run-property.ts';
export { defaultOptions, formatReplay, optionsFromEnv, parseReplay, propertySeed } from './run-options.ts';
export type { HarnessOptions, MirrorSpec } from './run-options.ts';
export {
  checkAllRecords,
  checkRecord,
  fieldExpected,
  listableClasses,
  releaseIndexOf,
  schemaTransitions,
} from './schema-check.ts';
export { TAG_KEY } from './tagging.ts';
export { emulatorTarget, openMirrorTarget, openTarget, remoteTarget } from './target.ts';
export type { ClientChoice, Target } from './target.ts';
export {
  TASK_COMPLETION,
  TransitionCoverage,
  UNKNOWN_METHOD,
  isPowerState,
  parseTransitionKey,
  powerOpOf,
  powerTransitions,
  sessionSourceState,
  transitionKey,
} from './transition-coverage.ts';
export {
  POOL_TRANSITIONS,
  errorTransitions,
  eventTransitions,
  evictionTransitions,
  sessionTransitions,
  taskTransitions,
  wireTransitions,
} from './area-transitions.ts';
