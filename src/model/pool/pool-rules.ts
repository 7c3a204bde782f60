// The pool rules of the reference model (docs/SEMANTICS.md §11), as pure functions of a PoolView:
// where VM.start may place a VM, what VM.start_on / resume_on / pool_migrate answer, which VMs prevent a
// host's evacuation and why, a host's allowed_operations, and the redirect a member gives.
// Sources (xen-api): ocaml/xapi/xapi_vm_helpers.ml assert_can_boot_here, choose_host_for_vm_no_wlb;
// ocaml/xapi/vm_placement.ml (affinity category first); ocaml/xapi/message_forwarding.ml VM.start_on,
// resume_on, pool_migrate; ocaml/xapi/xapi_host.ml compute_evacuation_plan_no_wlb, evacuate;
// ocaml/xapi/xapi_host_helpers.ml valid_operations; ocaml/xapi/session_check.ml, xapi_session.ml.
import type { Expected } from '../expected.ts';
import { anyParam, fails, oneOf, succeeds } from '../expected.ts';
import { environmentalFailures } from '../environmental.ts';
import type { PoolHost, PoolView, PoolVm } from './pool-view.ts';

/** A failure the model predicts exactly (code and params). */
interface PoolError {
  readonly code: string;
  readonly params: readonly string[];
}

interface BootCheckOptions {
  /** Include the memory check (evacuation planning leaves it out: do_memory_check:false). */
  readonly memory: boolean;
}

/**
 * assert_can_boot_here, in xapi's order: host live (HOST_NOT_LIVE []), host enabled unless the VM is a
 * control domain or this is a local live migration (HOST_DISABLED [host]), every SR of the VM's disks
 * attached on the host (VM_REQUIRES_SR [vm; first missing sr]), then memory
 * (HOST_NOT_ENOUGH_FREE_MEMORY [needed; available]). A local live migration needs no new memory: the
 * VM's own memory stays where it is.
 */
function bootError(vm: PoolVm, host: PoolHost, o: BootCheckOptions): PoolError | undefined {
  if (!host.live) return { code: 'HOST_NOT_LIVE', params: [] };
  const localLive = vm.powerState === 'Running' && vm.residentOn === host.ref;
  if (!vm.isControlDomain && !localLive && !host.enabled)
    return { code: 'HOST_DISABLED', params: [host.ref] };
  const missing = vm.srs.find((sr) => !host.srs.has(sr));
  if (missing !== undefined) return { code: 'VM_REQUIRES_SR', params: [vm.ref, missing] };
  if (o.memory) {
    const available = host.memoryFree + (localLive ? vm.memory : 0);
    if (vm.memory > available) {
      return { code: 'HOST_NOT_ENOUGH_FREE_MEMORY', params: [String(vm.memory), String(available)] };
    }
  }
  return undefined;
}

/**
 * The expected failure. Memory figures include overheads the harness cannot see on a real host (the
 * memory-overhead of each VM), so HOST_NOT_ENOUGH_FREE_MEMORY's two numbers are not compared.
 */
function expectError(e: PoolError): Expected {
  if (e.code === 'HOST_NOT_ENOUGH_FREE_MEMORY') return fails(e.code, [anyParam, anyParam]);
  return fails(e.code, e.params);
}

interface StartPrediction {
  /** Hosts the VM may end up resident on when the start succeeds. Empty: it must fail. */
  readonly hosts: readonly string[];
  /** The outcome of VM.start itself. */
  readonly expected: Expected;
}

/**
 * VM.start's placement (choose_host_for_vm_no_wlb, vm_placement.ml): among the hosts that pass the full
 * check, the affinity host when it is one of them (the affinity category comes first), else any of them
 * (xapi picks at random, biased to the most free memory). When no host passes, xapi tries again without
 * the memory check: a host found that way is started on and the domain build fails for memory
 * (HOST_NOT_ENOUGH_FREE_MEMORY; some builds report NO_HOSTS_AVAILABLE); no host at all:
 * NO_HOSTS_AVAILABLE []. A VM that is not Halted fails first: VM_BAD_POWER_STATE [vm; "halted"; actual].
 */
