// Every default conformance property, by area (the fault-detection test runs them all).
import type { PropertyDef } from '../../src/harness/index.ts';
import { AREAS } from '../areas.ts';
import { ERROR_PROPERTIES } from './errors.ts';
import { EVENT_PROPERTIES } from './events.ts';
import { EVICTION_PROPERTIES } from './eviction.ts';
import { POOL_PROPERTIES } from './pool.ts';
import { SCHEMA_PROPERTIES } from './schema.ts';
import { SESSION_PROPERTIES } from './sessions.ts';
import { TASK_PROPERTIES } from './tasks.ts';
import { VM_LIFECYCLE_PROPERTIES } from './vm-lifecycle.ts';
import { WIRE_PROPERTIES } from './wire.ts';

export {
  ERROR_PROPERTIES,
  EVENT_PROPERTIES,
  EVICTION_PROPERTIES,
  POOL_PROPERTIES,
  SCHEMA_PROPERTIES,
  SESSION_PROPERTIES,
  TASK_PROPERTIES,
  VM_LIFECYCLE_PROPERTIES,
  WIRE_PROPERTIES,
};

/** Every default property by area, derived from the one AREAS table (suites/areas.ts). */
export const ALL_PROPERTIES: Readonly<Record<string, readonly PropertyDef[]>> = Object.fromEntries(
  AREAS.map((a) => [a.id, a.properties]),
);
