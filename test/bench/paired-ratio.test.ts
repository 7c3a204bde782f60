// The bench's A/B verdicts: a target is met or missed only when the median's confidence interval is wholly
// on one side of it.
import { describe, expect, it } from 'vitest';
import { medianInterval, roundOrder, verdict } from '../../bench/lib/paired-ratio.ts';

describe('medianInterval', () => {
  it('gives the order-statistics interval with at least the asked coverage', () => {
    // n = 9: [s(2), s(8)] covers the median with 1 - 2·10/512 ≈ 0.961; [s(3), s(7)] only ≈ 0.820.
    const iv = medianInterval([9, 1, 8, 2, 7, 3, 6, 4, 5], 0.9);
    expect(iv.median).toBe(5);
    expect([iv.lo, iv.hi]).toEqual([2, 8]);
    expect(iv.confidence).toBeCloseTo(1 - 20 / 512, 10);
    // Five values cannot do better than the full range (coverage 1 - 2/32).
    const five = medianInterval([1.1, 0.9, 1.0, 1.2, 0.95]);
    expect([five.lo, five.median, five.hi]).toEqual([0.9, 1.0, 1.2]);
    expect(five.confidence).toBeCloseTo(1 - 2 / 32, 10);
    expect(medianInterval([2, 4]).median).toBe(3);
  });

  it('calls a target met or missed only outside the noise', () => {
    expect(verdict(medianInterval([1.02, 1.05, 1.01, 1.08, 1.03]), 1)).toBe('met');
    expect(verdict(medianInterval([0.92, 0.95, 0.9, 0.97, 0.93]), 1)).toBe('MISSED');
    // A median above the target whose interval reaches below it is not a pass.
    expect(verdict(medianInterval([1.1, 1.05, 0.98, 1.2, 1.04]), 1)).toBe('inside the noise');
    // Four rounds all above the target still cover the median with only 87.5 %: no verdict yet.
    expect(verdict(medianInterval([1.2]), 1)).toBe('too few rounds');
    expect(verdict(medianInterval([1.02, 1.05, 1.01, 1.08]), 1)).toBe('too few rounds');
  });
});

describe('roundOrder', () => {
  const items = ['engine', 'wrk', 'wrk again', 'floor'];

  it('runs every item once a round, and each odd round as the round before it backwards', () => {
    for (let r = 0; r < 16; r++) {
      const order = roundOrder(items, r);
      expect([...order].sort()).toEqual([...items].sort());
      if (r % 2 === 1) expect(order).toEqual(roundOrder(items, r - 1).reverse());
    }
  });

  it('puts each item in each place equally often over 2·n rounds, at every length', () => {
    for (let n = 1; n <= 5; n++) {
      const xs = items.concat(['x']).slice(0, n);
      const count = new Map<string, number>();
      for (let r = 0; r < 2 * n; r++)
        roundOrder(xs, r).forEach((x, place) =>
          count.set(`${x}@${place}`, (count.get(`${x}@${place}`) ?? 0) + 1),
        );
      expect(count.size).toBe(n * n);
      expect(new Set(count.values())).toEqual(new Set([2]));
    }
  });

  it('is the plain alternation for a pair, and no item is always first or always in the middle of three', () => {
    expect([0, 1, 2, 3].map((r) => roundOrder(['a', 'b'], r).join())).toEqual(['a,b', 'b,a', 'b,a', 'a,b']);
    const three = ['engine', 'wrk', 'wrk again'];
    const firsts = new Set([0, 1, 2, 3, 4, 5].map((r) => roundOrder(three, r)[0]));
    const middles = new Set([0, 1, 2, 3, 4, 5].map((r) => roundOrder(three, r)[1]));
    expect(firsts).toEqual(new Set(three));
    expect(middles).toEqual(new Set(three));
    expect(roundOrder([], 3)).toEqual([]);
  });
});
