// The refs every fresh host has, in a file of its own: the call context, the pool runtime and the seeders
// all name them, and none of them should import another for it (no import cycle).

/** Refs of the objects every fresh host has (fresh-host/seed-fresh-host.ts). */
export interface HostRefs {
  readonly pool: string;
  readonly host: string;
  readonly controlDomain: string;
  readonly localSr: string;
}
