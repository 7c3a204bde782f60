// The URL of another host of the pool: clients follow HOST_IS_SLAVE [address] by replacing the host part
// of their URL with that address and keeping the rest (docs/SEMANTICS.md §11). An address with a port
// ("127.0.0.1:8081", the emulator's port-per-host layout) replaces the port too; an IPv6 address is
// bracketed.

export function urlForHostAddress(base: string, address: string): string {
  const url = new URL(base);
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(address);
  const hostPort = /^([^:]+):(\d+)$/.exec(address);
  if (bracketed !== null) {
    url.hostname = `[${bracketed[1]}]`;
    if (bracketed[2] !== undefined) url.port = bracketed[2];
  } else if (hostPort !== null) {
    url.hostname = hostPort[1]!;
    url.port = hostPort[2]!;
  } else if (address.includes(':')) {
    url.hostname = `[${address}]`;
  } else {
    url.hostname = address;
  }
  // URL keeps a trailing "/" for an empty path; the callers' base URLs have none.
  const text = url.toString();
  return base.endsWith('/') || url.pathname !== '/' ? text : text.replace(/\/$/, '');
}
