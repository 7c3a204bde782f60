// HDR histograms for trend metrics. Values are recorded in integer microseconds (1 µs .. 1 h, 3 significant
// digits) and reported in milliseconds, as k6 reports times.
//
// Pure-JS Int32 buckets rather than the WASM build: measured here (Node 20, 3M records) the JS build records
// ~11 M values/s and the WASM one ~35 M/s, both far beyond any request rate, but WASM histograms live outside
// the GC heap and leak unless destroy() is called on every one — a risk in a long soak that buys nothing.
// Samples are recorded into HdrCounts (hdr-counts.ts: the same layout, the index without Math.log2/pow; at four
// samples per request ~0.1 µs each, issue 16) and converted to the library's histogram when read.
import * as hdr from 'hdr-histogram-js';
import type { Histogram } from 'hdr-histogram-js';

export type { Histogram };

/** Highest trackable value: one hour in µs. Larger samples are clamped (and counted in `max` exactly). */
export const TREND_HIGHEST_US = 3_600_000_000;

export function newHistogram(): Histogram {
  return buildHistogram(TREND_HIGHEST_US, 3);
}

/**
 * A histogram of integer µs from 1 to `highestUs` with `digits` significant digits, in the one layout every
 * histogram here shares (32-bit buckets, no resize), so that any of them can add() any other.
 */
export function buildHistogram(highestUs: number, digits: 2 | 3): Histogram {
  return hdr.build({
    bitBucketSize: 32,
    autoResize: false,
    lowestDiscernibleValue: 1,
    highestTrackableValue: highestUs,
    numberOfSignificantValueDigits: digits,
  });
}

/** The value at percentile p (0..100) in milliseconds. */
export function percentileMs(h: Histogram, p: number): number {
  return h.totalCount === 0 ? 0 : h.getValueAtPercentile(p) / 1000;
}

/** HdrHistogram's standard compressed base64 form (interoperable with the Java/Go/Rust HdrHistogram libraries). */
export function encodeHistogram(h: Histogram): string {
  return hdr.encodeIntoCompressedBase64(h);
}

export function decodeHistogram(base64: string): Histogram {
  // Re-home into our fixed layout so that add() never needs to resize.
  const h = newHistogram();
  h.add(decodeEncoded(base64));
  return h;
}

/** Adds the samples of an encoded histogram (encodeHistogram's form; '', an empty timeline bucket, adds nothing). */
export function addEncoded(into: Histogram, base64: string): void {
  if (base64 !== '') into.add(decodeEncoded(base64));
}

function decodeEncoded(base64: string): Histogram {
  return hdr.decodeFromCompressedBase64(base64, 32, false);
}
