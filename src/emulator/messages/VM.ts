// VM lifecycle (SEMANTICS.md §4; xen-api ocaml/xapi/message_forwarding.ml VM.*, xapi_vm.ml,
// xapi_vm_clone.ml, xapi_vm_helpers.ml). Every operation runs inside with_vm_operation
// (lifecycle/with-vm-operation.ts): checks in xapi's order, {task: op} in current_operations while it
// runs, allowed_operations recomputed before and after. The time an operation takes and its progress
// come from the timing profile (tasks/timing-profile.ts).
// DEVIATION: xapi also files a `message` (VM_STARTED, VM_SHUTDOWN, ...) after each lifecycle call
// (message_forwarding.ml create_vm_message); the emulator does not.
import { newRef, NULL_REF } from '../../xapi/ref.ts';
import type { XapiJs } from '../../xapi/types.ts';
import { randomUUID } from 'node:crypto';
import { XapiFailure } from '../../xapi/harness-errors.ts';
import { fail } from '../dispatch/xapi-error.ts';
import type { Behaviour } from '../lifecycle/behaviour.ts';
import { updateVmDevices } from '../lifecycle/device-operations.ts';
import { mapOf, refsOf, str } from '../lifecycle/record-values.ts';
import { checkVmOperation } from '../lifecycle/check-vm-operation.ts';
import { maybeFailStart } from '../lifecycle/flaky-start.ts';
import { updateVmAllowedOperations } from '../lifecycle/vm-allowed-operations.ts';
import { cloneVm } from '../lifecycle/vm-clone.ts';
import { removeDevice } from '../lifecycle/vm-devices.ts';
import { ensureVmMetrics, setPowerState } from '../lifecycle/vm-power-state.ts';
import { cannotBootHere, chooseHost, possibleHosts } from '../pool/placement.ts';
import { provisionVm } from '../lifecycle/vm-provision.ts';
import { revertVm } from '../lifecycle/vm-revert.ts';
import { createSuspendImage, destroySuspendImage } from '../lifecycle/vm-suspend-image.ts';
import { withVmOperation, type VmOperationContext } from '../lifecycle/with-vm-operation.ts';
import type { MessageArgs, MessageContext, MessageImpl, MessageTable } from '../registry/message-context.ts';
import { constructorMessage } from '../lifecycle/constructor-message.ts';

function arg(a: MessageArgs, name: string): string {
  return str(a[name]);
}

/** message_forwarding.ml `cancel ~vm ~ops`: hard_shutdown / hard_reboot cancel conflicting tasks. */
function cancelOps(c: VmOperationContext, b: Behaviour, vm: string, ops: readonly string[]): void {
  for (const [task, op] of Object.entries(mapOf(c.get('VM', vm).record['current_operations']))) {
    if (task !== c.task && ops.includes(str(op)) && c.db.get('task', task) !== undefined)
      b.tasks.cancel(c, task);
  }
}

/** A lifecycle message: op = the vm_operations name, `run` the effect once checks have passed. */
function op(
  name: string,
  param: string,
  run: (c: VmOperationContext, b: Behaviour, vm: string, a: MessageArgs) => Promise<XapiJs>,
  cancels?: readonly string[],
): MessageImpl {
  return (ctx, a) => {
    const vm = arg(a, param);
    // Cancelling happens as soon as the operation is accepted, before it waits in the VM's queue.
    const before =
      cancels === undefined
        ? undefined
        : (c: VmOperationContext, b: Behaviour) => cancelOps(c, b, vm, cancels);
    return withVmOperation(ctx, vm, name, (c, b) => run(c, b, vm, a), before);
  };
}

/**
 * Boots the VM on `host` (chosen by placement, or named by start_on/resume_on): assert_can_boot_here on that
 * host first (docs/SEMANTICS.md §11), so the failure is HOST_DISABLED, VM_REQUIRES_SR or
 * HOST_NOT_ENOUGH_FREE_MEMORY as xapi gives it. A resume boots from the suspend image, which it then
 * destroys (SEMANTICS.md §4).
 */
async function boot(
  c: VmOperationContext,
  b: Behaviour,
  vm: string,
  a: MessageArgs,
  operation: string,
  host: string,
  from: 'halted' | 'suspend-image' = 'halted',
): Promise<XapiJs> {
  const err = cannotBootHere(c.db, vm, host, {
    memory: true,
    skipSrCheck: c.faults.has('migrate-local-disks'),
  });
  if (err !== undefined) throw err;
  maybeFailStart(c, b, vm);
  await b.tasks.work(c, operation);
  if (from === 'suspend-image') destroySuspendImage(c, vm);
  setPowerState(c, b, vm, a['start_paused'] === true ? 'Paused' : 'Running', { host });
  updateVmDevices(c, vm);
  return '';
}

