// VBD class (xen-api ocaml/xapi/xapi_vbd.ml create, xapi_vbd_helpers.ml valid_operations / destroy):
// create validates the constructor in xapi's order and resolves "autodetect"; plug and unplug go
// through the operation table (lifecycle/device-operations.ts); destroy wants the VBD unplugged.
import { NULL_REF } from '../../xapi/ref.ts';
import { XapiFailure } from '../../xapi/harness-errors.ts';
import { fail } from '../dispatch/xapi-error.ts';
import {
  assertDeviceOperation,
  updateVbdAllowedOperations,
  vbdOperationErrors,
} from '../lifecycle/device-operations.ts';
import { mapOf, refsOf, str } from '../lifecycle/record-values.ts';
import { updateVdiAllowedOperations } from '../lifecycle/vdi-ops.ts';
import { hotplugMessage } from '../lifecycle/device-hotplug.ts';
import { insertVbd, removeDevice } from '../lifecycle/vm-devices.ts';
import type { MessageContext, MessageTable } from '../registry/message-context.ts';
import { constructorMessage } from '../lifecycle/constructor-message.ts';

/** xapi_vbd.ml valid_device: a number, a Linux name (xvda, hdb, sdc...) or "autodetect". */
function validDevice(d: string): boolean {
  return d === 'autodetect' || /^\d+$/.test(d) || /^(xvd|hd|sd)[a-z]{1,2}\d*$/.test(d);
}

/** Device numbers in use: "1", "hdb" and "xvdb" are the same slot. */
function slotOf(d: string): string {
  const m = /^(?:xvd|hd|sd)([a-z]+)$/.exec(d);
  if (m === null) return d;
  let n = 0;
  for (const ch of m[1]!) n = n * 26 + (ch.charCodeAt(0) - 96);
  return String(n - 1);
}

function afterPlugChange(ctx: MessageContext, vbd: string): void {
  updateVbdAllowedOperations(ctx, vbd);
  const vdi = str(ctx.db.get('VBD', vbd)?.record['VDI']);
  if (ctx.db.get('VDI', vdi) !== undefined) updateVdiAllowedOperations(ctx, vdi);
}

export const VBD_MESSAGES: MessageTable = {
  create: constructorMessage((c, r) => {
    const vm = str(r['VM']);
    const vmr = c.get('VM', vm).record;
    const empty = r['empty'] === true;
    const vdi = str(r['VDI']);
    const type = str(r['type']);
    const mode = str(r['mode']);
    if (!empty) c.get('VDI', vdi);
    if (type === 'CD' && mode !== 'RO') fail('VBD_CDS_MUST_BE_READONLY');
    if (type !== 'CD' && empty) fail('VBD_NOT_REMOVABLE_MEDIA', 'in constructor');
    if (mode === 'RW' && c.db.get('VDI', vdi)?.record['read_only'] === true) fail('VDI_READONLY', vdi);
    for (const o of Object.values(mapOf(vmr['current_operations']))) {
      const op = str(o);
      if (op === 'migrate_send' || op === 'pool_migrate') {
        const task =
          Object.entries(mapOf(vmr['current_operations'])).find(([, x]) => str(x) === op)?.[0] ?? '';
        fail('OTHER_OPERATION_IN_PROGRESS', 'VM', vm, op, task);
      }
    }
    let userdevice = str(r['userdevice']);
    if (!validDevice(userdevice)) fail('INVALID_DEVICE', userdevice);
    const used = new Set(
      refsOf(vmr['VBDs']).map((v) => slotOf(str(c.db.get('VBD', v)?.record['userdevice']))),
    );
    if (userdevice === 'autodetect') {
      let n = 0;
      while (used.has(String(n)) && n < 255) n++;
      if (n >= 255) fail('INVALID_DEVICE', 'autodetect');
      userdevice = String(n);
    }
    if (used.has(slotOf(userdevice))) fail('DEVICE_ALREADY_EXISTS', userdevice);
    const suspended = str(vmr['power_state']) === 'Suspended';
    const ref = insertVbd(c, {
      ...r,
      VDI: empty ? (vdi === '' ? NULL_REF : vdi) : vdi,
      userdevice,
      device: suspended ? str(r['device']) : '',
    });
    if (suspended && r['currently_attached'] === true) c.db.update('VBD', ref, { currently_attached: true });
    if (!empty) updateVdiAllowedOperations(c, vdi);
    return ref;
  }),

  destroy: (ctx, a) =>
    ctx.behaviour.tasks.runSync(ctx, (c) => {
      const vbd = str(a['self']);
      const r = c.get('VBD', vbd).record;
      if (r['currently_attached'] === true) {
        const vmUuid = str(c.db.get('VM', str(r['VM']))?.record['uuid']);
        throw new XapiFailure('OPERATION_NOT_ALLOWED', [
          `VBD '${str(r['uuid'])}' still attached to '${vmUuid}'`,
        ]);
      }
      const vdi = str(r['VDI']);
      removeDevice(c, 'VBD', vbd);
      if (c.db.get('VDI', vdi) !== undefined) updateVdiAllowedOperations(c, vdi);
      return '';
    }),

  plug: hotplugMessage('VBD', 'plug', afterPlugChange, (c, vbd) => ({
    device: `xvd${String.fromCharCode(97 + ((Number(str(c.get('VBD', vbd).record['userdevice'])) || 0) % 26))}`,
  })),
  unplug: hotplugMessage('VBD', 'unplug', afterPlugChange),
  unplug_force: hotplugMessage('VBD', 'unplug_force', afterPlugChange),

  // xapi_vbd.ml eject / insert: removable media only.
  eject: (ctx, a) =>
    ctx.behaviour.tasks.runSync(ctx, (c) => {
      const vbd = str(a['vbd']);
      assertDeviceOperation(vbdOperationErrors(c, vbd), 'eject');
      c.db.update('VBD', vbd, { empty: true, VDI: NULL_REF });
      updateVbdAllowedOperations(c, vbd);
      return '';
    }),

  insert: (ctx, a) =>
    ctx.behaviour.tasks.runSync(ctx, (c) => {
      const vbd = str(a['vbd']);
      const vdi = str(a['vdi']);
      c.get('VDI', vdi);
      assertDeviceOperation(vbdOperationErrors(c, vbd), 'insert');
      c.db.update('VBD', vbd, { empty: false, VDI: vdi });
      updateVbdAllowedOperations(c, vbd);
      return '';
    }),
};
