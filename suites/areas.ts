// The one table of conformance areas (issue 13 §4). The CLI's --suite list and --list, the contract files
// (suites/<id>.contract.test.ts, each one line naming its area) and the report's labels (every property's
// `area`, the Allure epic) all derive from it: a new area is one entry here, its properties file, and its
// contract file (a test checks the three agree).
import type { PropertyDef } from '../src/harness/index.ts';
import { ERROR_PROPERTIES } from './properties/errors.ts';
import { EVENT_PROPERTIES } from './properties/events.ts';
import { EVICTION_PROPERTIES } from './properties/eviction.ts';
import { POOL_PROPERTIES } from './properties/pool.ts';
import { SCHEMA_PROPERTIES } from './properties/schema.ts';
import { SESSION_PROPERTIES } from './properties/sessions.ts';
import { TASK_PROPERTIES } from './properties/tasks.ts';
import { VM_LIFECYCLE_PROPERTIES } from './properties/vm-lifecycle.ts';
import { WIRE_PROPERTIES } from './properties/wire.ts';

interface Area {
  /** The --suite name, the Allure epic, the first part of every property id. */
  readonly id: string;
  /** One line for --list and --help. */
  readonly title: string;
  readonly properties: readonly PropertyDef[];
  /**
   * Needs the target to itself: on a shared (real) target its session storms would evict the other areas'
   * sessions, so it runs alone, after them (SEMANTICS.md §3).
   */
  readonly alone?: boolean;
}

export const AREAS: readonly Area[] = [
  {
    id: 'wire',
    title: 'XML-RPC and JSON-RPC envelopes, over HTTP and in-process',
    properties: WIRE_PROPERTIES,
  },
  { id: 'sessions', title: 'login, logout, session validity', properties: SESSION_PROPERTIES },
  {
    id: 'eviction',
    title: 'session limits and which session a login evicts',
    properties: EVICTION_PROPERTIES,
    alone: true,
  },
  {
    id: 'vm-lifecycle',
    title: 'VM power states, clone, provision, destroy',
    properties: VM_LIFECYCLE_PROPERTIES,
  },
  { id: 'tasks', title: 'Async calls and their tasks', properties: TASK_PROPERTIES },
  { id: 'events', title: 'event.from and what it reports', properties: EVENT_PROPERTIES },
  { id: 'errors', title: 'error codes and their parameters', properties: ERROR_PROPERTIES },
  { id: 'schema', title: 'every record against the datamodel', properties: SCHEMA_PROPERTIES },
  {
    id: 'pool',
    title: 'pools: placement, migration, maintenance, member redirect, coordinator change',
    properties: POOL_PROPERTIES,
    // It moves the coordinator and disables hosts: other areas' sessions and VMs would feel it.
    alone: true,
  },
];

export const AREA_IDS: readonly string[] = AREAS.map((a) => a.id);

/** The vitest entry point of an area, relative to the repository root. */
export function contractFile(areaId: string): string {
  return `suites/${areaId}.contract.test.ts`;
}

export function findArea(id: string): Area | undefined {
  return AREAS.find((a) => a.id === id);
}

/** Every property of every area, in table order. */
export function allProperties(): PropertyDef[] {
  return AREAS.flatMap((a) => a.properties);
}
