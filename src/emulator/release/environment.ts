// What the emulated host is like beyond the API (issue 11): the release it runs, whether its guests
// have PV drivers, how big its default SR is, how often VM.start fails for environmental reasons, and
// whether it introduces itself as the emulator. Every call reaches it through ctx.behaviour.env.
import { releaseProfile, type PresentAs, type ReleaseProfile } from './release-profile.ts';
import { seededFloats } from '../../xapi/seeded-random.ts';

/** `drivers`: guests run up-to-date PV drivers (the default); `no-drivers`: HVM guests without them. */
export type GuestDrivers = 'drivers' | 'no-drivers';

export interface EnvironmentOptions {
  /** A xapi release: "24.19", "25.6", "26.1", "latest" (default) or any version the datamodel knows. */
  readonly release?: string;
  readonly guests?: GuestDrivers;
  /** Size in bytes of the default SR ("Local storage"); default 500 GiB. */
  readonly srSizeBytes?: number;
  /** Share (0..1) of VM.start/resume calls that fail with an environmental error (default 0). */
  readonly flakyStart?: number;
  /** Seed of the flaky-start draws (default 1): the same seed fails the same calls. */
  readonly seed?: number;
  readonly presentAs?: PresentAs;
  readonly hostName?: string;
}

export interface Environment {
  readonly release: ReleaseProfile;
  readonly guests: GuestDrivers;
  readonly srSizeBytes: number;
  readonly flakyStart: number;
  readonly presentAs: PresentAs;
  /** The next draw in [0, 1) of the seeded generator. */
  random(): number;
}

const GiB = 1024 ** 3;
const DEFAULT_SR_SIZE = 500 * GiB;

export function createEnvironment(o: EnvironmentOptions = {}): Environment {
  const presentAs = o.presentAs ?? 'emulator';
  const flakyStart = o.flakyStart ?? 0;
  if (!(flakyStart >= 0 && flakyStart <= 1))
    throw new Error(`flakyStart must be within 0..1, got ${flakyStart}`);
  const srSizeBytes = o.srSizeBytes ?? DEFAULT_SR_SIZE;
  if (!(Number.isSafeInteger(srSizeBytes) && srSizeBytes > 0))
    throw new Error(`srSizeBytes must be a positive integer, got ${srSizeBytes}`);
  const random = seededFloats(o.seed ?? 1);
  return {
    release: releaseProfile(o.release ?? 'latest', presentAs, o.hostName),
    guests: o.guests ?? 'drivers',
    srSizeBytes,
    flakyStart,
    presentAs,
    random,
  };
}

/** "20GiB", "512MiB", "1TiB", "100GB", "1073741824" → bytes; throws on anything else. */
export function parseSize(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([KMGT]i?B?|B)?\s*$/i.exec(text);
  if (m === null) throw new Error(`not a size: '${text}' (e.g. 20GiB, 512MiB, 1TiB)`);
  const n = Number(m[1]);
  const unit = (m[2] ?? 'B').toUpperCase();
  const power = { B: 0, K: 1, M: 2, G: 3, T: 4 }[unit[0] as 'B' | 'K' | 'M' | 'G' | 'T'];
  const base = unit.includes('I') || unit.length === 1 ? 1024 : 1000;
  const bytes = Math.round(n * base ** power);
  if (!Number.isSafeInteger(bytes) || bytes <= 0) throw new Error(`not a positive size: '${text}'`);
  return bytes;
}
