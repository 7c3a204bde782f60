// The pool's default SR as the target shows it, read once per case in its setup, beside the template lookup
// (run-property.ts defaultSetup): its ref, its uuid (clients write it into a template's "disks" before
// VM.provision, generators/prepare-disks.ts) and its free space (templates whose disks do not fit are not
// picked). Read in the setup, these reads are shown as setup and not counted in a counterexample's length;
// the replay reads them again (issue 17 item 5: a VM made in a case cost four such reads of its own).
// Unchecked: the model does not cover pools and SRs.
import type { Observed } from '../model/index.ts';
import type { WireValue } from '../wire/value.ts';

export interface DefaultSr {
  readonly ref: string;
  readonly uuid: string;
  /** physical_size - physical_utilisation when the target says both. */
  readonly freeBytes?: number;
}

/** What reading the default SR needs of the Driver. */
export interface SrReader {
  readonly session: string;
  unchecked(method: string, args: readonly WireValue[]): Promise<Observed>;
}

const read = new WeakMap<SrReader, DefaultSr | null>();

function isStruct(v: unknown): v is Readonly<Record<string, unknown>> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function bytes(v: unknown): number | undefined {
  const n = typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

/** The SR record's free bytes, when it says its size and use. */
export function srFreeBytes(rec: Readonly<Record<string, unknown>>): number | undefined {
  const size = bytes(rec['physical_size']);
  const used = bytes(rec['physical_utilisation']);
  return size === undefined || used === undefined || size <= 0 ? undefined : size - used;
}

/** Reads the pool's default SR (pool.get_all_records, SR.get_record) and keeps it for the driver's case. */
export async function readDefaultSr(d: SrReader): Promise<DefaultSr | undefined> {
  const pools = await d.unchecked('pool.get_all_records', [d.session]);
  const pool = pools.ok && isStruct(pools.value) ? Object.values(pools.value)[0] : undefined;
  const ref = isStruct(pool) ? pool['default_SR'] : undefined;
  let sr: DefaultSr | null = null;
  if (typeof ref === 'string' && ref !== 'OpaqueRef:NULL') {
    const r = await d.unchecked('SR.get_record', [d.session, ref]);
    if (r.ok && isStruct(r.value) && typeof r.value['uuid'] === 'string') {
      const free = srFreeBytes(r.value);
      sr = { ref, uuid: r.value['uuid'], ...(free === undefined ? {} : { freeBytes: free }) };
    }
  }
  read.set(d, sr);
  return sr ?? undefined;
}

/** The default SR read in this driver's setup: undefined when it has none, 'unread' when not read yet. */
export function knownDefaultSr(d: SrReader): DefaultSr | undefined | 'unread' {
  const sr = read.get(d);
  return sr === undefined ? 'unread' : (sr ?? undefined);
}
