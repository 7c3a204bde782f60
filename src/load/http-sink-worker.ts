// Entry of the worker thread that serves the HTTP warm-up sink (http-warmup.ts): starts the sink, posts its
// port, and closes it when told to.
import { parentPort } from 'node:worker_threads';
import { startHttpSink } from './http-sink.ts';

const port = parentPort;
if (port === null) throw new Error('http-sink-worker.ts must run in a worker thread');
const sink = await startHttpSink();
port.on('message', () => {
  void sink.close().then(() => port.close());
});
port.postMessage({ port: sink.port });
