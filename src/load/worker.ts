// Entry point of a generator worker thread: imports the definition module, runs its segment with runLocal and
// reports ticks and the final (serialised, mergeable) result to the main thread.
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import type { LoadDefinition } from './definition.ts';
import { sleepUntil } from './executors/index.ts';
import { runLocal } from './run-local.ts';
import type { FromWorker, ToWorker, WorkerInput } from './worker-protocol.ts';

const input = workerData as WorkerInput;
const port = parentPort;
if (port === null) throw new Error('worker.ts must run in a worker thread');
const post = (m: FromWorker): void => port.postMessage(m);

const abort = new AbortController();
let go: ((startAt: number | undefined) => void) | undefined;
const started = new Promise<number | undefined>((resolve) => (go = resolve));
port.on('message', (m: ToWorker) => {
  if (m.type === 'go') go?.(m.startAt);
  else abort.abort();
});

try {
  const mod = (await import(input.moduleUrl)) as Record<string, unknown>;
  const def = mod[input.exportName] as LoadDefinition | undefined;
  if (def === undefined || typeof def !== 'object')
    throw new Error(`${input.moduleUrl} exports no '${input.exportName}'`);
  const result = await runLocal(def, {
    segment: input.segment,
    params: input.params,
    overrides: input.overrides,
    abort: abort.signal,
    thread: input.thread,
    tickMs: input.tickMs,
    liveMetrics: new Set(input.liveMetrics),
    ...(input.warmup === undefined ? {} : { warmup: input.warmup }),
    ready: async () => {
      post({ type: 'ready' });
      // The main thread picks one start instant for every thread (epoch ms: the clocks of threads agree).
      const startAt = await started;
      if (startAt !== undefined) await sleepUntil(startAt - performance.timeOrigin, abort.signal);
    },
    onTick: (live) => post({ type: 'tick', live }),
  });
  post({ type: 'done', result });
} catch (err) {
  post({ type: 'failed', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
} finally {
  port.close();
}