async function halt(c: VmOperationContext, b: Behaviour, vm: string, operation: string): Promise<XapiJs> {
  await b.tasks.work(c, operation);
  if (str(c.get('VM', vm).record['power_state']) === 'Suspended') destroySuspendImage(c, vm);
  setPowerState(c, b, vm, 'Halted');
  updateVmDevices(c, vm);
  return '';
}

/**
 * message_forwarding.ml start_on: the named host is read first (HANDLE_INVALID [host]) and refused while it
 * is being evacuated (HOST_EVACUATE_IN_PROGRESS [host]), before the VM operation's own checks.
 */
function onHost(run: MessageImpl, evacuation: boolean): MessageImpl {
  return (ctx, a) => {
    const host = arg(a, 'host');
    const rec = ctx.get('host', host).record;
    if (evacuation && Object.values(mapOf(rec['current_operations'])).some((o) => str(o) === 'evacuate'))
      throw new XapiFailure('HOST_EVACUATE_IN_PROGRESS', [host]);
    return run(ctx, a);
  };
}

/**
 * xapi_vm_migrate.ml pool_migrate: the destination passes assert_can_boot_here (a local disk the
 * destination cannot see: VM_REQUIRES_SR; the VM's own host is a localhost migration), then the domain
 * moves: resident_on and the memory follow it, affinity stays.
 */
async function migrate(c: VmOperationContext, b: Behaviour, vm: string, host: string): Promise<XapiJs> {
  const err = cannotBootHere(c.db, vm, host, {
    memory: true,
    skipSrCheck: c.faults.has('migrate-local-disks'),
  });
  if (err !== undefined) throw err;
  await b.tasks.work(c, 'VM.pool_migrate');
  const state = str(c.get('VM', vm).record['power_state']) === 'Paused' ? 'Paused' : 'Running';
  setPowerState(c, b, vm, state, { host, newDomain: true });
  updateVmDevices(c, vm);
  return '';
}