export function predictStart(view: PoolView, vmRef: string): StartPrediction {
  const vm = view.vms.get(vmRef);
  if (vm === undefined) return { hosts: [], expected: fails('HANDLE_INVALID', ['VM', vmRef]) };
  // The VM operation's checks come before any placement (message_forwarding.ml VM.start runs in
  // with_vm_operation; xapi_vm_lifecycle.ml allowed_power_states: start needs Halted, SEMANTICS.md §4).
  if (vm.powerState !== 'Halted') return { hosts: [], expected: expectError(badPowerState(vm, 'halted')) };
  const hosts = [...view.hosts.values()];
  const fit = hosts.filter((h) => bootError(vm, h, { memory: true }) === undefined);
  if (fit.length > 0) {
    const affinity = fit.find((h) => h.ref === vm.affinity);
    return {
      hosts: affinity !== undefined ? [affinity.ref] : fit.map((h) => h.ref),
      expected: startsOrEnvironmental(vmRef),
    };
  }
  const withoutMemory = hosts.filter((h) => bootError(vm, h, { memory: false }) === undefined);
  if (withoutMemory.length === 0) return { hosts: [], expected: fails('NO_HOSTS_AVAILABLE', []) };
  return {
    hosts: [],
    expected: oneOf(
      fails('HOST_NOT_ENOUGH_FREE_MEMORY', [anyParam, anyParam]),
      fails('NO_HOSTS_AVAILABLE', []),
    ),
  };
}

function badPowerState(vm: PoolVm, allowed: string): PoolError {
  return { code: 'VM_BAD_POWER_STATE', params: [vm.ref, allowed, vm.powerState.toLowerCase()] };
}

/**
 * VM.start_on / resume_on (message_forwarding.ml): start_on first refuses a host with an evacuation in
 * progress (HOST_EVACUATE_IN_PROGRESS [host]); then the VM operation's checks (power state: Halted for
 * start_on, Suspended for resume_on); then assert_can_boot_here on that host with the memory check.
 */
export function predictStartOn(
  view: PoolView,
  vmRef: string,
  hostRef: string,
  op: 'start_on' | 'resume_on',
): Expected {
  const vm = view.vms.get(vmRef);
  if (vm === undefined) return fails('HANDLE_INVALID', ['VM', vmRef]);
  const host = view.hosts.get(hostRef);
  if (host === undefined) return fails('HANDLE_INVALID', ['host', hostRef]);
  if (op === 'start_on' && host.currentOps.includes('evacuate'))
    return fails('HOST_EVACUATE_IN_PROGRESS', [hostRef]);
  const from = op === 'start_on' ? 'Halted' : 'Suspended';
  if (vm.powerState !== from) return expectError(badPowerState(vm, from.toLowerCase()));
  const e = bootError(vm, host, { memory: true });
  return e === undefined ? startsOrEnvironmental(vmRef) : expectError(e);
}

/**
 * A start the pool rules allow: success, or one of the failures a conformant host gives for reasons outside
 * the contract once the domain is being built (SEMANTICS.md §10: no memory after all, a bootloader or
 * device emulator that fails, a storage backend; xen-api ocaml/xapi/xapi_xenops.ml), as for VM.start on
 * one host (vm-lifecycle.ts). The suite ends such a case as environmental (generators/pool/pool-steps.ts).
 */
function startsOrEnvironmental(vmRef: string): Expected {
  return oneOf(succeeds(), ...environmentalFailures('start', vmRef));
}

/**
 * VM.pool_migrate (message_forwarding.ml, xapi_vm_migrate.ml): only a Running VM
 * (VM_BAD_POWER_STATE [vm; "running"; actual]); then assert_can_boot_here on the destination, so a VM with a
 * disk on an SR the destination cannot see fails with VM_REQUIRES_SR [vm; sr] (a local disk); migrating to
 * the VM's own host is a "localhost migration" and succeeds, even on a disabled host.
 */
export function predictPoolMigrate(view: PoolView, vmRef: string, hostRef: string): Expected {
  const vm = view.vms.get(vmRef);
  if (vm === undefined) return fails('HANDLE_INVALID', ['VM', vmRef]);
  const host = view.hosts.get(hostRef);
  if (host === undefined) return fails('HANDLE_INVALID', ['host', hostRef]);
  if (vm.powerState !== 'Running') return expectError(badPowerState(vm, 'running'));
  const e = bootError(vm, host, { memory: true });
  const outcome = e === undefined ? succeeds() : expectError(e);
  // A live guest without feature-suspend cannot move (check_op_for_feature); allowed_operations, computed
  // strictly, shows it: pool_migrate missing from a Running VM's list means the guest may refuse.
  return vm.allowedOps.includes('pool_migrate')
    ? outcome
    : oneOf(outcome, fails('VM_LACKS_FEATURE', [vmRef]), fails('VM_NON_SUSPENDABLE', [vmRef, anyParam]));
}

