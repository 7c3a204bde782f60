// host class: the custom messages clients call on a standalone host (xen-api ocaml/xapi/xapi_host.ml):
// its clock and the memory it has free for new VMs (host_metrics.memory_free, kept current by the VM
// lifecycle: lifecycle/vm-power-state.ts).
import { str, num } from '../lifecycle/record-values.ts';
import { registerMessages } from '../registry/message-registry.ts';

registerMessages('host', {
  // xapi_host.ml get_servertime: UTC now; get_server_localtime: local time (the emulator runs in UTC).
  get_servertime: (ctx, a) => {
    ctx.get('host', str(a['host']));
    return ctx.clock.now();
  },
  get_server_localtime: (ctx, a) => {
    ctx.get('host', str(a['host']));
    return ctx.clock.now();
  },
  compute_free_memory: (ctx, a) => {
    const host = ctx.get('host', str(a['host'])).record;
    return num(ctx.db.get('host_metrics', str(host['metrics']))?.record['memory_free']);
  },
});
