// The VM operation rules, written from xen-api ocaml/xapi/xapi_vm_lifecycle.ml (facts only; SEMANTICS.md §4).
// Only the operations the model exercises are listed; the order of states in each list is xapi's, because
// VM_BAD_POWER_STATE's "expected" param joins them in that order.

export const POWER_STATES = ['Halted', 'Paused', 'Running', 'Suspended'] as const;
export type PowerState = (typeof POWER_STATES)[number];

/**
 * `allowed_power_states` (xapi_vm_lifecycle.ml) of the operations the model covers, one entry per match arm
 * there: the power states, in xapi's list order, and the operations allowed in them. clone/copy also
 * allow Suspended for snapshots or when pool other_config allow_clone_suspended_vm is "true" (helpers.ml
 * clone_suspended_vm_enabled), which the harness reads from the target's pool (ModelConfig).
 */
const OPERATIONS_BY_POWER_STATES = [
  { states: ['Halted'], ops: ['start', 'start_on', 'provision', 'make_into_template'] },
  { states: ['Paused'], ops: ['unpause'] },
  { states: ['Suspended'], ops: ['resume', 'resume_on'] },
  { states: ['Running'], ops: ['clean_reboot', 'clean_shutdown', 'pause', 'suspend'] },
  { states: ['Halted'], ops: ['clone', 'copy'] },
  { states: ['Halted', 'Suspended'], ops: ['destroy', 'export'] },
  { states: ['Paused', 'Running'], ops: ['hard_reboot'] },
  { states: ['Paused', 'Suspended', 'Running'], ops: ['shutdown', 'hard_shutdown'] },
  { states: ['Halted', 'Paused', 'Suspended', 'Running'], ops: ['snapshot'] },
] as const satisfies readonly { states: readonly PowerState[]; ops: readonly string[] }[];

export type VmOperation = (typeof OPERATIONS_BY_POWER_STATES)[number]['ops'][number];

const ALLOWED_POWER_STATES: ReadonlyMap<VmOperation, readonly PowerState[]> = new Map(
  OPERATIONS_BY_POWER_STATES.flatMap(({ states, ops }) => ops.map((op) => [op, states] as const)),
);

export const COVERED_OPERATIONS: readonly VmOperation[] = [...ALLOWED_POWER_STATES.keys()];

export function allowedPowerStates(
  op: VmOperation,
  vm: { readonly isSnapshot: boolean },
  allowCloneSuspended = false,
): readonly PowerState[] {
  const base = ALLOWED_POWER_STATES.get(op) ?? [];
  if ((op === 'clone' || op === 'copy') && (vm.isSnapshot || allowCloneSuspended))
    return [...base, 'Suspended'];
  return base;
}

/** check_template: what a template (not a snapshot) may do; destroy only when not a default template. */
const TEMPLATE_ALLOWED: ReadonlySet<VmOperation> = new Set(['clone', 'copy', 'export', 'provision']);

export function templateAllows(op: VmOperation, isDefaultTemplate: boolean): boolean {
  return TEMPLATE_ALLOWED.has(op) || (op === 'destroy' && !isDefaultTemplate);
}

/** check_snapshot. */
const SNAPSHOT_ALLOWED: ReadonlySet<VmOperation> = new Set([
  'clone',
  'copy',
  'export',
  'destroy',
  'hard_shutdown',
]);

export function snapshotAllows(op: VmOperation): boolean {
  return SNAPSHOT_ALLOWED.has(op);
}

/**
 * is_allowed_concurrently: compatible groups {clone, copy, export} and {snapshot, checkpoint};
 * hard_shutdown unless another hard_shutdown runs; hard_reboot unless a hard_shutdown or hard_reboot runs.
 */
export function allowedConcurrently(op: VmOperation, current: readonly VmOperation[]): boolean {
  const groups: readonly (readonly string[])[] = [
    ['clone', 'copy', 'export'],
    ['snapshot', 'checkpoint'],
  ];
  if (groups.some((g) => g.includes(op) && current.every((c) => g.includes(c)))) return true;
  if (op === 'hard_shutdown') return !current.includes('hard_shutdown');
  if (op === 'hard_reboot') return !current.some((c) => c === 'hard_shutdown' || c === 'hard_reboot');
  return false;
}

/**
 * Ops that are never listed in allowed_operations (`ignored_ops` in xapi_vm_lifecycle.ml). Of the covered
 * ops only `shutdown` is ignored.
 */
const IGNORED_IN_ALLOWED_OPERATIONS: ReadonlySet<VmOperation> = new Set(['shutdown']);

/** The covered ops that can appear in allowed_operations: the field is compared on these only. */
export const ALLOWED_OPERATIONS_COVERED: readonly VmOperation[] = COVERED_OPERATIONS.filter(
  (op) => !IGNORED_IN_ALLOWED_OPERATIONS.has(op),
);

/** The wire call → operation mapping (message_forwarding.ml `with_vm_operation ~op`). */
export const CALL_OPERATION: Readonly<Record<string, VmOperation>> = {
  'VM.start': 'start',
  'VM.start_on': 'start_on',
  'VM.pause': 'pause',
  'VM.unpause': 'unpause',
  'VM.clean_shutdown': 'clean_shutdown',
  'VM.clean_reboot': 'clean_reboot',
  'VM.hard_shutdown': 'hard_shutdown',
  'VM.hard_reboot': 'hard_reboot',
  'VM.shutdown': 'shutdown',
  'VM.suspend': 'suspend',
  'VM.resume': 'resume',
  'VM.resume_on': 'resume_on',
  'VM.clone': 'clone',
  'VM.copy': 'copy',
  'VM.provision': 'provision',
  'VM.destroy': 'destroy',
  'VM.snapshot': 'snapshot',
};

/** Power state after a successful operation (SEMANTICS.md §4 table); undefined: unchanged. */
export function resultingPowerState(op: VmOperation, startPaused: boolean): PowerState | undefined {
  switch (op) {
    case 'start':
    case 'start_on':
    case 'resume':
    case 'resume_on':
      return startPaused ? 'Paused' : 'Running';
    case 'pause':
      return 'Paused';
    case 'unpause':
      return 'Running';
    case 'suspend':
      return 'Suspended';
    case 'clean_shutdown':
    case 'hard_shutdown':
    case 'shutdown':
      return 'Halted';
    case 'clean_reboot':
    case 'hard_reboot':
      return 'Running';
    default:
      return undefined;
  }
}
