// How load figures are written for people, shared by the engine's console summary and the report writers
// (which read src/results, not src/load: issue 13 §5).
import type { Segment } from './load-summary.ts';

/** Formats milliseconds the way k6's summary does: µs below 1 ms, ms below 1 s, then s / m. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms === 0) return '0s';
  if (ms < 1) return `${(ms * 1000).toFixed(2)}µs`;
  if (ms < 1000) return `${ms.toFixed(2)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)}s`;
  const m = Math.floor(ms / 60_000);
  const s = (ms - m * 60_000) / 1000;
  return `${m}m${s.toFixed(1)}s`;
}

/** A shard as "i/n" (1-based). */
export function formatSegment(seg: Segment): string {
  return `${seg.index + 1}/${seg.count}`;
}
