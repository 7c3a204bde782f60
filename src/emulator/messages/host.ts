// host class: the read-only helpers clients call on every host (xen-api ocaml/xapi/xapi_host.ml).
// Lifecycle and configuration messages of host are not emulated (NOT_IMPLEMENTED).
import { registerMessages } from '../registry/message-registry.ts';

function hostArg(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

registerMessages('host', {
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
});