export const VM_MESSAGES: MessageTable = {
  // xapi_vm.ml create: the record as given, plus its metrics; allowed_operations computed.
  create: constructorMessage((c, partial) => {
    const ref = newRef<'VM'>();
    c.db.insert(
      'VM',
      ref,
      c.completeRecord('VM', {
        ...partial,
        uuid: randomUUID(),
        power_state: 'Halted',
        domid: -1,
        resident_on: NULL_REF,
        current_operations: {},
      }),
    );
    ensureVmMetrics(c, ref);
    updateVmAllowedOperations(c.db, c.schema, ref, c.faults);
    return ref;
  }),

  // xapi_vm_helpers.ml destroy: devices and metrics go, VDIs stay; a default template cannot go.
  destroy: op('destroy', 'self', async (c, b, vm) => {
    const rec = c.get('VM', vm).record;
    if (str(mapOf(rec['other_config'])['default_template']) === 'true')
      fail('VM_CANNOT_DELETE_DEFAULT_TEMPLATE');
    await b.tasks.work(c, 'VM.destroy');
    // The `destroy-keeps-devices` fault: the VM goes, its VBDs and VIFs stay behind.
    const keep = c.faults.has('destroy-keeps-devices');
    for (const vbd of keep ? [] : refsOf(rec['VBDs'])) removeDevice(c, 'VBD', vbd);
    for (const vif of keep ? [] : refsOf(rec['VIFs'])) removeDevice(c, 'VIF', vif);
    for (const cls of ['VGPU', 'VUSB'] as const) {
      for (const r of refsOf(rec[`${cls}s`])) if (c.db.get(cls, r) !== undefined) c.db.remove(cls, r);
    }
    for (const field of ['metrics', 'guest_metrics'] as const) {
      const m = str(rec[field]);
      const cls = field === 'metrics' ? 'VM_metrics' : 'VM_guest_metrics';
      if (m !== '' && c.db.get(cls, m) !== undefined) c.db.remove(cls, m);
    }
    c.db.remove('VM', vm);
    return '';
  }),

  // message_forwarding.ml forward_to_suitable_host: placement after the operation's checks.
  start: op('start', 'vm', (c, b, vm, a) => boot(c, b, vm, a, 'VM.start', chooseHost(c.db, vm))),
  start_on: onHost(
    op('start_on', 'vm', (c, b, vm, a) => boot(c, b, vm, a, 'VM.start_on', arg(a, 'host'))),
    true,
  ),
  pause: op('pause', 'vm', async (c, b, vm) => {
    await b.tasks.work(c, 'VM.pause');
    setPowerState(c, b, vm, 'Paused');
    return '';
  }),
  unpause: op('unpause', 'vm', async (c, b, vm) => {
    await b.tasks.work(c, 'VM.unpause');
    setPowerState(c, b, vm, 'Running');
    return '';
  }),
  clean_shutdown: op('clean_shutdown', 'vm', (c, b, vm) => halt(c, b, vm, 'VM.clean_shutdown')),
  // xapi_vm.ml shutdown: clean with a timeout, then hard; a Suspended VM just loses its image.
  shutdown: op('shutdown', 'vm', (c, b, vm) => halt(c, b, vm, 'VM.shutdown')),
  hard_shutdown: op('hard_shutdown', 'vm', (c, b, vm) => halt(c, b, vm, 'VM.hard_shutdown'), [
    'clean_shutdown',
    'clean_reboot',
    'hard_reboot',
    'pool_migrate',
    'call_plugin',
    'shutdown',
    'suspend',
  ]),
  clean_reboot: op('clean_reboot', 'vm', async (c, b, vm) => {
    await b.tasks.work(c, 'VM.clean_reboot');
    setPowerState(c, b, vm, 'Running', { newDomain: true });
    updateVmDevices(c, vm);
    return '';
  }),
  hard_reboot: op(
    'hard_reboot',
    'vm',
    async (c, b, vm) => {
      await b.tasks.work(c, 'VM.hard_reboot');
      setPowerState(c, b, vm, 'Running', { newDomain: true });
      updateVmDevices(c, vm);
      return '';
    },
    ['clean_shutdown', 'clean_reboot', 'pool_migrate', 'call_plugin', 'suspend'],
  ),
  suspend: op('suspend', 'vm', async (c, b, vm) => {
    await b.tasks.work(c, 'VM.suspend');
    createSuspendImage(c, vm);
    // The suspend-wrong-state fault: the VM ends Halted instead of Suspended.
    setPowerState(c, b, vm, c.faults.has('suspend-wrong-state') ? 'Halted' : 'Suspended');
    updateVmDevices(c, vm);
    return '';
  }),
  resume: op('resume', 'vm', (c, b, vm, a) =>
    boot(c, b, vm, a, 'VM.resume', chooseHost(c.db, vm), 'suspend-image'),
  ),
  resume_on: onHost(
    op('resume_on', 'vm', (c, b, vm, a) =>
      boot(c, b, vm, a, 'VM.resume_on', arg(a, 'host'), 'suspend-image'),
    ),
    false,
  ),
  pool_migrate: onHost(
    op('pool_migrate', 'vm', (c, b, vm, a) => migrate(c, b, vm, arg(a, 'host'))),
    false,
  ),
  // xapi_vm.ml assert_can_boot_here, xapi_vm_helpers.ml get_possible_hosts_for_vm (docs/SEMANTICS.md §11).
  assert_can_boot_here: (ctx, a) => {
    const vm = arg(a, 'self');
    const host = arg(a, 'host');
    ctx.get('VM', vm);
    ctx.get('host', host);
    const err = cannotBootHere(ctx.db, vm, host, { memory: true });
    if (err !== undefined) throw err;
    return '';
  },
  get_possible_hosts: (ctx, a) => {
    const vm = arg(a, 'vm');
    ctx.get('VM', vm);
    return possibleHosts(ctx.db, vm);
  },

  clone: op('clone', 'vm', (c, b, vm, a) =>
    cloneVm(c, b, vm, { kind: 'clone', newName: arg(a, 'new_name') }),
  ),
  copy: op('copy', 'vm', (c, b, vm, a) => {
    const sr = arg(a, 'sr');
    if (sr !== '' && sr !== NULL_REF && str(c.get('SR', sr).record['content_type']) === 'iso') {
      fail('OPERATION_NOT_ALLOWED', "Cannot copy a VM's disks to an ISO SR");
    }
    return cloneVm(c, b, vm, { kind: 'copy', newName: arg(a, 'new_name'), sr });
  }),
  snapshot: op('snapshot', 'vm', (c, b, vm, a) =>
    cloneVm(c, b, vm, {
      kind: 'snapshot',
      newName: arg(a, 'new_name'),
      ignoreVdis: refsOf(a['ignore_vdis']),
    }),
  ),
  checkpoint: op('checkpoint', 'vm', (c, b, vm, a) =>
    cloneVm(c, b, vm, { kind: 'checkpoint', newName: arg(a, 'new_name') }),
  ),
  revert: (ctx, a) => {
    const snapshot = arg(a, 'snapshot');
    return withVmOperation(ctx, snapshot, 'revert', (c) => {
      // DEVIATION: xapi recreates a VM from the snapshot's metadata when its VM is gone; the emulator
      // answers HANDLE_INVALID for the missing VM.
      const vm = str(c.get('VM', snapshot).record['snapshot_of']);
      c.get('VM', vm);
      return withVmOperation(c, vm, 'reverting', async (c2, b2) => {
        await revertVm(c2, b2, snapshot, vm);
        return '';
      });
    });
  },
  provision: op('provision', 'vm', async (c, b, vm) => {
    await provisionVm(c, b, vm);
    return '';
  }),

  // xapi_vm_lifecycle.ml assert_operation_valid (strict) and update_allowed_operations.
  assert_operation_valid: (ctx, a) => {
    const vm = arg(a, 'self');
    const err = checkVmOperation(
      ctx.db,
      vm,
      ctx.get('VM', vm).record,
      arg(a, 'op'),
      ctx.faults,
      ctx.behaviour.env.release.otherOperationInProgressParams,
    );
    if (err !== undefined) throw new XapiFailure(err.code, err.params);
    return '';
  },
  update_allowed_operations: (ctx, a) => {
    const vm = arg(a, 'self');
    ctx.get('VM', vm);
    updateVmAllowedOperations(ctx.db, ctx.schema, vm, ctx.faults);
    return '';
  },

  // xapi_vm_helpers.ml allowed_VBD_devices / allowed_VIF_devices: 0..254 and 0..15 minus those used.
  get_allowed_VBD_devices: (ctx, a) => freeDevices(ctx, arg(a, 'vm'), 'VBDs', 'userdevice', 254),
  get_allowed_VIF_devices: (ctx, a) => freeDevices(ctx, arg(a, 'vm'), 'VIFs', 'device', 15),

  // message_forwarding.ml set_is_a_template: becoming a template is the make_into_template operation.
  set_is_a_template: (ctx, a) => {
    const vm = arg(a, 'self');
    const value = a['value'] === true;
    if (!value) {
      ctx.get('VM', vm);
      ctx.db.update('VM', vm, { is_a_template: false });
      updateVmAllowedOperations(ctx.db, ctx.schema, vm, ctx.faults);
      return '';
    }
    return withVmOperation(ctx, vm, 'make_into_template', (c) => {
      c.db.update('VM', vm, { is_a_template: true });
      return Promise.resolve('');
    });
  },

  // Blocked operations take part in allowed_operations (message_forwarding.ml recomputes them).
  set_blocked_operations: (ctx, a) => {
    const vm = arg(a, 'self');
    ctx.get('VM', vm);
    ctx.db.update('VM', vm, { blocked_operations: mapOf(a['value']) });
    updateVmAllowedOperations(ctx.db, ctx.schema, vm, ctx.faults);
    return '';
  },
  add_to_blocked_operations: (ctx, a) => {
    const vm = arg(a, 'self');
    const current = mapOf(ctx.get('VM', vm).record['blocked_operations']);
    const key = arg(a, 'key');
    if (key in current)
      throw new XapiFailure('MAP_DUPLICATE_KEY', [
        'VM',
        'blocked_operations',
        str(ctx.get('VM', vm).record['uuid']),
        key,
      ]);
    ctx.db.update('VM', vm, { blocked_operations: { ...current, [key]: arg(a, 'value') } });
    updateVmAllowedOperations(ctx.db, ctx.schema, vm, ctx.faults);
    return '';
  },
  remove_from_blocked_operations: (ctx, a) => {
    const vm = arg(a, 'self');
    const next = { ...mapOf(ctx.get('VM', vm).record['blocked_operations']) };
    delete next[arg(a, 'key')];
    ctx.db.update('VM', vm, { blocked_operations: next });
    updateVmAllowedOperations(ctx.db, ctx.schema, vm, ctx.faults);
    return '';
  },
};

function freeDevices(
  ctx: MessageContext,
  vm: string,
  field: 'VBDs' | 'VIFs',
  key: string,
  max: number,
): string[] {
  const rec = ctx.get('VM', vm).record;
  const cls = field === 'VBDs' ? 'VBD' : 'VIF';
  const used = new Set(refsOf(rec[field]).map((r) => str(ctx.db.get(cls, r)?.record[key])));
  const out: string[] = [];
  for (let i = 0; i <= max; i++) if (!used.has(String(i))) out.push(String(i));
  return out;
}
