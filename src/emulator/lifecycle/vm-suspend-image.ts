// The suspend image (xen-api xapi_xenops.ml suspend: a VDI of type "suspend" on the suspend-image SR
// holding the guest's memory, in VM.suspend_VDI; resume and hard_shutdown of a Suspended VM destroy it).
import { NULL_REF } from '../../xapi/ref.ts';
import type { MessageContext } from '../registry/message-context.ts';
import { str } from './record-values.ts';
import { createVdi, refreshSrUsage } from './vdi-ops.ts';
import { domainMemory } from './vm-power-state.ts';

function suspendSr(ctx: MessageContext, vm: string): string {
  const own = str(ctx.db.get('VM', vm)?.record['suspend_SR']);
  if (own !== '' && own !== NULL_REF && ctx.db.get('SR', own) !== undefined) return own;
  const pool = ctx.db.get('pool', ctx.host.pool)?.record;
  const poolSr = str(pool?.['suspend_image_SR']);
  if (poolSr !== '' && poolSr !== NULL_REF && ctx.db.get('SR', poolSr) !== undefined) return poolSr;
  return ctx.host.localSr;
}

export function createSuspendImage(ctx: MessageContext, vm: string): void {
  const rec = ctx.get('VM', vm).record;
  const vdi = createVdi(ctx, {
    name_label: 'Suspend image',
    name_description: `Suspend image of VM ${str(rec['uuid'])}`,
    SR: suspendSr(ctx, vm),
    virtual_size: domainMemory(rec),
    type: 'suspend',
  });
  ctx.db.update('VM', vm, { suspend_VDI: vdi });
}

export function destroySuspendImage(ctx: MessageContext, vm: string): void {
  const vdi = str(ctx.db.get('VM', vm)?.record['suspend_VDI']);
  if (vdi === '' || vdi === NULL_REF) return;
  const sr = str(ctx.db.get('VDI', vdi)?.record['SR']);
  if (ctx.db.get('VDI', vdi) !== undefined) ctx.db.remove('VDI', vdi);
  ctx.db.update('VM', vm, { suspend_VDI: NULL_REF });
  if (sr !== '') refreshSrUsage(ctx, sr);
}
