// PBD class (xen-api ocaml/xapi/xapi_pbd.ml plug / unplug): attaching an SR on the host. Plugging an
// attached PBD, or unplugging a detached one, is a no-op as in xapi; unplugging is refused while a
// running VM has one of the SR's VDIs attached.
import { fail } from '../dispatch/xapi-error.ts';
import { refsOf, str } from '../lifecycle/record-values.ts';
import type { MessageTable } from '../registry/message-context.ts';

export const PBD_MESSAGES: MessageTable = {
  plug: (ctx, a) =>
    ctx.behaviour.tasks.runSync(ctx, async (c) => {
      const pbd = str(a['self']);
      const r = c.get('PBD', pbd).record;
      if (r['currently_attached'] === true) return '';
      await c.behaviour.tasks.work(c, 'PBD.plug');
      c.db.update('PBD', pbd, { currently_attached: true });
      return '';
    }),

  unplug: (ctx, a) =>
    ctx.behaviour.tasks.runSync(ctx, async (c) => {
      const pbd = str(a['self']);
      const r = c.get('PBD', pbd).record;
      if (r['currently_attached'] !== true) return '';
      const sr = str(r['SR']);
      for (const vdi of refsOf(c.db.get('SR', sr)?.record['VDIs'])) {
        for (const vbd of refsOf(c.db.get('VDI', vdi)?.record['VBDs'])) {
          if (c.db.get('VBD', vbd)?.record['currently_attached'] === true) {
            // DEVIATION: xapi's SM detach fails with the driver's own error; the emulator names the VDI.
            fail('VDI_IN_USE', vdi, 'pbd_unplug');
          }
        }
      }
      await c.behaviour.tasks.work(c, 'PBD.unplug');
      c.db.update('PBD', pbd, { currently_attached: false });
      return '';
    }),
};
