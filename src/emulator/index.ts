// Public names of the emulator (docs/DEVELOPMENT.md, Public entry points).
export { createEmulator, type Emulator } from './create-emulator.ts';
export { DEFAULT_PASSWORD, DEFAULT_USER, type EmulatorOptions } from './emulator-options.ts';
export { FAULTS, isFaultName, type FaultName } from './faults.ts';
export { ManualClock } from './clock.ts';
export type { Timing } from './registry/message-context.ts';
export { parseSize } from './release/environment.ts';
export { KNOWN_RELEASES, releaseProfile } from './release/release-profile.ts';
export { ENVIRONMENTAL_START_ERRORS } from './lifecycle/flaky-start.ts';
