// The plain-HTTP VU kit records every request itself (ctx.sample from the connection's callback, no promise
// per request in the engine): each one a sample per method and outcome, as ctx.request would record it;
// requests cut by the end of the test are interrupted, not failed; a second request while the VU's
// connection is busy is an EBUSY sample, and neither request is left hanging.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { defineLoad } from '../../src/load/definition.ts';
import type { VuFunction } from '../../src/load/definition.ts';
import { httpGet, httpGetFunction, httpSetupVu, httpTeardownVu } from '../../src/load/http-vu.ts';
import type { HttpVuState } from '../../src/load/http-vu.ts';
import type { ScenarioOptions } from '../../src/load/options.ts';
import { runLoad } from '../../src/load/run-load.ts';
import { agg, count } from './fixtures/inline.ts';

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((r) => (server === undefined ? r() : server.close(() => r())));
  server = undefined;
});

/** `/` answers 200, `/missing` 404, `/slow` after 40 ms, `/hang` never. */
async function target(): Promise<string> {
  server = createServer((req, res) => {
    req.resume();
    const reply = (status: number): void => {
      res.writeHead(status, { 'Content-Type': 'text/plain', 'Content-Length': '2' });
      res.end('ok');
    };
    if (req.url === '/hang') return;
    if (req.url === '/slow') setTimeout(() => reply(200), 40);
    else reply(req.url === '/missing' ? 404 : 200);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server?.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server?.address() as AddressInfo).port}`;
}

function httpLoad(scenario: ScenarioOptions, fn: VuFunction<HttpVuState>) {
  return defineLoad<HttpVuState>({
    name: 'http-vu',
    requestMetric: 'http_req',
    options: { scenarios: { s: scenario } },
    setupVu: httpSetupVu,
    teardownVu: httpTeardownVu,
    functions: { default: fn },
  });
}

describe('http-vu', () => {
  it('records each request per method and outcome, with its duration and the timeline', async () => {
    const url = await target();
    const def = httpLoad({ executor: 'per-vu-iterations', vus: 2, iterations: 5 }, async (s, ctx) => {
      await httpGet(s, ctx);
      await httpGet(s, ctx, '/missing');
    });
    const s = await runLoad(def, { params: { url } });
    expect(count(s, 'iterations')).toBe(10);
    expect(agg(s, 'http_reqs', { method: 'GET /', outcome: 'ok' })?.value).toBe(10);
    expect(agg(s, 'http_reqs', { method: 'GET /missing', outcome: '404' })?.value).toBe(10);
    expect(agg(s, 'http_req_duration', { method: 'GET /' })?.count).toBe(10);
    expect(agg(s, 'http_req_duration', { outcome: '404' })?.count).toBe(10);
    const failed = agg(s, 'http_req_failed');
    expect([failed?.trues, failed?.count]).toEqual([10, 20]);
    expect(s.timeline.points.reduce((a, p) => a + p.requests, 0)).toBe(20);
    expect(s.timeline.points.reduce((a, p) => a + p.failures, 0)).toBe(10);
  });

  it('counts a request cut by the end of the test as interrupted, not failed', async () => {
    const url = await target();
    const def = httpLoad(
      { executor: 'constant-vus', vus: 1, duration: '150ms', gracefulStop: '50ms' },
      (s, ctx) => httpGet(s, ctx, '/hang'),
    );
    const s = await runLoad(def, { params: { url } });
    expect(count(s, 'http_req_interrupted')).toBe(1);
    expect(count(s, 'interrupted_iterations')).toBe(1);
    expect(s.metrics['http_reqs']).toBeUndefined();
    expect(s.metrics['http_req_failed']).toBeUndefined();
  });

  it('drives its callback form from a closed loop with the same samples, and cuts a hung one', async () => {
    const url = await target();
    const s = await runLoad(
      httpLoad({ executor: 'per-vu-iterations', vus: 2, iterations: 5 }, httpGetFunction('/missing')),
      { params: { url } },
    );
    expect(count(s, 'iterations')).toBe(10);
    expect(agg(s, 'http_reqs', { method: 'GET /missing', outcome: '404' })?.value).toBe(10);
    expect(agg(s, 'http_req_duration', { outcome: '404' })?.count).toBe(10);
    expect(agg(s, 'http_req_failed')?.trues).toBe(10);
    expect(s.timeline.points.reduce((a, p) => a + p.requests, 0)).toBe(10);
    const hung = await runLoad(
      httpLoad(
        { executor: 'constant-vus', vus: 1, duration: '150ms', gracefulStop: '50ms' },
        httpGetFunction('/hang'),
      ),
      { params: { url } },
    );
    expect(count(hung, 'http_req_interrupted')).toBe(1);
    expect(count(hung, 'interrupted_iterations')).toBe(1);
    expect(hung.metrics['http_req_failed']).toBeUndefined();
  });

  it('answers a second request on a busy VU connection with an EBUSY sample; both settle', async () => {
    const url = await target();
    const def = httpLoad(
      { executor: 'per-vu-iterations', vus: 1, iterations: 2, gracefulStop: '2s' },
      async (s, ctx) => {
        await Promise.all([httpGet(s, ctx, '/slow'), httpGet(s, ctx, '/slow')]);
      },
    );
    const s = await runLoad(def, { params: { url } });
    expect(count(s, 'iterations')).toBe(2);
    expect(count(s, 'interrupted_iterations')).toBe(0);
    expect(agg(s, 'http_reqs', { outcome: 'ok' })?.value).toBe(2);
    expect(agg(s, 'http_reqs', { outcome: 'EBUSY' })?.value).toBe(2);
  });
});
