// A worker thread whose entry is a TypeScript module. Node 20 does not apply `--import tsx` in a worker's
// execArgv to the worker's own entry module, so the entry is a tiny eval'd bootstrap that registers tsx's ESM
// hooks (tsx/esm/api, as bin/xapi-harness.mjs does) and then imports the module. tsx is resolved from this
// package, so this works from any working directory, under the CLI, tsx and vitest alike (tested in test/load).
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

const TSX_API = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href.replace(
  /\.cjs$/,
  '.mjs',
);

/** Starts a worker thread running the TypeScript module at `entry` (a file: URL), with `workerData`. */
export function tsWorker(entry: URL, workerData: unknown): Worker {
  const bootstrap = `import(${JSON.stringify(TSX_API)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(bootstrap, { eval: true, workerData });
}
