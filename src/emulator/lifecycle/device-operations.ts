// VBD and VIF operation checks (xen-api ocaml/xapi/xapi_vbd_helpers.ml and xapi_vif_helpers.ml
// `valid_operations`): each operation gets the first error that applies, in xapi's order; the
// operations without one form allowed_operations. Omitted: VDI sharing checks, HVM hotplug support
// (the emulated guest has PV drivers) and system domains.
import { XapiFailure } from '../../xapi/harness-errors.ts';
import type { DbRecord } from '../db/db-types.ts';
import type { MessageContext } from '../registry/message-context.ts';
import type { OperationError } from './check-vm-operation.ts';
import { mapOf, str } from './record-values.ts';

type Table = Map<string, OperationError | undefined>;

function table(ops: readonly string[]): Table {
  return new Map(ops.map((o) => [o, undefined]));
}

function set(t: Table, code: string, params: readonly string[], ops: readonly string[]): void {
  for (const op of ops) if (t.has(op) && t.get(op) === undefined) t.set(op, { code, params });
}

const NO_PLUG_DURING: readonly string[] = ['clean_shutdown', 'hard_shutdown', 'suspend', 'pause'];

/**
 * What a VBD and a VIF both check of their VM: a hotplug wants the VM running and the device in the other
 * attached state, and no shutdown, suspend or pause of the VM under way. `unplugs` are the device's unplug
 * operations; `refusedStopped(power)` what a VM that is not running refuses. Returns the VM and its power state.
 */
function setVmHotplugErrors(
  ctx: MessageContext,
  t: Table,
  device: string,
  r: DbRecord,
  unplugs: readonly string[],
  refusedStopped: (power: string) => readonly string[],
): { vm: string; power: string } {
  const vm = str(r['VM']);
  const vmr = ctx.db.get('VM', vm)?.record;
  const power = str(vmr?.['power_state']);
  if (power === 'Running') {
    if (r['currently_attached'] === true) set(t, 'DEVICE_ALREADY_ATTACHED', [device], ['plug']);
    else set(t, 'DEVICE_ALREADY_DETACHED', [device], unplugs);
  } else {
    set(t, 'VM_BAD_POWER_STATE', [vm, 'running', power.toLowerCase()], refusedStopped(power));
  }
  for (const op of Object.values(mapOf(vmr?.['current_operations']))) {
    if (NO_PLUG_DURING.includes(str(op))) {
      set(t, 'OPERATION_NOT_ALLOWED', [`Current operation on VM:${vm} is ${str(op)}`], ['plug', 'unplug']);
    }
  }
  return { vm, power };
}

export function vbdOperationErrors(ctx: MessageContext, vbd: string): Table {
  const r = ctx.get('VBD', vbd).record;
  const all = ctx.schema.enums.get('vbd_operations') ?? [];
  const t = table(all);
  const current = Object.entries(mapOf(r['current_operations'])).sort((a, b) =>
    str(a[1]).localeCompare(str(b[1])),
  );
  const safe = ['pause', 'unpause'];
  const first = current[0];
  if (first !== undefined) {
    set(
      t,
      'OTHER_OPERATION_IN_PROGRESS',
      ['VBD', vbd, str(first[1]), first[0]],
      all.filter((o) => !safe.includes(o)),
    );
  }
  const nonPar = current.find(([, o]) => !safe.includes(str(o)));
  if (nonPar !== undefined)
    set(t, 'OTHER_OPERATION_IN_PROGRESS', ['VBD', vbd, str(nonPar[1]), nonPar[0]], ['pause']);
  const blocksUnpause = current.find(([, o]) => !['attach', ...safe].includes(str(o)));
  if (blocksUnpause !== undefined) {
    set(t, 'OTHER_OPERATION_IN_PROGRESS', ['VBD', vbd, str(blocksUnpause[1]), blocksUnpause[0]], ['unpause']);
  }
  if (r['unpluggable'] !== true) set(t, 'VBD_NOT_UNPLUGGABLE', [vbd], ['unplug', 'unplug_force']);
  if (str(r['type']) !== 'CD') set(t, 'VBD_NOT_REMOVABLE_MEDIA', [vbd], ['insert', 'eject']);
  if (r['empty'] === true) set(t, 'VBD_IS_EMPTY', [vbd], ['eject']);
  else set(t, 'VBD_NOT_EMPTY', [vbd], ['insert']);
  const { vm, power } = setVmHotplugErrors(ctx, t, vbd, r, ['unplug', 'unplug_force'], (p) =>
    p === 'Paused'
      ? ['plug', 'unplug', 'unplug_force']
      : ['pause', 'unpause', 'plug', 'unplug', 'unplug_force'],
  );
  if (str(r['type']) === 'CD' && power === 'Suspended') {
    set(t, 'VM_BAD_POWER_STATE', [vm, 'halted, running', 'suspended'], ['insert', 'eject']);
  }
  return t;
}

export function vifOperationErrors(ctx: MessageContext, vif: string): Table {
  const r = ctx.get('VIF', vif).record;
  const all = ctx.schema.enums.get('vif_operations') ?? [];
  const t = table(all);
  const current = Object.entries(mapOf(r['current_operations']));
  const first = current[0];
  if (first !== undefined) set(t, 'OTHER_OPERATION_IN_PROGRESS', ['VIF', vif, str(first[1]), first[0]], all);
  setVmHotplugErrors(ctx, t, vif, r, ['unplug'], () => ['plug', 'unplug']);
  return t;
}

function allowed(t: Table): string[] {
  return [...t].filter(([, e]) => e === undefined).map(([o]) => o);
}

export function updateVbdAllowedOperations(ctx: MessageContext, vbd: string): void {
  if (ctx.db.get('VBD', vbd) === undefined) return;
  ctx.db.update('VBD', vbd, { allowed_operations: allowed(vbdOperationErrors(ctx, vbd)) });
}

export function updateVifAllowedOperations(ctx: MessageContext, vif: string): void {
  if (ctx.db.get('VIF', vif) === undefined) return;
  ctx.db.update('VIF', vif, { allowed_operations: allowed(vifOperationErrors(ctx, vif)) });
}

/** update_vbd_operations / update_vif_operations of message_forwarding.ml, after VM power changes. */
export function updateVmDevices(ctx: MessageContext, vm: string): void {
  const r = ctx.db.get('VM', vm)?.record;
  if (r === undefined) return;
  for (const v of Array.isArray(r['VBDs']) ? r['VBDs'] : [])
    if (typeof v === 'string') updateVbdAllowedOperations(ctx, v);
  for (const v of Array.isArray(r['VIFs']) ? r['VIFs'] : [])
    if (typeof v === 'string') updateVifAllowedOperations(ctx, v);
}

/** Throws the error that forbids `op`, if any. */
export function assertDeviceOperation(t: Table, op: string): void {
  const e = t.get(op);
  if (e !== undefined) throw new XapiFailure(e.code, e.params);
}
