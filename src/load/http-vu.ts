// A VU kit for plain HTTP targets (the engine's own tests and the benchmark against autocannon and wrk): each
// VU owns one keep-alive connection (as a k6 VU does) and every request is an `http_req` sample whose outcome
// is "ok" for 2xx, the status code otherwise, or the socket error code. The connection is RawHttpConnection
// (request bytes built once, response parsed in place, body counted). Per request the kit creates one promise
// (the one the VU function awaits) and no closure: it times the request itself and records it with
// ctx.sample() from the connection's callback (issue 16; under tsx every closure also pays for its `name`).
import type { IterationContext, VuInitContext } from './definition.ts';
import { RawHttpConnection } from './raw-http-connection.ts';

const PREFIX = 'http_req';

class VuRequest {
  #path = '/';
  #method = 'GET /';
  #ctx: IterationContext | undefined;
  #t0 = 0;
  #resolve: (() => void) | undefined;
  readonly #onOutcome = (status: string): void => {
    const t1 = performance.now();
    const ctx = this.#ctx;
    const resolve = this.#resolve;
    this.#ctx = undefined;
    this.#resolve = undefined;
    ctx?.sample(
      PREFIX,
      this.#method,
      this.#t0,
      t1,
      status.length === 3 && status.charCodeAt(0) === 50 ? 'ok' : status,
    );
    resolve?.();
  };
  readonly #executor = (resolve: () => void): void => {
    this.#resolve = resolve;
    this.#t0 = performance.now();
    this.conn.get(this.#path, this.#onOutcome);
  };

  constructor(readonly conn: RawHttpConnection) {}

  /** One GET of `path`, recorded as a sample of `ctx`; resolves once it is recorded. */
  run(ctx: IterationContext, path: string): Promise<void> {
    if (this.#resolve !== undefined) {
      // One request at a time per VU connection: a concurrent one fails at once, as the connection would.
      const now = performance.now();
      ctx.sample(PREFIX, `GET ${path}`, now, now, 'EBUSY');
      return Promise.resolve();
    }
    if (path !== this.#path) {
      this.#path = path;
      this.#method = `GET ${path}`;
    }
    this.#ctx = ctx;
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

/** GET `path` and read the whole body. */
export function httpGet(state: HttpVuState, ctx: IterationContext, path = '/'): Promise<void> {
  const signal = ctx.signal;
  if (state.watched !== signal) {
    state.watched = signal;
    const conn = state.conn;
    signal.addEventListener('abort', () => conn.abort(), { once: true });
  }
  return state.req.run(ctx, path);
}
