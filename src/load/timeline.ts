// Per-interval data for the charts (latency percentiles, rps, errors over time) with bounded memory: buckets
// are aligned to epoch multiples of the bucket width, each keeps one small HDR histogram of the headline
// latency, closed buckets are stored encoded, and when there are more than MAX_POINTS the width doubles and
// neighbours merge. Aligned widths nest, so timelines of shards merge exactly (merge-timelines.ts).
import { addEncoded, buildHistogram, encodeHistogram, percentileMs, type Histogram } from './histogram.ts';
import type { TimelineData, TimelinePoint } from '../results/load-summary.ts';
import { HdrCounts } from './hdr-counts.ts';
export type { TimelineData, TimelinePoint };

const MAX_POINTS = 900;
/** The bucket histograms' range: up to 10 minutes in µs. */
const BUCKET_HIGHEST_US = 600_000_000;

/** Small per-bucket histograms: 2 significant digits up to 10 minutes keep each one a few KiB. */
export function newBucketHistogram(): Histogram {
  return buildHistogram(BUCKET_HIGHEST_US, 2);
}

/** Counts in newBucketHistogram()'s layout, for recording (hdr-counts.ts: cheap per sample). */
function newBucketCounts(): HdrCounts {
  return new HdrCounts(BUCKET_HIGHEST_US, 2);
}

function encodeCounts(c: HdrCounts | undefined): string {
  return c === undefined || c.total === 0 ? '' : encodeHistogram(c.toHistogram());
}

function encodeBucket(h: Histogram | undefined): string {
  return h === undefined || h.totalCount === 0 ? '' : encodeHistogram(h);
}

interface OpenBucket {
  t: number;
  requests: number;
  failures: number;
  iterations: number;
  dropped: number;
  vus: number;
  hist: HdrCounts | undefined;
}

export class Timeline {
  bucketMs = 1000;
  readonly #closed: TimelinePoint[] = [];
  #open: OpenBucket | undefined;
  /** The open bucket's end (epoch ms): a sample before it and at or after its start goes there. */
  #openEnd = Number.NEGATIVE_INFINITY;
  /** Headline latencies since the last takeLive(), for the progress line. */
  readonly #live = newBucketCounts();
  #liveRequests = 0;
  #liveFailures = 0;

  /** p99 (ms) and counts since the previous call; resets. */
  takeLive(): { p99Ms: number; requests: number; failures: number } {
    const out = {
      p99Ms: percentileMs(this.#live.toHistogram(), 99),
      requests: this.#liveRequests,
      failures: this.#liveFailures,
    };
    this.#live.reset();
    this.#liveRequests = 0;
    this.#liveFailures = 0;
    return out;
  }

  #bucket(epochMs: number): OpenBucket {
    const open = this.#open;
    // The common case, without a division: the sample falls in the open bucket.
    if (open !== undefined && epochMs < this.#openEnd && epochMs >= open.t) return open;
    return this.#roll(epochMs);
  }

  /** A sample outside the open bucket (once a bucket width): the bucket it goes to. */
  #roll(epochMs: number): OpenBucket {
    const open = this.#open;
    const t = Math.floor(epochMs / this.bucketMs) * this.bucketMs;
    if (open !== undefined && open.t === t) return open;
    // Samples from an earlier bucket (an iteration that ended just after the boundary) go to the open one:
    // at most one bucket of skew, never unbounded state.
    if (open !== undefined && t < open.t) return open;
    if (open !== undefined) this.#close(open);
    const b: OpenBucket = {
      t,
      requests: 0,
      failures: 0,
      iterations: 0,
      dropped: 0,
      vus: open?.vus ?? 0,
      hist: undefined,
    };
    this.#open = b;
    // Where the next bucket starts at the current width (#close may just have doubled it).
    this.#openEnd = (Math.floor(t / this.bucketMs) + 1) * this.bucketMs;
    return b;
  }

  request(epochMs: number, latencyMs: number, ok: boolean): void {
    const b = this.#bucket(epochMs);
    b.requests++;
    if (!ok) b.failures++;
    const us = Math.round(latencyMs * 1000);
    (b.hist ??= newBucketCounts()).record(us);
    this.#live.record(us);
    this.#liveRequests++;
    if (!ok) this.#liveFailures++;
  }

