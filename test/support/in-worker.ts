// A test body that could starve its own event loop runs in a worker thread, under a watchdog on the test's
// thread. A loop that never yields (a chain of microtasks, as the ramping-vus hang of 2026-12-05 was) stops
// every timer of its thread, vitest's test timeout included, so such a test used to fail by hanging the whole
// run. In a worker, the test's thread keeps its timers: after `timeoutMs` the worker is terminated (V8 stops
// it even inside a microtask loop) and the test fails with a message that says so.
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

// Node 20 does not apply `--import tsx` to a worker's entry module: the entry registers tsx's hooks first
// (as src/load/run-workers.ts does).
const TSX_API = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href.replace(
  /\.cjs$/,
  '.mjs',
);

function bootstrap(moduleUrl: string, name: string): string {
  return `
const { parentPort } = require('node:worker_threads');
import(${JSON.stringify(TSX_API)})
  .then((m) => { m.register(); return import(${JSON.stringify(moduleUrl)}); })
  .then((mod) => mod[${JSON.stringify(name)}]())
  .then((value) => parentPort.postMessage({ ok: true, value }),
        (err) => parentPort.postMessage({ ok: false, message: String(err && err.stack || err) }));
`;
}

/** Calls the module's export `name` (no arguments) in a worker thread; its result must be cloneable. */
export function inWorker<T>(moduleUrl: string, name: string, timeoutMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const w = new Worker(bootstrap(moduleUrl, name), { eval: true });
    const timer = setTimeout(() => {
      void w.terminate();
      reject(new Error(`${name} did not finish in ${timeoutMs} ms: its thread was stopped (a hang)`));
    }, timeoutMs);
    const settle = (): void => {
      clearTimeout(timer);
      void w.terminate();
    };
    w.once('message', (m: { ok: boolean; value?: T; message?: string }) => {
      settle();
      if (m.ok) resolve(m.value as T);
      else reject(new Error(m.message));
    });
    w.once('error', (e) => {
      settle();
      reject(e);
    });
  });
}
