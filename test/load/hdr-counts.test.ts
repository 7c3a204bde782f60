// HdrCounts must produce exactly the histogram hdr-histogram-js builds from the same values: the same encoded
// form (byte for byte) and the same percentiles, over the whole range, both layouts the engine uses.
import * as hdr from 'hdr-histogram-js';
import { describe, expect, it } from 'vitest';
import { HdrCounts } from '../../src/load/hdr-counts.ts';

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('HdrCounts', () => {
  for (const [highest, digits] of [
    [3_600_000_000, 3],
    [600_000_000, 2],
  ] as const) {
    it(`matches hdr-histogram-js (highest ${highest}, ${digits} digits)`, () => {
      const rnd = seeded(digits);
      const ref = hdr.build({
        bitBucketSize: 32,
        autoResize: false,
        lowestDiscernibleValue: 1,
        highestTrackableValue: highest,
        numberOfSignificantValueDigits: digits,
      });
      const fast = new HdrCounts(highest, digits);
      // Every magnitude, the bucket edges, zero and the top.
      const values = [0, 1, 2, 127, 128, 255, 256, 1023, 1024, 2047, 2048, 2049, 4095, 4096, highest];
      if (highest > 2 ** 31) values.push(2 ** 31 - 1, 2 ** 31);
      for (let i = 0; i < 20_000; i++) values.push(Math.floor(2 ** (rnd() * Math.log2(highest))));
      for (const v of values) {
        ref.recordValue(v);
        fast.record(v);
      }
      const h = fast.toHistogram();
      expect(fast.total).toBe(values.length);
      expect(h.totalCount).toBe(ref.totalCount);
      for (const p of [0, 1, 25, 50, 90, 99, 99.9, 100])
        expect(h.getValueAtPercentile(p)).toBe(ref.getValueAtPercentile(p));
      expect(hdr.encodeIntoCompressedBase64(h)).toBe(hdr.encodeIntoCompressedBase64(ref));
    });
  }

  it('clamps out-of-range values and resets', () => {
    const fast = new HdrCounts(1000, 2);
    fast.record(-5);
    fast.record(10_000);
    const h = fast.toHistogram();
    expect(h.getValueAtPercentile(0)).toBe(0);
    expect(h.getValueAtPercentile(100)).toBeGreaterThanOrEqual(1000);
    fast.reset();
    expect(fast.total).toBe(0);
    expect(fast.toHistogram().totalCount).toBe(0);
  });
});
