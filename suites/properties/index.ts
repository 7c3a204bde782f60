// Every default conformance property, by area (the fault-detection test runs them all).
import type { PropertyDef } from '../../src/harness/index.ts';
import { AREAS } from '../areas.ts';
// The areas' lists that tests take one at a time; the others are reached through AREAS.
export { EVICTION_PROPERTIES } from './eviction.ts';
export { SESSION_PROPERTIES } from './sessions.ts';
export { VM_LIFECYCLE_PROPERTIES } from './vm-lifecycle.ts';

/** Every default property by area, derived from the one AREAS table (suites/areas.ts). */
export const ALL_PROPERTIES: Readonly<Record<string, readonly PropertyDef[]>> = Object.fromEntries(
  AREAS.map((a) => [a.id, a.properties]),
);
