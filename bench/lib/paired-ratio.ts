// Same-run A/B verdicts that noise cannot fake (issue 16). Two generators measured one after the other in
// each round (the order alternating) give one ratio per round: drift on a shared machine hits both sides of
// a round alike, and the rounds' ratios are independent draws. Their median gets a distribution-free
// confidence interval (order statistics: the median lies between the k-th smallest and k-th largest of n
// ratios with probability 1 - 2·P(Binomial(n, ½) < k)), and a target is met or missed only when the whole
// interval is on one side of it; otherwise the verdict says the difference is inside the noise.

export interface MedianInterval {
  readonly n: number;
  readonly median: number;
  /** The interval's ends, and the probability that it holds the true median. */
  readonly lo: number;
  readonly hi: number;
  readonly confidence: number;
}

export type Verdict = 'met' | 'MISSED' | 'inside the noise' | 'too few rounds';

/** P(Binomial(n, ½) ≤ k). */
function binomialCdfHalf(n: number, k: number): number {
  let term = 1; // C(n, 0)
  let sum = 0;
  for (let i = 0; i <= k; i++) {
    sum += term;
    term = (term * (n - i)) / (i + 1);
  }
  return sum / 2 ** n;
}

/**
 * The median of `xs` and the narrowest order-statistics interval around it with at least `confidence`
 * coverage (with too few values for that, the full range and its actual coverage).
 */
export function medianInterval(xs: readonly number[], confidence = 0.9): MedianInterval {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) return { n, median: 0, lo: 0, hi: 0, confidence: 0 };
  const median = n % 2 === 1 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
  // The largest k (1-based) whose interval [s(k), s(n-k+1)] still covers the median with `confidence`.
  let k = 1;
  while (k + 1 <= Math.ceil(n / 2) && 1 - 2 * binomialCdfHalf(n, k) >= confidence) k++;
  return { n, median, lo: s[k - 1]!, hi: s[n - k]!, confidence: 1 - 2 * binomialCdfHalf(n, k - 1) };
}

/**
 * met: the whole interval at or above `target`; MISSED: all of it below; else inside the noise. Fewer rounds
 * than give the interval `confidence` (5 for 90 %) decide nothing: one round's ratio is not a verdict.
 */
export function verdict(iv: MedianInterval, target: number, confidence = 0.9): Verdict {
  if (iv.confidence < confidence) return 'too few rounds';
  if (iv.lo >= target) return 'met';
  if (iv.hi < target) return 'MISSED';
  return 'inside the noise';
}

/**
 * The order to run `items` in, in round `round` (from 0): rotated by ⌊round/2⌋ and, in odd rounds, reversed.
 * Every odd round is the even round before it backwards, so in each two rounds any item runs before any other
 * once and after it once; over 2·n rounds each item runs in each place twice. With two items this is the
 * plain alternation. It matters with three: run as [engine, wrk, wrk again] and its reverse, the engine-wrk
 * pair would alternate, but wrk would always run second and the engine and wrk's second run would take turns
 * in the first place, straight after autocannon (which runs in the bench's own process): a place any run
 * can gain or lose in, so a pair with one side always there is biased.
 */
export function roundOrder<T>(items: readonly T[], round: number): T[] {
  const n = items.length;
  if (n === 0) return [];
  const k = Math.floor(round / 2) % n;
  const rotated = [...items.slice(k), ...items.slice(0, k)];
  return round % 2 === 0 ? rotated : rotated.reverse();
}
