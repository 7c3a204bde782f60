// The live progress line on stderr: elapsed/total, requests per second, p99, error share and VUs. Rewritten in
// place on a TTY; on a pipe (CI logs) a plain line at most every `plainEveryMs`.
import type { LiveSample } from './live-sample.ts';
import { formatDuration } from './duration.ts';

export interface ProgressOptions {
  readonly stream: NodeJS.WriteStream | NodeJS.WritableStream;
  readonly isTty: boolean;
  /** Planned test length, for "3.0s/5.0s". */
  readonly totalMs: number;
  readonly plainEveryMs?: number;
}

export interface Progress {
  readonly onTick: (live: LiveSample) => void;
  /** Clears the TTY line before the summary is printed. */
  done(): void;
}

export function formatProgress(live: LiveSample, totalMs: number): string {
  const rps = live.intervalMs > 0 ? (live.requests * 1000) / live.intervalMs : 0;
  const err = live.requests === 0 ? 0 : (live.failures / live.requests) * 100;
  return (
    `running ${formatDuration(live.elapsedMs)}/${formatDuration(totalMs)}  ` +
    `rps ${rps.toFixed(0)}  p99 ${formatDuration(live.p99Ms)}  errors ${err.toFixed(2)}%  ` +
    `VUs ${live.activeVus}/${live.allocatedVus}`
  );
}

const PLAIN_EVERY_MS = 5_000;

export function createProgress(o: ProgressOptions): Progress {
  let last = Number.NEGATIVE_INFINITY;
  // A CI log gets a line every few seconds, as k6 prints in a non-interactive terminal (issue 12).
  const every = o.plainEveryMs ?? PLAIN_EVERY_MS;
  return {
    onTick: (live) => {
      const line = formatProgress(live, o.totalMs);
      if (o.isTty) {
        o.stream.write(`\r\x1b[2K${line}`);
      } else if (live.elapsedMs - last >= every) {
        last = live.elapsedMs;
        o.stream.write(`${line}\n`);
      }
    },
    done: () => {
      if (o.isTty) o.stream.write('\r\x1b[2K');
    },
  };
}
