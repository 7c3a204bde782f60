// Splitting one test over shards (processes, pods) and worker threads, in the spirit of k6's execution
// segments: a segment is "index of count". Integer quantities are split so that the sum over all segments
// equals the total exactly (the first `total % count` segments get one more); arrival-rate iterations are
// striped (global iteration k belongs to segment k % count), so the union of all segments is exactly the
// single-process schedule, with the same intended start times.
import type { Segment } from '../results/load-summary.ts';
export type { Segment };

export const WHOLE: Segment = { index: 0, count: 1 };

/** Parses the CLI form "i/n" with 1-based i (k8s JOB_COMPLETION_INDEX is 0-based: pass index+1). */
export function parseShard(text: string): Segment {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const i = Number(m?.[1]);
  const n = Number(m?.[2]);
  if (m === null || n < 1 || i < 1 || i > n)
    throw new RangeError(`invalid shard '${text}' (expected i/n with 1 <= i <= n)`);
  return { index: i - 1, count: n };
}

/** This segment's share of an integer total; the shares of all segments sum to `total`. */
export function splitCount(total: number, seg: Segment): number {
  const base = Math.floor(total / seg.count);
  return base + (seg.index < total % seg.count ? 1 : 0);
}

/** The segment `inner` of the segment `outer`, as one segment of the whole (stripes nest exactly). */
export function composeSegments(outer: Segment, inner: Segment): Segment {
  return { index: outer.index + outer.count * inner.index, count: outer.count * inner.count };
}

/** The 1-based test-wide VU id of this segment's `local`-th VU (1-based), unique over all segments. */
export function globalVuId(local: number, seg: Segment): number {
  return seg.index + seg.count * (local - 1) + 1;
}

export { formatSegment } from '../results/load-format.ts';
