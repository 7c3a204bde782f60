// Named fault injection. A fault makes the emulator deliberately diverge from xapi so that the
// conformance suites can prove they catch that divergence (ARCHITECTURE.md: "faults are injected
// through the emulator's own fault hooks"). Names are validated at start: a typo must not silently
// run a clean emulator.

/** The conformance areas (suites/properties/index.ts ALL_PROPERTIES keys). */
export type FaultArea =
  'sessions' | 'eviction' | 'vm-lifecycle' | 'tasks' | 'events' | 'errors' | 'pool' | 'schema';

export interface FaultInfo {
  /** What the emulator does wrong when the fault is on. */
  readonly effect: string;
  /** Where it is implemented (issue 3 = emulator core, issue 4 = emulator behaviour, 17 = detection). */
  readonly issue: 3 | 4 | 14 | 17;
  /**
   * The conformance area whose suite alone, with the default budget, must catch it
   * (`conformance --suite AREA` exits 1 against `emulator --fault F`; issue 17 item 2).
   */
  readonly area: FaultArea;
}

export const FAULTS = {
  'eviction-order': {
    effect: 'session eviction removes the newest session instead of the oldest / least recently active',
    area: 'eviction',
    issue: 3,
  },
  'eviction-off': { effect: 'sessions are never evicted, whatever the limit', area: 'eviction', issue: 3 },
  'logout-noop': {
    effect: 'session.logout answers Success but the session stays valid',
    area: 'sessions',
    issue: 3,
  },
  'lost-write': {
    effect: 'a field setter (set_/add_to_/remove_from_/add_/remove_) is acknowledged but not applied',
    area: 'vm-lifecycle',
    issue: 3,
  },
  'missing-mod-event': { effect: 'event.from omits some mod events', area: 'events', issue: 4 },
  'event-token-backwards': {
    effect: 'event.from answers a token before the one it was given',
    area: 'events',
    issue: 17,
  },
  'task-stuck-pending': { effect: 'async tasks never leave the pending state', area: 'tasks', issue: 4 },
  'task-finished-before-created': {
    effect: "a completed task's finished is before its created",
    area: 'tasks',
    issue: 17,
  },
  'clone-forgets-devices': {
    effect: 'VM.clone copies neither the VBDs nor the VIFs of its source',
    area: 'vm-lifecycle',
    issue: 17,
  },
  'provision-no-vdi': {
    effect: 'VM.provision succeeds and consumes the disks spec but makes no VDI or VBD',
    area: 'vm-lifecycle',
    issue: 17,
  },
  'get-by-uuid-wrong': {
    effect: 'X.get_by_uuid answers the ref of another object of the class',
    area: 'vm-lifecycle',
    issue: 17,
  },
  'get-by-name-label-partial': {
    effect: 'X.get_by_name_label leaves out the newest object of that name',
    area: 'vm-lifecycle',
    issue: 17,
  },
  'destroy-keeps-devices': {
    effect: 'VM.destroy removes the VM but leaves its VBDs and VIFs behind',
    area: 'vm-lifecycle',
    issue: 17,
  },
  'getter-drops-newest': {
    effect: 'X.get_<field> of a map or set field leaves out its newest entry (the record has it)',
    area: 'vm-lifecycle',
    issue: 17,
  },
  'get-all-misses-newest': {
    effect: 'X.get_all leaves out the newest object of the class (get_all_records lists it)',
    area: 'vm-lifecycle',
    issue: 17,
  },
  'ref-counts-subscribed-only': {
    effect: "event.from's valid_ref_counts counts only the subscribed classes, not every table",
    area: 'events',
    issue: 17,
  },
  'enum-value-unknown': {
    effect: 'every VM\'s actions_after_crash reads "reboot", which is not a member of on_crash_behaviour',
    area: 'schema',
    issue: 17,
  },
  'current-operations-wrong-key': {
    effect: 'a running VM operation is listed in current_operations under the null ref, not under its task',
    area: 'tasks',
    issue: 17,
  },
  'other-operation-wrong-params': {
    effect:
      "a VM operation that conflicts with a running one answers OTHER_OPERATION_IN_PROGRESS at once, with the other release's parameters",
    area: 'tasks',
    issue: 17,
  },
  'current-operations-leak': {
    effect: "a finished VM operation stays in the VM's current_operations",
    area: 'vm-lifecycle',
    issue: 17,
  },
  'start-template': { effect: 'VM.start succeeds on a template', area: 'vm-lifecycle', issue: 4 },
  'wrong-error-code': {
    effect: 'a lifecycle failure carries the wrong error code',
    area: 'errors',
    issue: 4,
  },
  'wrong-error-params': {
    effect: 'a lifecycle failure carries wrong error parameters',
    area: 'errors',
    issue: 4,
  },
  'stale-allowed-operations': {
    effect: 'allowed_operations is not recomputed after a change',
    area: 'vm-lifecycle',
    issue: 4,
  },
  'suspend-wrong-state': {
    effect: 'VM.suspend leaves the VM in the wrong power state',
    area: 'vm-lifecycle',
    issue: 4,
  },
  // Issue 14, pools (docs/SEMANTICS.md §11).
  'migrate-local-disks': {
    effect:
      'VM.pool_migrate and host.evacuate ignore local disks (no VM_REQUIRES_SR for an SR the destination cannot see)',
    area: 'pool',
    issue: 14,
  },
  'member-accepts-login': {
    effect: 'a pool member accepts logins and session-checked calls instead of answering HOST_IS_SLAVE',
    area: 'pool',
    issue: 14,
  },
  'evacuate-leaves-vm': {
    effect: 'host.evacuate succeeds but leaves one VM resident on the host',
    area: 'pool',
    issue: 14,
  },
} as const satisfies Readonly<Record<string, FaultInfo>>;

export type FaultName = keyof typeof FAULTS;

export function isFaultName(name: string): name is FaultName {
  return Object.hasOwn(FAULTS, name);
}

/** Validates fault names; throws a RangeError listing the known names on the first unknown one. */
export function parseFaults(names: readonly string[]): ReadonlySet<FaultName> {
  const out = new Set<FaultName>();
  for (const name of names) {
    if (!isFaultName(name)) {
      throw new RangeError(`unknown fault '${name}'; known faults: ${Object.keys(FAULTS).join(', ')}`);
    }
    out.add(name);
  }
  return out;
}
