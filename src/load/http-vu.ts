// A VU kit for plain HTTP targets (the engine's own tests and the benchmark against autocannon and wrk): each
// VU owns one keep-alive connection (as a k6 VU does) and every request is an `http_req` sample whose outcome
// is "ok" for 2xx, the status code otherwise, or the socket error code. The connection is RawHttpConnection
// (request bytes built once, response parsed in place, body counted). The kit times each request itself and
// records it with ctx.sample() from the connection's callback, with no closure per request (issue 16; under
// tsx every closure also pays for its `name`). httpGetFunction() has a callback form too, which a closed loop
// drives with no promise at all: the next request is written from the callback of the last response, as a
// generator written in C does; httpGet() is the awaited form, one promise per request.
import { performance } from 'node:perf_hooks';
import { stepFunction } from './definition.ts';
import type { IterationContext, VuFunction, VuInitContext } from './definition.ts';
import { RawHttpConnection } from './raw-http-connection.ts';

const PREFIX = 'http_req';

/** Ends a request's iteration with the clock reading the request ended at (definition.ts StepDone). */
type RequestDone = (err?: undefined, at?: number) => void;

class VuRequest {
  #path = '/';
  #method = 'GET /';
  #ctx: IterationContext | undefined;
  #t0 = 0;
  /** Called with the clock reading the request ended at, which the loop takes as the iteration's end. */
  #done: RequestDone | undefined;
  /** What run()'s promise executor starts (fields, not a closure per request). */
  #nextCtx: IterationContext | undefined;
  #nextPath = '/';
  readonly #onOutcome = (status: string): void => {
    const t1 = performance.now();
    const ctx = this.#ctx;
    const done = this.#done;
    this.#ctx = undefined;
    this.#done = undefined;
    ctx?.sample(
      PREFIX,
      this.#method,
      this.#t0,
      t1,
      status.length === 3 && status.charCodeAt(0) === 50 ? 'ok' : status,
    );
    done?.(undefined, t1);
  };
  readonly #executor = (resolve: () => void): void => {
    const ctx = this.#nextCtx!;
    this.#nextCtx = undefined;
    this.start(ctx, this.#nextPath, resolve);
  };

  constructor(readonly conn: RawHttpConnection) {}

  /**
   * One GET of `path`, recorded as a sample of `ctx`; calls `done` once it is recorded (synchronously when
   * the request could not start).
   */
  start(ctx: IterationContext, path: string, done: RequestDone): void {
    if (this.#done !== undefined) {
      // One request at a time per VU connection: a concurrent one fails at once, as the connection would.
      const now = performance.now();
      ctx.sample(PREFIX, `GET ${path}`, now, now, 'EBUSY');
      done();
      return;
    }
    if (path !== this.#path) {
      this.#path = path;
      this.#method = `GET ${path}`;
    }
    this.#ctx = ctx;
    this.#done = done;
    this.#t0 = performance.now();
    this.conn.get(path, this.#onOutcome);
  }

  /** start() as a promise: resolves once the request is recorded. */
  run(ctx: IterationContext, path: string): Promise<void> {
    this.#nextCtx = ctx;
    this.#nextPath = path;
    return new Promise<void>(this.#executor);
  }
}

export interface HttpVuState {
  readonly conn: RawHttpConnection;
  /** @internal the VU's reusable request */
  readonly req: VuRequest;
  /** The VU signal the abort listener is attached to. */
  watched: AbortSignal | undefined;
}

export function httpSetupVu(ctx: VuInitContext): Promise<HttpVuState> {
  const url = ctx.params.url;
  if (url === undefined) throw new TypeError('an HTTP scenario needs params.url');
  const conn = new RawHttpConnection(url, {
    insecure: ctx.params.insecure ?? false,
    ...(ctx.params.headers === undefined ? {} : { headers: ctx.params.headers }),
  });
  return Promise.resolve({ conn, req: new VuRequest(conn), watched: undefined });
}

export async function httpTeardownVu(state: HttpVuState): Promise<void> {
  await state.conn.close();
}

/** Aborts the VU's request in flight when its iteration is interrupted (one listener per signal). */
function watch(state: HttpVuState, ctx: IterationContext): void {
  const signal = ctx.signal;
  if (state.watched === signal) return;
  state.watched = signal;
  const conn = state.conn;
  signal.addEventListener('abort', () => conn.abort(), { once: true });
}

/** GET `path` and read the whole body. */
export function httpGet(state: HttpVuState, ctx: IterationContext, path = '/'): Promise<void> {
  watch(state, ctx);
  return state.req.run(ctx, path);
}

/**
 * A VU function that GETs `path` and reads the whole body, as httpGet does, with a callback form: a
 * closed-model loop then drives it with no promise per request (executors/closed-loop.ts).
 */
export function httpGetFunction(path = '/'): VuFunction<HttpVuState> {
  return stepFunction<HttpVuState>((state, ctx, done) => {
    watch(state, ctx);
    state.req.start(ctx, path, done);
  });
}
