// The reference model (ARCHITECTURE.md): pure, independent of the emulator; imports only src/xapi at most.
export { check } from './check.ts';
export type { Expected, ParamMatcher } from './expected.ts';
export {
  anyParam,
  expectedToString,
  fails,
  oneOf,
  paramToString,
  shapeToString,
  succeeds,
} from './expected.ts';
export { environmentalOutcome } from './environmental.ts';
export type { ParamType } from './messages.ts';
export { MESSAGES, parseWireName } from './messages.ts';
export type { ModelConfig, ModelState, VmModel } from './model-state.ts';
export { initialState, modelConfig } from './model-state.ts';
export type { Observed } from './observed.ts';
export { observedToString } from './observed.ts';
export { predict } from './predict.ts';
export type { ModelCall } from './prediction.ts';
export type { SessionPolicyName } from './session-policy.ts';
export { sessionGroup } from './session-eviction.ts';
export { sdkGuidePolicy, xapiPolicy } from './session-policy.ts';
export { GENERIC_CLASSES, genericMessage, getterFields } from './generic-classes.ts';
export { paramTypeOf } from './param-type-of.ts';
export { objectsOf } from './generic-objects.ts';
export { step } from './step.ts';
export { vmFromRecord } from './vm-adopt.ts';
export { checkOperationError, guestFeatureCheck } from './vm-check-operation.ts';
export type { PowerState, VmOperation } from './vm-operation-rules.ts';
export {
  ALLOWED_OPERATIONS_COVERED,
  CALL_OPERATION,
  COVERED_OPERATIONS,
  POWER_STATES,
  allowedPowerStates,
  resultingPowerState,
} from './vm-operation-rules.ts';
export { allowedOperations } from './vm-records.ts';
export type { HistoryEntry, LinearizabilityModel, LinearizabilityResult } from './linearizability.ts';
export { checkLinearizable } from './linearizability.ts';
export { referenceLinearizabilityModel } from './reference-linearizability-model.ts';
export type { PoolHost, PoolView } from './pool/pool-view.ts';
export { orderedHosts, POOL_VIEW_CLASSES, poolViewFromRecords } from './pool/pool-view.ts';
export {
  certainBlockers,
  evacuationBlockers,
  hostAllowedOperations,
  memberRedirect,
  predictPoolMigrate,
  predictStart,
  predictStartOn,
} from './pool/pool-rules.ts';
