// Starts one listener per host of the pool (pool-layout.ts): the same port on each host's address, or one
// port per host on the given address. With port 0 in the address layout, the coordinator's free port must
// also be free on every member address; when it is not, every listener closes and the whole pool retries.
import { listen, type RunningServer } from '../server/http-server.ts';
import type { ServerHandler } from '../server/http-types.ts';
import { memberAddress, type PoolLayout } from './pool-layout.ts';

const ATTEMPTS = 5;

export async function listenPool(
  handles: readonly ServerHandler[],
  layout: PoolLayout,
  address: string,
  port: number,
  limit: { readonly maxConnections?: number },
): Promise<RunningServer[]> {
  for (let attempt = 1; ; attempt++) {
    const servers: RunningServer[] = [];
    try {
      const first = await listen(handles[0]!, { host: address, port, ...limit });
      servers.push(first);
      const bound = Number(new URL(first.url).port);
      for (let i = 1; i < handles.length; i++) {
        const host = layout === 'addresses' ? (memberAddress(address, i + 1) ?? address) : address;
        // Ports layout: consecutive ports after an explicit --port, free ones after port 0.
        const p = layout === 'addresses' ? bound : port === 0 ? 0 : port + i;
        servers.push(await listen(handles[i]!, { host, port: p, ...limit }));
      }
      return servers;
    } catch (err) {
      await Promise.all(servers.map((s) => s.close()));
      const inUse = (err as NodeJS.ErrnoException).code === 'EADDRINUSE';
      if (!inUse || port !== 0 || layout !== 'addresses' || attempt >= ATTEMPTS) throw err;
    }
  }
}
