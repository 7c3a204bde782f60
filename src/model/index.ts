// The reference model (ARCHITECTURE.md): pure, independent of the emulator; imports only src/xapi at most.
export type { CheckResult } from './check.ts';
export { check, checkShape, codeMatches, decodeXmlValue, valuesEqual } from './check.ts';
export type { Expected, ExpectedEvent, ForbiddenEvent, ParamMatcher, Shape } from './expected.ts';
export {
  anyParam,
  anyShape,
  equalsShape,
  expectedToString,
  fails,
  oneOf,
  recordShape,
  refParam,
  refShape,
  shapeToString,
  succeeds,
  unpredictable,
  voidShape,
} from './expected.ts';
export {
  START_ENVIRONMENTAL,
  STORAGE_ENVIRONMENTAL,
  environmentalFailures,
  environmentalOutcome,
  environmentalReason,
} from './environmental.ts';
export type { MessageSpec, ParamType } from './messages.ts';
export { MESSAGES, parseWireName, typeAccepts } from './messages.ts';
export type {
  Change,
  ModelConfig,
  ModelState,
  SessionModel,
  TaskModel,
  TaskStatus,
  VmModel,
} from './model-state.ts';
export { initialState, modelConfig } from './model-state.ts';
export type { Observed } from './observed.ts';
export { observedToString, preview } from './observed.ts';
export { isCovered, predict } from './predict.ts';
export type { CallContext, Handler, ModelCall, Outcome, Prediction } from './prediction.ts';
export type { SdkGuidePolicy, SessionPolicy, SessionPolicyName, XapiPolicy } from './session-policy.ts';
export { policyByName, sdkGuidePolicy, xapiPolicy } from './session-policy.ts';
export { busySessions, checkSession, settleSessions } from './session-check.ts';
export { sessionGroup } from './session-eviction.ts';
export type { StepResult } from './step.ts';
export { step } from './step.ts';
export { adoptVmRecords, vmFromRecord } from './vm-adopt.ts';
export type { CheckOptions } from './vm-check-operation.ts';
export {
  GUEST_FEATURE_OPS,
  checkOperationError,
  guestFeatureCheck,
  guestFeatureFailures,
  isDefaultTemplate,
} from './vm-check-operation.ts';
export type { PowerState, VmOperation } from './vm-operation-rules.ts';
export {
  ALLOWED_OPERATIONS_COVERED,
  CALL_OPERATION,
  COVERED_OPERATIONS,
  POWER_STATES,
  allowedConcurrently,
  allowedPowerStates,
  resultingPowerState,
} from './vm-operation-rules.ts';
export { allowedOperations, learnFeatures, optionalOperations, vmBusy, vmRecordShape } from './vm-records.ts';
export type {
  HistoryEntry,
  LinearizabilityModel,
  LinearizabilityOptions,
  LinearizabilityResult,
} from './linearizability.ts';
export { checkLinearizable } from './linearizability.ts';
export { referenceLinearizabilityModel } from './reference-linearizability-model.ts';
export { stateKey } from './state-key.ts';
export type {
  EvacuationReason,
  PoolError,
  PoolHost,
  PoolRecords,
  PoolView,
  PoolVm,
  StartPrediction,
} from './pool/index.ts';
export {
  certainBlockers,
  evacuationBlockers,
  hostAllowedOperations,
  memberRedirect,
  numberOf,
  orderedHosts,
  POOL_VIEW_CLASSES,
  poolViewFromRecords,
  predictPoolMigrate,
  predictStart,
  predictStartOn,
} from './pool/index.ts';
