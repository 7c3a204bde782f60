// The `--inventory hosts=64,vms=50000[,seed=N]` option: a scaled pool built at start (issue 16).

export interface InventorySpec {
  /** Hosts of the pool (the emulator's `hosts` option; default: the pool as it is). */
  readonly hosts?: number;
  /** Guest VMs to create (not templates, not control domains). */
  readonly vms: number;
  /** Seed of the inventory's random choices (default 1). */
  readonly seed: number;
}

const MAX_INVENTORY_VMS = 200_000;

/** Parses "hosts=64,vms=50000,seed=7"; throws a RangeError naming the bad part. */
export function parseInventory(text: string): InventorySpec {
  let hosts: number | undefined;
  let vms: number | undefined;
  let seed = 1;
  for (const part of text.split(',')) {
    const [key, value, extra] = part.trim().split('=');
    const n = value === undefined || value.trim() === '' ? NaN : Number(value);
    if (extra !== undefined || !Number.isInteger(n) || n < 0)
      throw new RangeError(`inventory: '${part}' is not key=non-negative integer`);
    if (key === 'hosts') hosts = n;
    else if (key === 'vms') vms = n;
    else if (key === 'seed') seed = n;
    else throw new RangeError(`inventory: unknown key '${key ?? ''}' (hosts, vms, seed)`);
  }
  if (vms === undefined) throw new RangeError('inventory: vms=N is required');
  if (vms > MAX_INVENTORY_VMS) throw new RangeError(`inventory: vms must be at most ${MAX_INVENTORY_VMS}`);
  if (hosts !== undefined && (hosts < 1 || hosts > 250))
    throw new RangeError(`inventory: hosts must be from 1 to 250, not ${hosts}`);
  return { ...(hosts === undefined ? {} : { hosts }), vms, seed };
}
