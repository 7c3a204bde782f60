// A small deterministic random source (mulberry32) for the scaled inventory: the same seed gives the
// same inventory, refs and uuids included, so a scale test can be replayed exactly.
import { mulberry32 } from '../../xapi/seeded-random.ts';

export interface SeededRandom {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  /** A version-4-shaped uuid drawn from this source (not a CSPRNG: inventory objects hold no secret). */
  uuid(): string;
}

export function seededRandom(seed: number): SeededRandom {
  const u32 = mulberry32(seed);
  // Two hex digits per byte from a table: uuids are half of the inventory's strings (issue 16: speed).
  const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
  const hex = (n: number): string =>
    HEX[n >>> 24]! + HEX[(n >>> 16) & 255]! + HEX[(n >>> 8) & 255]! + HEX[n & 255]!;
  return {
    next: () => u32() / 4294967296,
    int: (min, max) => min + Math.floor((u32() / 4294967296) * (max - min + 1)),
    uuid: () => {
      const h = hex(u32()) + hex(u32()) + hex(u32()) + hex(u32());
      const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
    },
  };
}
