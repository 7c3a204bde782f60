// mulberry32, a small deterministic random source for every seeded choice of the product: the fault proxy's
// decisions, the emulator's scaled inventory and its --flaky-start draws. The same seed gives the same draws,
// so a run can be replayed exactly (ARCHITECTURE.md, "Every run is reproducible"). Not for cryptography.
// It lives here because src/xapi is the one folder that src/emulator and src/faultproxy may both import.

/** The uint32 draws of mulberry32 from `seed`. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** Floats in [0, 1) from the same draws. */
export function seededFloats(seed: number): () => number {
  const u32 = mulberry32(seed);
  return () => u32() / 4294967296;
}
