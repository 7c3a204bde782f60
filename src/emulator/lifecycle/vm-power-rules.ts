// Which power states each VM operation starts from (SEMANTICS.md §4 table; xen-api
// ocaml/xapi/xapi_vm_lifecycle.ml `allowed_power_states`, saved as vm_operation_rules_derived.json).
// Lists keep xapi's order: VM_BAD_POWER_STATE's `expected` joins them with ", " in this order.

export type PowerState = 'Halted' | 'Paused' | 'Running' | 'Suspended';

const ALL: readonly PowerState[] = ['Halted', 'Paused', 'Suspended', 'Running'];

const FIXED: Readonly<Record<string, readonly PowerState[]>> = {
  import: [],
  changing_shadow_memory: ['Halted'],
  changing_NVRAM: ['Halted'],
  make_into_template: ['Halted'],
  provision: ['Halted'],
  start: ['Halted'],
  start_on: ['Halted'],
  create_vtpm: ['Halted'],
  unpause: ['Paused'],
  csvm: ['Suspended'],
  resume: ['Suspended'],
  resume_on: ['Suspended'],
  awaiting_memory_live: ['Running'],
  call_plugin: ['Running'],
  clean_reboot: ['Running'],
  clean_shutdown: ['Running'],
  changing_memory_live: ['Running'],
  changing_shadow_memory_live: ['Running'],
  changing_VCPUs_live: ['Running'],
  data_source_op: ['Running'],
  pause: ['Running'],
  pool_migrate: ['Running'],
  send_sysrq: ['Running'],
  send_trigger: ['Running'],
  snapshot_with_quiesce: ['Running'],
  sysprep: ['Running'],
  suspend: ['Running'],
  changing_dynamic_range: ['Halted', 'Running'],
  create_template: ['Halted', 'Suspended'],
  destroy: ['Halted', 'Suspended'],
  export: ['Halted', 'Suspended'],
  hard_reboot: ['Paused', 'Running'],
  checkpoint: ['Paused', 'Suspended', 'Running'],
  get_boot_record: ['Paused', 'Suspended', 'Running'],
  shutdown: ['Paused', 'Suspended', 'Running'],
  hard_shutdown: ['Paused', 'Suspended', 'Running'],
  migrate_send: ['Halted', 'Suspended', 'Running'],
  assert_operation_valid: ALL,
  metadata_export: ALL,
  power_state_reset: ALL,
  revert: ALL,
  reverting: ALL,
  snapshot: ALL,
  update_allowed_operations: ALL,
  query_services: ALL,
};

export interface PowerRuleInputs {
  readonly isControlDomain: boolean;
  readonly isSnapshot: boolean;
  /** pool.other_config allow_clone_suspended_vm (Helpers.clone_suspended_vm_enabled). */
  readonly cloneSuspendedEnabled: boolean;
}

export function allowedPowerStates(op: string, vm: PowerRuleInputs): readonly PowerState[] {
  switch (op) {
    case 'changing_VCPUs':
    case 'changing_static_range':
    case 'changing_memory_limits':
      return vm.isControlDomain ? ['Halted', 'Running'] : ['Halted'];
    case 'clone':
    case 'copy':
      return vm.isSnapshot || vm.cloneSuspendedEnabled ? ['Halted', 'Suspended'] : ['Halted'];
    default:
      return FIXED[op] ?? [];
  }
}

/** Operations left out of allowed_operations (xapi_vm_lifecycle.ml `ignored_ops`). */
export const IGNORED_OPS: ReadonlySet<string> = new Set([
  'create_template',
  'power_state_reset',
  'csvm',
  'get_boot_record',
  'send_sysrq',
  'send_trigger',
  'query_services',
  'shutdown',
  'call_plugin',
  'changing_memory_live',
  'awaiting_memory_live',
  'changing_memory_limits',
  'changing_shadow_memory_live',
  'changing_VCPUs',
  'assert_operation_valid',
  'data_source_op',
  'update_allowed_operations',
  'import',
  'reverting',
]);

/** check_template: what a (non-snapshot) template allows; destroy/migrate_send unless default. */
export const TEMPLATE_OPS: ReadonlySet<string> = new Set([
  'changing_dynamic_range',
  'changing_static_range',
  'changing_memory_limits',
  'changing_shadow_memory',
  'changing_VCPUs',
  'changing_NVRAM',
  'clone',
  'copy',
  'export',
  'metadata_export',
  'provision',
]);

/** check_snapshot. */
export const SNAPSHOT_OPS: ReadonlySet<string> = new Set([
  'revert',
  'clone',
  'copy',
  'export',
  'destroy',
  'hard_shutdown',
  'metadata_export',
]);

/** Operations a control domain allows (the control-domain branch of check_operation_error). */
export const CONTROL_DOMAIN_OPS: ReadonlySet<string> = new Set([
  'data_source_op',
  'changing_memory_live',
  'awaiting_memory_live',
  'metadata_export',
  'changing_dynamic_range',
  'changing_memory_limits',
  'changing_static_range',
  'start',
  'start_on',
  'changing_VCPUs',
  'destroy',
]);

/** is_allowed_concurrently: may `op` start while `current` (operation names) are in progress? */
export function allowedConcurrently(op: string, current: readonly string[]): boolean {
  const groups: readonly (readonly string[])[] = [
    ['clone', 'copy', 'export'],
    ['snapshot', 'checkpoint'],
    ['get_boot_record'],
  ];
  for (const g of groups) if (g.includes(op) && current.every((c) => g.includes(c))) return true;
  if (op === 'hard_shutdown') return !current.includes('hard_shutdown');
  if (op === 'hard_reboot') return !current.some((c) => c === 'hard_shutdown' || c === 'hard_reboot');
  const pairs: readonly [readonly string[], string][] = [
    [['snapshot_with_quiesce'], 'snapshot'],
    [['migrate_send'], 'metadata_export'],
    [['migrate_send'], 'clean_shutdown'],
    [['migrate_send'], 'clean_reboot'],
  ];
  return pairs.some(
    ([state, next]) =>
      next === op && state.length === current.length && state.every((s, i) => s === current[i]),
  );
}
