// VDI class (xen-api ocaml/xapi/xapi_vdi.ml, message_forwarding.ml VDI.*; SEMANTICS.md §4): create on
// an SR whose driver can create VDIs, destroy when no VBD holds it attached, clone / snapshot on the
// same SR, copy to another SR or into an existing VDI. Each keeps the SR's space accounting current
// and records {task: op} in the VDI's current_operations while it runs.
import { NULL_REF } from '../../xapi/ref.ts';
import type { XapiJs } from '../../xapi/types.ts';
import { XapiFailure } from '../../xapi/harness-errors.ts';
import { fail } from '../dispatch/xapi-error.ts';
import { mapOf, num, str } from '../lifecycle/record-values.ts';
import { cloneVdi, createVdi, destroyVdi, updateVdiAllowedOperations } from '../lifecycle/vdi-ops.ts';
import type { MessageContext, MessageTable } from '../registry/message-context.ts';
import { constructorMessage } from '../lifecycle/constructor-message.ts';

/** SR types whose driver has no VDI_CREATE capability (seeded SM records: iso, udev). */
const NO_CREATE: ReadonlySet<string> = new Set(['iso', 'udev']);

async function withVdiOperation<T>(
  ctx: MessageContext,
  vdi: string,
  op: string,
  run: (c: MessageContext) => Promise<T>,
): Promise<T> {
  const b = ctx.behaviour;
  return b.tasks.runSync(ctx, async (c) => {
    const r = c.get('VDI', vdi).record;
    const allowed = Array.isArray(r['allowed_operations'])
      ? (r['allowed_operations'] as readonly XapiJs[])
      : [];
    const current = Object.entries(mapOf(r['current_operations']));
    const first = current[0];
    if (first !== undefined && !(op === 'copy' && current.every(([, o]) => str(o) === 'copy'))) {
      throw new XapiFailure('OTHER_OPERATION_IN_PROGRESS', ['VDI', vdi, str(first[1]), first[0]]);
    }
    if (!allowed.includes(op) && op !== 'copy')
      fail('OPERATION_NOT_ALLOWED', `VDI.${op} is not allowed on ${vdi}`);
    const task = c.task ?? '';
    c.db.update('VDI', vdi, { current_operations: { ...mapOf(r['current_operations']), [task]: op } });
    updateVdiAllowedOperations(c, vdi);
    b.tasks.setCancellable(c, true);
    try {
      await b.tasks.work(c, `VDI.${op}`);
      return await run(c);
    } finally {
      const after = c.db.get('VDI', vdi);
      if (after !== undefined) {
        const ops = { ...mapOf(after.record['current_operations']) };
        delete ops[task];
        c.db.update('VDI', vdi, { current_operations: ops });
        updateVdiAllowedOperations(c, vdi);
      }
    }
  });
}

export const VDI_MESSAGES: MessageTable = {
  create: constructorMessage((c, r) => {
    const sr = str(r['SR']);
    const srr = c.get('SR', sr).record;
    if (NO_CREATE.has(str(srr['type']))) fail('SR_OPERATION_NOT_SUPPORTED', sr);
    return createVdi(c, {
      name_label: str(r['name_label']),
      name_description: str(r['name_description']),
      SR: sr,
      virtual_size: num(r['virtual_size']),
      type: str(r['type']) || 'user',
      sharable: r['sharable'] === true,
      read_only: r['read_only'] === true,
      other_config: mapOf(r['other_config']),
      sm_config: mapOf(r['sm_config']),
      xenstore_data: mapOf(r['xenstore_data']),
      tags: Array.isArray(r['tags']) ? (r['tags'] as readonly XapiJs[]) : [],
    });
  }),

  destroy: (ctx, a) =>
    ctx.behaviour.tasks.runSync(ctx, async (c) => {
      const vdi = str(a['self']);
      const r = c.get('VDI', vdi).record;
      const current = Object.entries(mapOf(r['current_operations']))[0];
      if (current !== undefined)
        throw new XapiFailure('OTHER_OPERATION_IN_PROGRESS', ['VDI', vdi, str(current[1]), current[0]]);
      await c.behaviour.tasks.work(c, 'VDI.destroy');
      destroyVdi(c, vdi);
      return '';
    }),

  clone: (ctx, a) => {
    const vdi = str(a['vdi']);
    return withVdiOperation(ctx, vdi, 'clone', (c) => Promise.resolve(cloneVdi(c, vdi, 'clone')));
  },

  snapshot: (ctx, a) => {
    const vdi = str(a['vdi']);
    return withVdiOperation(ctx, vdi, 'snapshot', (c) => Promise.resolve(cloneVdi(c, vdi, 'snapshot')));
  },

  // xapi_vdi.ml copy: into_vdi (when given) receives the blocks, else a new VDI on `sr`.
  copy: (ctx, a) => {
    const vdi = str(a['vdi']);
    const sr = str(a['sr']);
    const into = str(a['into_vdi']);
    return withVdiOperation(ctx, vdi, 'copy', (c) => {
      if (into !== '' && into !== NULL_REF) {
        const target = c.get('VDI', into).record;
        if (num(target['virtual_size']) < num(c.get('VDI', vdi).record['virtual_size'])) {
          throw new XapiFailure('VDI_TOO_SMALL', [
            into,
            String(num(c.get('VDI', vdi).record['virtual_size'])),
          ]);
        }
        if (target['read_only'] === true) fail('VDI_READONLY', into);
        return Promise.resolve(into);
      }
      c.get('SR', sr);
      return Promise.resolve(cloneVdi(c, vdi, 'copy', sr));
    });
  },
};
