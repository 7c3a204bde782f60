// The plain-HTTP kit's stand-in target for the engine's warm-up (definition.ts LoadDefinition.warmup): the
// HTTP sink of http-sink.ts, in a worker thread of its own. Each generator thread then runs the kit's real
// code (RawHttpConnection, the closed loop, the metrics) against it, so V8 compiles that code in the
// thread's own isolate, and the warm-up never sends a byte to the real target.
// Why a thread of its own: a sink reads through node's stream code, which the kit's sockets share. In the
// generator's isolate, V8 compiled those functions for both users, and 8 of them deoptimised once the test
// began (--trace-deopt, one run). At one generator thread that cost about 1 % of the later rate
// (docs/benchmarks.md, "A warm-up before the test clock").
import { once } from 'node:events';
import type { RunParams, WarmupSession, WarmupTarget } from './definition.ts';
import { tsWorker } from './ts-worker.ts';

const SINK_WORKER = new URL('./http-sink-worker.ts', import.meta.url);

/** The HTTP kit's stand-in: `warmup: { target: httpWarmupTarget }` in a definition using http-vu.ts. */
export const httpWarmupTarget: WarmupTarget = {
  label: 'an HTTP sink on loopback in a thread of its own',
  async start(params: RunParams): Promise<WarmupSession> {
    const worker = tsWorker(SINK_WORKER, undefined);
    const exited = once(worker, 'exit');
    const [ready] = (await Promise.race([
      once(worker, 'message'),
      exited.then(([code]) => {
        throw new Error(`the warm-up's HTTP sink exited with code ${String(code)} before listening`);
      }),
    ])) as [{ port: number }];
    // Plain TCP to the sink whatever the real target's scheme: the kit's request, parse and metrics code is
    // the same over TLS, but a TLS socket's own layer is left cold.
    const { url: _real, insecure: _i, ca: _c, ...rest } = params;
    return {
      params: { ...rest, url: `http://127.0.0.1:${ready.port}/` },
      close: async () => {
        worker.postMessage('close');
        await exited;
      },
    };
  },
};
