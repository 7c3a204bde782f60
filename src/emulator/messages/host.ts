// host class: the read-only helpers clients call on every host (xen-api ocaml/xapi/xapi_host.ml), and
// the memory the host has free for new VMs (host_metrics.memory_free, kept current by the VM
// lifecycle: lifecycle/vm-power-state.ts). Maintenance of a pool host (docs/SEMANTICS.md §11): disable,
// enable, the evacuation plan, evacuate (pool/host-maintenance.ts). Power and configuration messages of
// host are not emulated (NOT_IMPLEMENTED).
import { num } from '../lifecycle/record-values.ts';
import type { MessageTable } from '../registry/message-context.ts';
import { HOST_MAINTENANCE_MESSAGES } from '../pool/host-maintenance.ts';

function hostArg(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

export const HOST_MESSAGES: MessageTable = {
  ...HOST_MAINTENANCE_MESSAGES,
  // xapi_host.ml get_servertime: the host's clock in UTC.
  get_servertime: (ctx, a) => {
    ctx.get('host', hostArg(a['host']));
    return ctx.clock.now();
  },
  // DEVIATION: the emulated host's local time zone is UTC (its `timezone` field default).
  get_server_localtime: (ctx, a) => {
    ctx.get('host', hostArg(a['host']));
    return ctx.clock.now();
  },
  // xapi_host.ml get_management_interface: the PIF of this host with management = true.
  get_management_interface: (ctx, a) => {
    const host = hostArg(a['host']);
    ctx.get('host', host);
    for (const pif of ctx.db.all('PIF')) {
      if (pif.record['host'] === host && pif.record['management'] === true) return pif.ref;
    }
    return 'OpaqueRef:NULL';
  },
  // xapi_host.ml compute_free_memory: what a new VM could get (the emulator has no overheads).
  compute_free_memory: (ctx, a) => {
    const host = ctx.get('host', hostArg(a['host'])).record;
    const metrics = host['metrics'];
    return num(ctx.db.get('host_metrics', typeof metrics === 'string' ? metrics : '')?.record['memory_free']);
  },
};
