// Where each host of an emulated pool listens (docs/SEMANTICS.md §11). As in a real pool every host has
// its own address and the same port: the coordinator on the given address (127.0.0.1), member k on
// 127.0.0.k. Clients that follow HOST_IS_SLAVE [address] change only the host part of their URL, so this
// layout is what they need. Machines that cannot bind extra loopback addresses (macOS without aliases)
// get one port per host on the given address instead, and the hosts' addresses carry the port.
import { createServer } from 'node:net';

export type PoolLayoutChoice = 'auto' | 'addresses' | 'ports';
export type PoolLayout = 'addresses' | 'ports';

/** Whether `address` can be bound (e.g. 127.0.0.2: yes on Linux, no on stock macOS). */
function canBind(address: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(0, address, () => s.close(() => resolve(true)));
  });
}

/** 127.0.0.1 → 127.0.0.k for k = 2..n; undefined when `base` is not an IPv4 loopback address ending in .1. */
export function memberAddress(base: string, k: number): string | undefined {
  const m = /^127\.(\d+)\.(\d+)\.1$/.exec(base);
  if (m === null || k < 2 || k > 254) return undefined;
  return `127.${m[1]}.${m[2]}.${k}`;
}

/** The layout to use: the one asked for, or 'addresses' when the member addresses can be bound. */
export async function chooseLayout(
  choice: PoolLayoutChoice,
  base: string,
  hosts: number,
): Promise<PoolLayout> {
  if (hosts <= 1) return 'addresses';
  if (choice === 'ports') return 'ports';
  const second = memberAddress(base, 2);
  if (choice === 'addresses') {
    if (second === undefined)
      throw new RangeError(`--pool-layout addresses needs --host 127.x.y.1, not ${base}`);
    return 'addresses';
  }
  return second !== undefined && (await canBind(second)) ? 'addresses' : 'ports';
}

/** The text printed at start: one line per host. */
export function describeLayout(
  layout: PoolLayout,
  hosts: readonly { readonly name: string; readonly url: string; readonly coordinator: boolean }[],
): string {
  const lines = hosts.map(
    (h) => `  ${h.coordinator ? 'coordinator' : 'member     '} ${h.name.padEnd(18)} ${h.url}`,
  );
  const how =
    layout === 'addresses'
      ? 'one address per host, same port'
      : 'one port per host (extra loopback addresses unavailable)';
  return `pool of ${hosts.length} hosts (${how}):\n${lines.join('\n')}`;
}
