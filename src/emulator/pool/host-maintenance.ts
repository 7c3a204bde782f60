// host.disable / enable / evacuate / get_vms_which_prevent_evacuation / assert_can_evacuate
// (docs/SEMANTICS.md §11; xen-api ocaml/xapi/xapi_host.ml, message_forwarding.ml Host).
import { XapiFailure } from '../../xapi/harness-errors.ts';
import { setPowerState } from '../lifecycle/vm-power-state.ts';
import { updateVmDevices } from '../lifecycle/device-operations.ts';
import { withVmOperation } from '../lifecycle/with-vm-operation.ts';
import type { MessageContext, MessageTable } from '../registry/message-context.ts';
import { evacuationBlockers, evacuationPlan, residentUserVms } from './evacuation-plan.ts';
import { updateHostAllowedOperations, withHostOperation } from './host-operations.ts';
import { cannotBootHere } from './placement.ts';

function hostOf(ctx: MessageContext, v: unknown): string {
  const host = typeof v === 'string' ? v : '';
  ctx.get('host', host);
  return host;
}

/** One VM's move during an evacuation: Async.VM.pool_migrate's work, inside its VM operation. */
async function migrateOff(ctx: MessageContext, vm: string, to: string): Promise<void> {
  await withVmOperation(ctx, vm, 'pool_migrate', async (c, b) => {
    const err = cannotBootHere(c.db, vm, to, {
      memory: true,
      skipSrCheck: c.faults.has('migrate-local-disks'),
    });
    if (err !== undefined) throw err;
    await b.tasks.work(c, 'VM.pool_migrate');
    setPowerState(c, b, vm, 'Running', { host: to, newDomain: true });
    updateVmDevices(c, vm);
  });
}

export const HOST_MAINTENANCE_MESSAGES: MessageTable = {
  // xapi_host.ml disable: enabled := false (a no-op when already disabled); allowed_operations follow.
  disable: (ctx, a) =>
    ctx.behaviour.tasks.runSync(ctx, (c) => {
      const host = hostOf(c, a['host']);
      if (c.db.get('host', host)?.record['enabled'] === true) c.db.update('host', host, { enabled: false });
      updateHostAllowedOperations(c.db, c.schema, host);
      return '';
    }),

  // message_forwarding.ml Host.enable: as the host operation `enable`.
  enable: (ctx, a) =>
    ctx.behaviour.tasks.runSync(ctx, (c) => {
      const host = hostOf(c, a['host']);
      return withHostOperation(c.db, c.schema, host, c.task ?? '', 'enable', () => {
        if (c.db.get('host', host)?.record['enabled'] !== true) c.db.update('host', host, { enabled: true });
        return Promise.resolve('');
      });
    }),

  get_vms_which_prevent_evacuation: (ctx, a) => {
    const host = hostOf(ctx, a['self']);
    return evacuationBlockers(ctx.db, host, ctx.faults);
  },

  // xapi_host.ml assert_can_evacuate: CANNOT_EVACUATE_HOST ["code,params|code,params..."].
  assert_can_evacuate: (ctx, a) => {
    const host = hostOf(ctx, a['host']);
    const errors = Object.values(evacuationBlockers(ctx.db, host, ctx.faults)).map((e) => e.join(','));
    if (errors.length > 0) throw new XapiFailure('CANNOT_EVACUATE_HOST', [errors.join('|')]);
    return '';
  },

  // xapi_host.ml evacuate: the plan's first error as is; otherwise every VM migrates off; a VM still
  // resident afterwards is an INTERNAL_ERROR. The host stays disabled or enabled as it was.
  evacuate: (ctx, a) =>
    ctx.behaviour.tasks.runSync(ctx, (c) => {
      const host = hostOf(c, a['host']);
      return withHostOperation(c.db, c.schema, host, c.task ?? '', 'evacuate', async () => {
        const plan = evacuationPlan(c.db, host, c.faults);
        for (const step of plan.values()) if ('error' in step) throw step.error;
        let moves = [...plan.entries()];
        // The evacuate-leaves-vm fault: the last VM is not moved, and nobody says so.
        if (c.faults.has('evacuate-leaves-vm') && moves.length > 0) moves = moves.slice(0, -1);
        for (const [vm, step] of moves) if ('to' in step) await migrateOff(c, vm, step.to);
        const left = residentUserVms(c.db, host);
        if (left.length > 0 && !c.faults.has('evacuate-leaves-vm'))
          throw new XapiFailure('INTERNAL_ERROR', [
            `evacuate: ${left.length} VMs are still resident on ${host}`,
          ]);
        return '';
      });
    }),
};
