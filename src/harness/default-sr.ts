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
interface SrReader {
  readonly session: string;
  unchecked(method: string, args: readonly WireValue[]): Promise<Observed>;
}

const read = new WeakMap<SrReader, DefaultSr | null>();

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

/**
 * Reads the pool's default SR (pool.get_all, pool.get_default_SR, then the SR's uuid, size and use) and keeps it
 * for the driver's case. Field getters, not whole records: a differential run makes every call on side B too
 * (issue 15), and records differ between releases in fields the harness does not use here.
 */
export async function readDefaultSr(d: SrReader): Promise<DefaultSr | undefined> {
  const pools = await d.unchecked('pool.get_all', [d.session]);
  const pool: unknown = pools.ok && Array.isArray(pools.value) ? (pools.value as unknown[])[0] : undefined;
  let sr: DefaultSr | null = null;
  const ref =
    typeof pool === 'string' ? await d.unchecked('pool.get_default_SR', [d.session, pool]) : undefined;
  if (ref?.ok === true && typeof ref.value === 'string' && ref.value !== 'OpaqueRef:NULL') {
    const at = ref.value;
    const uuid = await d.unchecked('SR.get_uuid', [d.session, at]);
    if (uuid.ok && typeof uuid.value === 'string') {
      const size = await d.unchecked('SR.get_physical_size', [d.session, at]);
      const used = await d.unchecked('SR.get_physical_utilisation', [d.session, at]);
      const free = srFreeBytes({
        physical_size: size.ok ? size.value : undefined,
        physical_utilisation: used.ok ? used.value : undefined,
      });
      sr = { ref: at, uuid: uuid.value, ...(free === undefined ? {} : { freeBytes: free }) };
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
