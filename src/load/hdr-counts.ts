// The recording side of an HDR histogram, cheap enough for every request sample (issue 16): integer
// microseconds go straight into a counts array laid out exactly as hdr-histogram-js lays out a histogram with
// lowestDiscernibleValue 1 (HdrHistogram's bucket / sub-bucket scheme), the index found with Math.clz32 and a
// shift instead of the library's Math.log2 / Math.pow per value. Reading (percentiles, the compressed base64
// form) converts to the library's histogram (buildHistogram, the layout every histogram here shares) count
// by count, so every figure and every encoded histogram is the one the library would have produced from the
// same values.
import { buildHistogram, type Histogram } from './histogram.ts';

export class HdrCounts {
  readonly counts: Uint32Array;
  /** Samples recorded. */
  total = 0;
  readonly #halfMagnitude: number;
  readonly #halfCount: number;

  /** `highest`: the largest value tracked (larger ones are clamped); `digits`: significant decimal digits. */
  constructor(
    readonly highest: number,
    readonly digits: 2 | 3,
  ) {
    if (highest >= 2 ** 32) throw new RangeError('HdrCounts tracks values below 2^32');
    // HdrHistogram: unit resolution up to 2 × 10^digits, in a power-of-two sub-bucket count.
    const subBucketCountMagnitude = Math.ceil(Math.log2(2 * 10 ** digits));
    this.#halfMagnitude = Math.max(subBucketCountMagnitude, 1) - 1;
    this.#halfCount = 2 ** this.#halfMagnitude;
    const subBucketCount = 2 * this.#halfCount;
    let buckets = 1;
    for (let smallestUntrackable = subBucketCount; smallestUntrackable <= highest; smallestUntrackable *= 2)
      buckets++;
    this.counts = new Uint32Array((buckets + 1) * this.#halfCount);
  }

  /** Records a non-negative integer (clamped to 0..highest). */
  record(value: number): void {
    const v = value < 0 ? 0 : value > this.highest ? this.highest : value;
    // floor(log2 v) - halfMagnitude, at least 0 (v < 2^32, so clz32 sees it whole).
    const bucket = Math.max(0, 31 - Math.clz32(v) - this.#halfMagnitude);
    this.counts[((bucket + 1) << this.#halfMagnitude) + (v >>> bucket) - this.#halfCount]!++;
    this.total++;
  }

  reset(): void {
    if (this.total === 0) return;
    this.counts.fill(0);
    this.total = 0;
  }

  /** The lowest value of the counts slot `index` (HdrHistogram's valueFromIndex). */
  #valueAt(index: number): number {
    let bucket = (index >> this.#halfMagnitude) - 1;
    let sub = (index & (this.#halfCount - 1)) + this.#halfCount;
    if (bucket < 0) {
      sub -= this.#halfCount;
      bucket = 0;
    }
    return sub * 2 ** bucket;
  }

  /** The same samples in an hdr-histogram-js histogram of the same layout. */
  toHistogram(): Histogram {
    const h = buildHistogram(this.highest, this.digits);
    if (this.total === 0) return h;
    const c = this.counts;
    for (let i = 0; i < c.length; i++) {
      const n = c[i]!;
      if (n !== 0) h.recordValueWithCount(this.#valueAt(i), n);
    }
    return h;
  }
}
