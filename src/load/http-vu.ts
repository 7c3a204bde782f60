// A VU kit for plain HTTP targets (the engine's own tests and the benchmark against autocannon): each VU owns
// one undici Client (one keep-alive connection, as a k6 VU), and every request is a `http_req` sample.
import { Client } from 'undici';
import type { IterationContext, VuInitContext } from './definition.ts';

export interface HttpVuState {
  readonly client: Client;
}

export function httpSetupVu(ctx: VuInitContext): Promise<HttpVuState> {
  const url = ctx.params.url;
  if (url === undefined) throw new TypeError('an HTTP scenario needs params.url');
  return Promise.resolve({ client: new Client(url, { pipelining: 1, keepAliveTimeout: 60_000 }) });
}

export async function httpTeardownVu(state: HttpVuState): Promise<void> {
  await state.client.close();
}

/** GET `path`; outcome "ok" for 2xx, else the status code (or the undici error code on a transport failure). */
export function httpGet(state: HttpVuState, ctx: IterationContext, path = '/'): Promise<void> {
  return ctx.request('http_req', `GET ${path}`, async () => {
    try {
      const res = await state.client.request({ path, method: 'GET', signal: ctx.signal });
      await res.body.dump();
      return res.statusCode >= 200 && res.statusCode < 300 ? 'ok' : String(res.statusCode);
    } catch (err) {
      return (err as { code?: string }).code ?? 'transport';
    }
  });
}
