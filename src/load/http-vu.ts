// A VU kit for plain HTTP targets (the engine's own tests and the benchmark against autocannon): each VU owns
// one keep-alive connection (as a k6 VU does) and every request is an `http_req` sample whose outcome is "ok"
// for 2xx, the status code otherwise, or the socket error code. The connection is RawHttpConnection
// (request bytes built once, response parsed in place, body counted); no closure is created per request
// (under tsx every closure also pays for its `name`).
import type { IterationContext, VuInitContext } from './definition.ts';
import { RawHttpConnection } from './raw-http-connection.ts';

class VuRequest {
  path = '/';
  #resolve: ((outcome: string) => void) | undefined;
  readonly #onOutcome = (status: string): void => {
    const r = this.#resolve;
    this.#resolve = undefined;
    r?.(status.length === 3 && status.charCodeAt(0) === 50 ? 'ok' : status);
  };
  readonly #executor = (resolve: (outcome: string) => void): void => {
    this.#resolve = resolve;
    this.conn.get(this.path, this.#onOutcome);
  };
  /** The function ctx.request() times: one GET of `path`, resolved with its outcome. */
  readonly run = (): Promise<string> => new Promise<string>(this.#executor);

  constructor(readonly conn: RawHttpConnection) {}
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
  const conn = new RawHttpConnection(url, { insecure: ctx.params.insecure ?? false });
  return Promise.resolve({ conn, req: new VuRequest(conn), watched: undefined });
}

export async function httpTeardownVu(state: HttpVuState): Promise<void> {
  await state.conn.close();
}

/** GET `path` and read the whole body. */
export function httpGet(state: HttpVuState, ctx: IterationContext, path = '/'): Promise<void> {
  if (state.watched !== ctx.signal) {
    state.watched = ctx.signal;
    const conn = state.conn;
    ctx.signal.addEventListener('abort', () => conn.abort(), { once: true });
  }
  state.req.path = path;
  return ctx.request('http_req', path === '/' ? 'GET /' : `GET ${path}`, state.req.run);
}
