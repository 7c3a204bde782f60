// Enums the project uses, as objects whose keys are their values, so that code gets literal types. Values are the
// datamodel's (xenapi.json via schema.generated.json); test/xapi/enums.test.ts fails if they drift
// from SCHEMA.enums after a regeneration. Everything else: SCHEMA.enums.get(name).
// Enum input is case-insensitive on the wire, output uses these spellings (SEMANTICS.md §2 Values).

/** An enum as a frozen object whose keys are its values, so that code gets literal types (`PowerStates.Halted`). */
function enumOf<const V extends string>(...values: readonly V[]): { readonly [K in V]: K } {
  return Object.freeze(Object.fromEntries(values.map((v) => [v, v]))) as { readonly [K in V]: K };
}

/** VM power states; the wire spelling is capitalised ("Halted") (enum vm_power_state). */
export const PowerStates = enumOf('Halted', 'Paused', 'Running', 'Suspended');
export type PowerState = (typeof PowerStates)[keyof typeof PowerStates];

/** Task status values (enum task_status_type). */
export const TaskStatuses = enumOf('pending', 'success', 'failure', 'cancelling', 'cancelled');

/** VM operations as used in allowed_operations/current_operations (enum vm_operations). */
export const VmOperations = {
  snapshot: 'snapshot',
  clone: 'clone',
  copy: 'copy',
  create_template: 'create_template',
  revert: 'revert',
  checkpoint: 'checkpoint',
  snapshot_with_quiesce: 'snapshot_with_quiesce',
  provision: 'provision',
  start: 'start',
  start_on: 'start_on',
  pause: 'pause',
  unpause: 'unpause',
  clean_shutdown: 'clean_shutdown',
  clean_reboot: 'clean_reboot',
  hard_shutdown: 'hard_shutdown',
  power_state_reset: 'power_state_reset',
  hard_reboot: 'hard_reboot',
  suspend: 'suspend',
  csvm: 'csvm',
  resume: 'resume',
  resume_on: 'resume_on',
  pool_migrate: 'pool_migrate',
  migrate_send: 'migrate_send',
  get_boot_record: 'get_boot_record',
  send_sysrq: 'send_sysrq',
  send_trigger: 'send_trigger',
  query_services: 'query_services',
  shutdown: 'shutdown',
  call_plugin: 'call_plugin',
  changing_memory_live: 'changing_memory_live',
  awaiting_memory_live: 'awaiting_memory_live',
  changing_dynamic_range: 'changing_dynamic_range',
  changing_static_range: 'changing_static_range',
  changing_memory_limits: 'changing_memory_limits',
  changing_shadow_memory: 'changing_shadow_memory',
  changing_shadow_memory_live: 'changing_shadow_memory_live',
  changing_VCPUs: 'changing_VCPUs',
  changing_VCPUs_live: 'changing_VCPUs_live',
  changing_NVRAM: 'changing_NVRAM',
  assert_operation_valid: 'assert_operation_valid',
  data_source_op: 'data_source_op',
  update_allowed_operations: 'update_allowed_operations',
  make_into_template: 'make_into_template',
  import: 'import',
  export: 'export',
  metadata_export: 'metadata_export',
  reverting: 'reverting',
  destroy: 'destroy',
  create_vtpm: 'create_vtpm',
  sysprep: 'sysprep',
} as const;

/** Task operations (enum task_allowed_operations). */
const TaskOperations = enumOf('cancel', 'destroy');

/** Event record `operation` values (enum event_operation). */
const EventOperations = enumOf('add', 'del', 'mod');

/** VM actions_after_shutdown/actions_after_reboot values (enum on_normal_exit). */
const OnNormalExitActions = enumOf('destroy', 'restart');

/** VM actions_after_crash values (enum on_crash_behaviour). */
const OnCrashBehaviours = enumOf(
  'destroy',
  'coredump_and_destroy',
  'restart',
  'coredump_and_restart',
  'preserve',
  'rename_restart',
);

/** VM domain types (enum domain_type). */
const DomainTypes = enumOf('hvm', 'pv', 'pv_in_pvh', 'pvh', 'unspecified');

/** The const objects above by datamodel enum name, for the drift test and generic code. */
export const KNOWN_ENUMS: { readonly [name: string]: { readonly [k: string]: string } } = {
  vm_power_state: PowerStates,
  task_status_type: TaskStatuses,
  vm_operations: VmOperations,
  task_allowed_operations: TaskOperations,
  event_operation: EventOperations,
  on_normal_exit: OnNormalExitActions,
  on_crash_behaviour: OnCrashBehaviours,
  domain_type: DomainTypes,
};
