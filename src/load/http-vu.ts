// A VU kit for plain HTTP targets (the engine's own tests and the benchmark against autocannon): each VU owns
// one undici Client (one keep-alive connection, as a k6 VU), and every request is an `http_req` sample whose
// outcome is "ok" for 2xx, the status code otherwise, or the undici error code on a transport failure.
// Requests go through undici's low-level dispatch() with a minimal handler: the response body is read to
// the end (and counted) without building a stream per request, which is most of request()'s cost.
import { Client } from 'undici';
import type { Dispatcher } from 'undici';
import type { IterationContext, VuInitContext } from './definition.ts';

export interface HttpVuState {
  readonly client: Client;
  /** Bytes of response bodies read by this VU. */
  received: number;
  /** The in-flight request's controller, so an interrupted iteration aborts it. */
  inflight: Dispatcher.DispatchController | undefined;
  /** The VU signal the abort listener is attached to. */
  watched: AbortSignal | undefined;
}

export function httpSetupVu(ctx: VuInitContext): Promise<HttpVuState> {
  const url = ctx.params.url;
  if (url === undefined) throw new TypeError('an HTTP scenario needs params.url');
  return Promise.resolve({
    client: new Client(url, { pipelining: 1, keepAliveTimeout: 60_000 }),
    received: 0,
    inflight: undefined,
    watched: undefined,
  });
}

export async function httpTeardownVu(state: HttpVuState): Promise<void> {
  await state.client.close();
}

function watch(state: HttpVuState, signal: AbortSignal): void {
  if (state.watched === signal) return;
  state.watched = signal;
  signal.addEventListener('abort', () => state.inflight?.abort(new Error('iteration interrupted')), {
    once: true,
  });
}

/** GET `path` and read the whole body. */
export function httpGet(state: HttpVuState, ctx: IterationContext, path = '/'): Promise<void> {
  watch(state, ctx.signal);
  return ctx.request(
    'http_req',
    `GET ${path}`,
    () =>
      new Promise<string>((resolve) => {
        let status = 0;
        state.client.dispatch(
          { path, method: 'GET' },
          {
            onRequestStart: (controller) => {
              state.inflight = controller;
            },
            onResponseStart: (_c, statusCode) => {
              status = statusCode;
            },
            onResponseData: (_c, chunk) => {
              state.received += chunk.length;
            },
            onResponseEnd: () => {
              state.inflight = undefined;
              resolve(status >= 200 && status < 300 ? 'ok' : String(status));
            },
            onResponseError: (_c, err) => {
              state.inflight = undefined;
              resolve((err as { code?: string }).code ?? 'transport');
            },
          },
        );
      }),
  );
}
