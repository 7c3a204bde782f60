// The one seeded source (src/xapi/seeded-random.ts) behind the fault proxy's decisions, the scaled inventory
// and --flaky-start: a seed printed by an older run must replay the same draws, so the stream is pinned to
// mulberry32's, and the generators built on it must draw from it rather than from a copy of their own.
import { describe, expect, it } from 'vitest';
import { seededRandom as inventoryRandom } from '../../src/emulator/inventory/seeded-random.ts';
import { createEnvironment } from '../../src/emulator/release/environment.ts';
import { seededRandom as proxyRandom } from '../../src/faultproxy/index.ts';
import { mulberry32, seededFloats } from '../../src/xapi/seeded-random.ts';

describe('seeded random', () => {
  it.each([
    [1, [2693262067, 11749833, 2265367787]],
    [0xdeadbeef, [4043151706, 1147597007, 3315858022]],
  ])('mulberry32(%i) draws the reference stream', (seed, first) => {
    const u32 = mulberry32(seed);
    expect([u32(), u32(), u32()]).toEqual(first);
  });

  it('floats are the uint32 draws over 2^32, in [0, 1)', () => {
    const u32 = mulberry32(42);
    const f = seededFloats(42);
    for (let i = 0; i < 1000; i++) {
      const x = f();
      expect(x).toBe(u32() / 2 ** 32);
      expect(x >= 0 && x < 1).toBe(true);
    }
  });

  it('the fault proxy, the inventory and the environment draw the same floats from one seed', () => {
    const f = seededFloats(7);
    const proxy = proxyRandom(7);
    const inventory = inventoryRandom(7);
    const env = createEnvironment({ seed: 7 });
    for (let i = 0; i < 100; i++) {
      const x = f();
      expect([proxy.next(), inventory.next(), env.random()]).toEqual([x, x, x]);
    }
  });
});
