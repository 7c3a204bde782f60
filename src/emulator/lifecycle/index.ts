// The emulator's behaviour layer (issue 4): per-emulator state, VM operation rules and checks in
// xapi's order, power-state changes, clone/copy/snapshot/provision, storage and device helpers.
export { Behaviour, startBehaviour, type BehaviourOptions } from './behaviour.ts';
export { checkVmOperation, isDefaultTemplate, type OperationError } from './check-vm-operation.ts';
export {
  allowedConcurrently,
  allowedPowerStates,
  CONTROL_DOMAIN_OPS,
  IGNORED_OPS,
  SNAPSHOT_OPS,
  TEMPLATE_OPS,
  type PowerRuleInputs,
  type PowerState,
} from './vm-power-rules.ts';
export { computeVmAllowedOperations, updateVmAllowedOperations } from './vm-allowed-operations.ts';
export { acquireVmOperation, withVmOperation, type VmOperationContext } from './with-vm-operation.ts';
export {
  assertHostMemory,
  domainMemory,
  ensureVmMetrics,
  setPowerState,
  type PowerChangeOptions,
} from './vm-power-state.ts';
export { cloneVm, type CloneKind, type CloneOptions } from './vm-clone.ts';
export { provisionVm } from './vm-provision.ts';
export { parseProvisionXml, type DiskSpec } from './provision-spec.ts';
export { createSuspendImage, destroySuspendImage } from './vm-suspend-image.ts';
export { ipOfMac, removeGuestMetrics, reportGuestMetrics } from './vm-guest-metrics.ts';
export {
  cloneVdi,
  createVdi,
  destroyVdi,
  refreshSrUsage,
  updateVdiAllowedOperations,
  type NewVdi,
} from './vdi-ops.ts';
export { updateSrAllowedOperations } from './sr-allowed-operations.ts';
export {
  assertDeviceOperation,
  updateVbdAllowedOperations,
  updateVifAllowedOperations,
  updateVmDevices,
  vbdOperationErrors,
  vifOperationErrors,
} from './device-operations.ts';
export { copyVbd, copyVif, insertVbd, insertVif, randomMac, removeDevice } from './vm-devices.ts';
export { dateMs, mapOf, num, refsOf, setOf, str } from './record-values.ts';
