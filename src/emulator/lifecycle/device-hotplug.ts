// VBD and VIF hotplug (xen-api ocaml/xapi/xapi_vbd.ml plug / unplug / unplug_force, ocaml/xapi/xapi_vif.ml
// plug / unplug): the device's operation table decides (device-operations.ts), the hotplug takes the
// timing profile's time (a forced unplug does not wait for the guest), currently_attached changes, and the
// allowed operations that depend on it follow.
import type { XapiJs } from '../../xapi/types.ts';
import type { MessageContext, MessageImpl } from '../registry/message-context.ts';
import { assertDeviceOperation, vbdOperationErrors, vifOperationErrors } from './device-operations.ts';
import { str } from './record-values.ts';

const OPERATION_ERRORS = { VBD: vbdOperationErrors, VIF: vifOperationErrors } as const;

/**
 * The `<cls>.<op>` message on `self`. `after` refreshes what the attached flag feeds (the device's allowed
 * operations, a VBD's VDI's too); `fields` are set with the flag (a plugged VBD gets its device name).
 */
export function hotplugMessage(
  cls: 'VBD' | 'VIF',
  op: 'plug' | 'unplug' | 'unplug_force',
  after: (ctx: MessageContext, ref: string) => void,
  fields: (ctx: MessageContext, ref: string) => Readonly<Record<string, XapiJs>> = () => ({}),
): MessageImpl {
  return (ctx, a) =>
    ctx.behaviour.tasks.runSync(ctx, async (c) => {
      const ref = str(a['self']);
      assertDeviceOperation(OPERATION_ERRORS[cls](c, ref), op);
      if (op !== 'unplug_force') await c.behaviour.tasks.work(c, `${cls}.${op}`);
      c.db.update(cls, ref, { currently_attached: op === 'plug', ...fields(c, ref) });
      after(c, ref);
      return '';
    });
}
