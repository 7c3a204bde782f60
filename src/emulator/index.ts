// Public names of the emulator (docs/DEVELOPMENT.md, Public entry points).
export { createEmulator, type Emulator } from './create-emulator.ts';
export { DEFAULT_PASSWORD, DEFAULT_USER, type EmulatorOptions } from './emulator-options.ts';
export { FAULTS, parseFaults, isFaultName, type FaultName, type FaultInfo } from './faults.ts';
export { ManualClock, systemClock, type Clock } from './clock.ts';
export { fail } from './dispatch/xapi-error.ts';
export { RecordResult, RecordMapResult } from './registry/result-values.ts';
export type {
  CallMode,
  HostRefs,
  MessageArgs,
  MessageContext,
  MessageImpl,
  MessageResult,
  MessageTable,
  Timing,
} from './registry/message-context.ts';
export type { ObjectDb } from './db/object-db.ts';
export type { DbChange, DbRecord, StoredObject, Tombstone, ChangeListener } from './db/db-types.ts';
export type { SessionPolicyName, SessionLimits } from './sessions/session-policy.ts';
export type { UserSpec } from './sessions/credentials.ts';
export { parseSize, DEFAULT_SR_SIZE, type GuestDrivers } from './release/environment.ts';
export {
  EMULATOR_BUILD_NUMBER,
  KNOWN_RELEASES,
  releaseProfile,
  type PresentAs,
  type ReleaseProfile,
} from './release/release-profile.ts';
export { ENVIRONMENTAL_START_ERRORS } from './lifecycle/flaky-start.ts';