  iteration(epochMs: number): void {
    this.#bucket(epochMs).iterations++;
  }

  dropped(epochMs: number, n = 1): void {
    this.#bucket(epochMs).dropped += n;
  }

  vus(epochMs: number, active: number): void {
    this.#bucket(epochMs).vus = active;
  }

  #close(b: OpenBucket): void {
    this.#closed.push({
      t: b.t,
      requests: b.requests,
      failures: b.failures,
      iterations: b.iterations,
      dropped: b.dropped,
      vus: b.vus,
      hdr: encodeCounts(b.hist),
    });
    if (this.#closed.length > MAX_POINTS) {
      const merged = coarsen({ bucketMs: this.bucketMs, points: this.#closed }, this.bucketMs * 2);
      this.bucketMs = merged.bucketMs;
      this.#closed.splice(0, this.#closed.length, ...merged.points);
    }
  }

  data(): TimelineData {
    const open = this.#open;
    const points = [...this.#closed];
    if (open !== undefined) {
      points.push({
        t: open.t,
        requests: open.requests,
        failures: open.failures,
        iterations: open.iterations,
        dropped: open.dropped,
        vus: open.vus,
        hdr: encodeCounts(open.hist),
      });
    }
    return { bucketMs: this.bucketMs, points };
  }
}

/** Re-buckets a timeline to a wider (multiple) width; vus keeps the last sample of each new bucket. */
function coarsen(data: TimelineData, bucketMs: number): TimelineData {
  if (bucketMs === data.bucketMs) return data;
  const out: TimelinePoint[] = [];
  let cur: { p: TimelinePoint; hist: Histogram | undefined } | undefined;
  const flush = (): void => {
    if (cur !== undefined) out.push({ ...cur.p, hdr: encodeBucket(cur.hist) });
  };
  for (const p of data.points) {
    const t = Math.floor(p.t / bucketMs) * bucketMs;
    if (cur === undefined || cur.p.t !== t) {
      flush();
      cur = { p: { ...p, t }, hist: undefined };
    } else {
      // Later samples of one shard: the last VU count stands.
      cur.p = addCounts(cur.p, p, p.vus);
    }
    if (p.hdr !== '') addEncoded((cur.hist ??= newBucketHistogram()), p.hdr);
  }
  flush();
  return { bucketMs, points: out };
}

/** `c` with `p`'s requests, failures, iterations and drops added, and `vus` as the VU count. */
function addCounts(c: TimelinePoint, p: TimelinePoint, vus: number): TimelinePoint {
  return {
    ...c,
    requests: c.requests + p.requests,
    failures: c.failures + p.failures,
    iterations: c.iterations + p.iterations,
    dropped: c.dropped + p.dropped,
    vus,
  };
}

/** Merges shard timelines: same epoch-aligned buckets add up (vus too: each shard runs its share). */
export function mergeTimelines(parts: readonly TimelineData[]): TimelineData {
  if (parts.length === 0) return { bucketMs: 1000, points: [] };
  const width = Math.max(...parts.map((p) => p.bucketMs));
  const acc = new Map<number, { p: TimelinePoint; hist: Histogram | undefined }>();
  for (const part of parts) {
    for (const p of coarsen(part, width).points) {
      const prev = acc.get(p.t);
      if (prev === undefined) {
        acc.set(p.t, { p, hist: undefined });
      } else {
        // The same bucket of another shard: its VUs add up.
        prev.p = addCounts(prev.p, p, prev.p.vus + p.vus);
      }
    }
  }
  // Histograms: add every part's encoded bucket into its merged bucket.
  for (const part of parts) {
    for (const p of coarsen(part, width).points) {
      const e = acc.get(p.t);
      if (e !== undefined && p.hdr !== '') addEncoded((e.hist ??= newBucketHistogram()), p.hdr);
    }
  }
  const points = [...acc.values()]
    .sort((a, b) => a.p.t - b.p.t)
    .map((e) => ({ ...e.p, hdr: encodeBucket(e.hist) }));
  return { bucketMs: width, points };
}