/** A reason a VM prevents evacuation: exact, or "not enough memory" where xapi's bin-packing decides. */
type EvacuationReason =
  PoolError | { readonly code: 'HOST_NOT_ENOUGH_FREE_MEMORY' | 'VM_LACKS_FEATURE'; readonly maybe: true };

/**
 * host.get_vms_which_prevent_evacuation (xapi_host.ml compute_evacuation_plan_no_wlb, no HA, no WLB):
 * the targets are the other enabled hosts. None: every resident non-control-domain VM gets
 * NO_HOSTS_AVAILABLE [vm]. Otherwise each VM must be bootable on every target without the memory check
 * (else that error); a VM whose pool_migrate operation is not allowed gets that error instead (a Paused VM:
 * VM_BAD_POWER_STATE [vm; "running"; "paused"]); then memory bin-packing over the targets: a VM that fits
 * nowhere gets HOST_NOT_ENOUGH_FREE_MEMORY [vm].
 */
export function evacuationBlockers(view: PoolView, hostRef: string): Map<string, EvacuationReason> {
  const out = new Map<string, EvacuationReason>();
  const host = view.hosts.get(hostRef);
  if (host === undefined) return out;
  const user = host.residentVms
    .map((r) => view.vms.get(r))
    .filter((v): v is PoolVm => v !== undefined && !v.isControlDomain);
  const targets = [...view.hosts.values()].filter((h) => h.enabled && h.ref !== hostRef);
  if (targets.length === 0) {
    for (const vm of user) out.set(vm.ref, { code: 'NO_HOSTS_AVAILABLE', params: [vm.ref] });
    return out;
  }
  const movable: PoolVm[] = [];
  for (const vm of user) {
    let err: PoolError | undefined;
    for (const t of targets) {
      err = bootError(vm, t, { memory: false });
      if (err !== undefined) break;
    }
    if (err !== undefined) out.set(vm.ref, err);
    else movable.push(vm);
  }
  for (const vm of user) {
    if (vm.powerState !== 'Running') out.set(vm.ref, badPowerState(vm, 'running'));
    else if (!vm.allowedOps.includes('pool_migrate'))
      out.set(vm.ref, { code: 'VM_LACKS_FEATURE', maybe: true });
  }
  // Bin-packing: certain when everything fits on the roomiest target together; otherwise a VM larger than
  // every target's free memory surely fails, and the others may.
  const roomiest = Math.max(...targets.map((t) => t.memoryFree));
  const total = movable.reduce((s, v) => s + v.memory, 0);
  if (total > roomiest) {
    for (const vm of movable) {
      if (out.has(vm.ref)) continue;
      out.set(
        vm.ref,
        vm.memory > roomiest
          ? { code: 'HOST_NOT_ENOUGH_FREE_MEMORY', params: [vm.ref] }
          : { code: 'HOST_NOT_ENOUGH_FREE_MEMORY', maybe: true },
      );
    }
  }
  return out;
}

/** The exact blockers (no "maybe"): what get_vms_which_prevent_evacuation must list when nothing is uncertain. */
export function certainBlockers(
  reasons: ReadonlyMap<string, EvacuationReason>,
): Map<string, readonly string[]> | undefined {
  const out = new Map<string, readonly string[]>();
  for (const [vm, r] of reasons) {
    if ('maybe' in r) return undefined;
    out.set(vm, [r.code, ...r.params]);
  }
  return out;
}

/**
 * host.allowed_operations (xapi_host_helpers.ml valid_operations) for a host with no operation in progress
 * and no clustered SR: every host operation except power_on on a live host (HOST_IS_LIVE), and except
 * reboot, shutdown and apply_updates while the host is enabled (HOST_NOT_DISABLED). Compared as a set.
 */
export function hostAllowedOperations(host: PoolHost): string[] {
  const all = [
    'provision',
    'evacuate',
    'shutdown',
    'reboot',
    'power_on',
    'vm_start',
    'vm_resume',
    'vm_migrate',
    'apply_updates',
    'enable',
  ];
  return all.filter((op) => {
    if (op === 'power_on') return !host.live;
    if (op === 'reboot' || op === 'shutdown' || op === 'apply_updates') return !host.enabled;
    return true;
  });
}

/**
 * A member's answer to session.login_with_password (before any password check, xapi_session.ml) and to any
 * call with a session of the coordinator's database (session_check.ml): HOST_IS_SLAVE [coordinator address].
 * A session ref the database does not hold is SESSION_INVALID [ref] there as everywhere.
 */
export function memberRedirect(view: PoolView): Expected {
  const master = view.hosts.get(view.master);
  return fails('HOST_IS_SLAVE', [master?.address ?? anyParam]);
}
