// Runs a definition's segment over N worker threads (each a sub-segment), with a start barrier, merged live
// samples and merged final results. Workers run TypeScript through tsx's loader (ts-worker.ts).
import { performance } from 'node:perf_hooks';
import type { Worker } from 'node:worker_threads';
import { combineLive } from './live-sample.ts';
import type { LiveSample } from './live-sample.ts';
import { mergeMetrics } from './merge-metrics.ts';
import type { LocalResult } from './run-local.ts';
import { composeSegments } from './segment.ts';
import type { Segment } from './segment.ts';
import { mergeTimelines } from './timeline.ts';
import { tsWorker } from './ts-worker.ts';
import type { FromWorker, ToWorker, WorkerInput } from './worker-protocol.ts';

const WORKER_TS = new URL('./worker.ts', import.meta.url);

export interface WorkersRunOptions extends Omit<WorkerInput, 'segment' | 'thread'> {
  readonly segment: Segment;
  readonly workers: number;
  readonly abort: AbortSignal;
  readonly onTick?: (live: LiveSample) => void;
  readonly onStart?: (epochMs: number) => void;
  /** Epoch ms before which no thread starts its scenarios (aligns shards). */
  readonly startAt?: number;
}

export async function runWorkers(o: WorkersRunOptions): Promise<LocalResult> {
  const n = Math.max(1, o.workers);
  const latest: (LiveSample | undefined)[] = Array.from({ length: n }, () => undefined);
  let ready = 0;
  let finished = 0;
  const workers: Worker[] = [];
  const results = await Promise.all(
    Array.from({ length: n }, (_, i) => {
      const input: WorkerInput = {
        moduleUrl: o.moduleUrl,
        exportName: o.exportName,
        segment: composeSegments(o.segment, { index: i, count: n }),
        params: o.params,
        overrides: o.overrides,
        thread: `worker ${i + 1}/${n}`,
        liveMetrics: o.liveMetrics,
        tickMs: o.tickMs,
        ...(o.warmup === undefined ? {} : { warmup: o.warmup }),
      };
      const w = tsWorker(WORKER_TS, input);
      workers.push(w);
      const send = (m: ToWorker): void => w.postMessage(m);
      o.abort.addEventListener('abort', () => send({ type: 'abort' }), { once: true });
      return new Promise<LocalResult>((resolve, reject) => {
        w.on('message', (m: FromWorker) => {
          switch (m.type) {
            case 'ready':
              // Start barrier: all threads begin their scenarios together, after every VU is set up.
              if (++ready === n) {
                // A common start instant a little ahead, so every thread begins its scenarios together.
                const startAt = Math.max(o.startAt ?? 0, performance.timeOrigin + performance.now() + 20);
                o.onStart?.(startAt);
                for (const x of workers) x.postMessage({ type: 'go', startAt } satisfies ToWorker);
              }
              break;
            case 'tick': {
              latest[i] = m.live;
              // Emit once per round, when the last worker of the round reported.
              const all = latest.filter((s): s is LiveSample => s !== undefined);
              // A round is complete when every thread still running has reported.
              if (all.length >= n - finished) {
                o.onTick?.({
                  ...combineLive(all),
                  ...(all[0]?.metrics === undefined
                    ? {}
                    : { metrics: mergeMetrics(all.map((s) => s.metrics ?? {})) }),
                });
                for (let j = 0; j < n; j++) latest[j] = undefined;
              }
              break;
            }
            case 'done':
              finished++;
              resolve(m.result);
              void w.terminate();
              break;
            case 'failed':
              reject(new Error(`${input.thread} failed: ${m.message}`));
              void w.terminate();
              break;
          }
        });
        w.on('error', reject);
        w.on('exit', (code) =>
          reject(new Error(`${input.thread} exited with code ${code} before finishing`)),
        );
      });
    }),
  ).finally(() => {
    for (const w of workers) void w.terminate();
  });
  return {
    startedAt: Math.min(...results.map((r) => r.startedAt)),
    endedAt: Math.max(...results.map((r) => r.endedAt)),
    // The process's counters only grow: the last thread to end its load read the whole load's CPU.
    loadEnd: {
      epochMs: Math.max(...results.map((r) => r.loadEnd.epochMs)),
      cpuUs: Math.max(...results.map((r) => r.loadEnd.cpuUs)),
    },
    metrics: mergeMetrics(results.map((r) => r.metrics)),
    timeline: mergeTimelines(results.map((r) => r.timeline)),
    threads: results.flatMap((r) => r.threads),
    errors: results.flatMap((r) => r.errors),
  };
}
