// A small seeded PRNG (mulberry32): the fault proxy's decisions must be reproducible from a seed, so a
// failing run under faults can be replayed exactly (ARCHITECTURE.md, "Every run is reproducible").
// Not for cryptography. The draws are src/xapi's, shared with the emulator's seeded choices.
import { seededFloats } from '../xapi/seeded-random.ts';

export interface Random {
  /** The seed this generator started from. */
  readonly seed: number;
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max] (inclusive). */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
}

export function seededRandom(seed: number): Random {
  const next = seededFloats(seed);
  return {
    seed: seed >>> 0,
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => p > 0 && next() < p,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new RangeError('pick from an empty list');
      return items[Math.floor(next() * items.length)] as T;
    },
  };
}

/** A fresh seed from the clock and Math.random, for runs that did not ask for one. */
export function freshSeed(): number {
  return (Date.now() ^ Math.floor(Math.random() * 0x7fffffff)) >>> 0;
}
