// Every default conformance property, by area (the fault-detection test runs them all).
import type { PropertyDef } from '../../src/harness/index.ts';
import { ERROR_PROPERTIES } from './errors.ts';
import { EVENT_PROPERTIES } from './events.ts';
import { EVICTION_PROPERTIES } from './eviction.ts';
import { SCHEMA_PROPERTIES } from './schema.ts';
import { SESSION_PROPERTIES } from './sessions.ts';
import { TASK_PROPERTIES } from './tasks.ts';
import { VM_LIFECYCLE_PROPERTIES } from './vm-lifecycle.ts';
import { WIRE_PROPERTIES } from './wire.ts';

export {
  ERROR_PROPERTIES,
  EVENT_PROPERTIES,
  EVICTION_PROPERTIES,
  SCHEMA_PROPERTIES,
  SESSION_PROPERTIES,
  TASK_PROPERTIES,
  VM_LIFECYCLE_PROPERTIES,
  WIRE_PROPERTIES,
};

export const ALL_PROPERTIES: Readonly<Record<string, readonly PropertyDef[]>> = {
  wire: WIRE_PROPERTIES,
  sessions: SESSION_PROPERTIES,
  eviction: EVICTION_PROPERTIES,
  'vm-lifecycle': VM_LIFECYCLE_PROPERTIES,
  tasks: TASK_PROPERTIES,
  events: EVENT_PROPERTIES,
  errors: ERROR_PROPERTIES,
  schema: SCHEMA_PROPERTIES,
};
