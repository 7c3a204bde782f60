// A real HTTP proxy between a XenAPI client and an endpoint (the emulator or a real host) that injects
// faults by configuration and probability, with a seeded RNG (issue 8 §4): latency, connection resets
// (before the target saw the call, or after it executed it), truncated answers, 5xx answers and stalls.
// It listens on plain HTTP and forwards to http:// or https:// targets. Every decision is logged as a
// FaultEvent, so a run can say which of its failures were injected.
import { performance } from 'node:perf_hooks';
import { Agent as HttpAgent, createServer, request as httpRequest, STATUS_CODES } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { decideFault, type FaultDecision, type FaultKind } from './decide-fault.ts';
import { NO_FAULTS, validateFaultSpec, type FaultSpec } from './fault-spec.ts';
import { rpcMethodOf } from './rpc-method-of.ts';
import { freshSeed, seededRandom } from './seeded-random.ts';

export interface FaultProxyOptions {
  /** http(s)://host:port of the endpoint; a path prefix is kept in front of every request path. */
  readonly target: string;
  /** Listen address (default 127.0.0.1) and port (default 0: a free one). */
  readonly host?: string;
  readonly port?: number;
  readonly faults?: FaultSpec;
  /** RNG seed (default: fresh; read it back from `seed` to replay). */
  readonly seed?: number;
  /** PEM CA to trust for an https target, or accept any certificate. */
  readonly targetCa?: string;
  readonly targetInsecure?: boolean;
  /** Request bodies above this are answered 413 without forwarding (default 64 MiB: the target decides). */
  readonly maxBodyBytes?: number;
  /** Events kept for `events()` (default 10,000, oldest dropped). */
  readonly maxEvents?: number;
}

export type FaultEventKind = FaultKind | 'upstream-error';

export interface FaultEvent {
  readonly seq: number;
  /** ms since the proxy started. */
  readonly at: number;
  readonly method: string;
  readonly kind: FaultEventKind;
  readonly delayMs: number;
  readonly status?: number;
  readonly error?: string;
}

export interface FaultProxyStats {
  readonly requests: number;
  readonly byKind: Readonly<Record<FaultEventKind, number>>;
  /** Requests delayed by injected latency. */
  readonly delayed: number;
  /** Connections currently stalled. */
  readonly stalled: number;
}

export interface FaultProxy {
  readonly url: string;
  readonly target: string;
  readonly seed: number;
  /** Replaces the fault spec from the next request on (e.g. a clean phase for cleanup). */
  setFaults(spec: FaultSpec): void;
  stats(): FaultProxyStats;
  events(): readonly FaultEvent[];
  /** Stops listening and drops every connection, stalled ones included. */
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'host',
  'content-length',
]);

function forwardHeaders(h: IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined && !HOP_BY_HOP.has(k)) out[k] = v;
  return out;
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) over = true;
      if (!over) chunks.push(c);
    });
    req.on('end', () => resolve(over ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

interface Upstream {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

function rawResponseBytes(up: Upstream): Buffer {
  let head = `HTTP/1.1 ${up.status} ${STATUS_CODES[up.status] ?? 'Unknown'}\r\n`;
  for (const [k, v] of Object.entries(forwardHeaders(up.headers))) {
    for (const one of Array.isArray(v) ? v : [v]) head += `${k}: ${one}\r\n`;
  }
  head += `content-length: ${up.body.length}\r\nconnection: close\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), up.body]);
}

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const target = new URL(options.target);
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    throw new TypeError(`fault proxy: target must be http:// or https://, got ${options.target}`);
  }
  const isHttps = target.protocol === 'https:';
  const prefix = target.pathname.replace(/\/+$/, '');
  const agent = isHttps
    ? new HttpsAgent({
        keepAlive: true,
        maxSockets: 256,
        ...(options.targetCa === undefined ? {} : { ca: options.targetCa }),
        rejectUnauthorized: options.targetInsecure !== true,
      })
    : new HttpAgent({ keepAlive: true, maxSockets: 256 });
  const seed = options.seed ?? freshSeed();
  const rng = seededRandom(seed);
  let spec = validateFaultSpec(options.faults ?? NO_FAULTS);
  const maxBody = options.maxBodyBytes ?? 64 * 1024 * 1024;
  const maxEvents = options.maxEvents ?? 10_000;
  const started = performance.now();
  const log: FaultEvent[] = [];
  const byKind: Record<FaultEventKind, number> = {
    none: 0,
    'reset-before': 0,
    'reset-after': 0,
    truncate: 0,
    'error-status': 0,
    stall: 0,
    'upstream-error': 0,
  };
  let requests = 0;
  let delayed = 0;
  let seq = 0;
  const stalled = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;

  const record = (e: Omit<FaultEvent, 'seq' | 'at'>): void => {
    byKind[e.kind] += 1;
    log.push({ seq: (seq += 1), at: Math.round(performance.now() - started), ...e });
    if (log.length > maxEvents) log.splice(0, log.length - maxEvents);
  };

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  const forward = (req: IncomingMessage, body: Buffer): Promise<Upstream> =>
    new Promise((resolve, reject) => {
      const send = isHttps ? httpsRequest : httpRequest;
      const up = send(
        {
          protocol: target.protocol,
          hostname: target.hostname.replace(/^\[|\]$/g, ''),
          port: target.port === '' ? (isHttps ? 443 : 80) : Number(target.port),
          method: req.method ?? 'POST',
          path: prefix + (req.url ?? '/'),
          headers: {
            ...forwardHeaders(req.headers),
            host: target.host,
            'content-length': String(body.length),
          },
          agent,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }),
          );
          res.on('error', reject);
        },
      );
      up.on('error', reject);
      up.end(body);
    });

  const reset = (req: IncomingMessage): void => {
    const socket = req.socket;
    // A TCP RST, as a crashed or restarted endpoint (or a middlebox) gives.
    if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
    else socket.destroy();
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    requests += 1;
    const body = await readBody(req, maxBody);
    if (body === 'too-large') {
      res.writeHead(413, { 'content-type': 'text/plain', connection: 'close' });
      res.end('request body too large for the fault proxy\n');
      return;
    }
    const method = rpcMethodOf(req.url ?? '/', body);
    const d: FaultDecision = decideFault(spec, rng, method);
    if (d.delayMs > 0) {
      delayed += 1;
      await sleep(d.delayMs);
      if (closed || req.socket.destroyed) return;
    }
    const base = { method, delayMs: d.delayMs };
    switch (d.kind) {
      case 'reset-before':
        record({ ...base, kind: d.kind });
        reset(req);
        return;
      case 'error-status': {
        const status = d.status ?? 503;
        record({ ...base, kind: d.kind, status });
        res.writeHead(status, { 'content-type': 'text/html' });
        res.end(
          `<html><body><h1>${status} ${STATUS_CODES[status] ?? ''}</h1>injected by xapi-harness proxy</body></html>`,
        );
        return;
      }
      case 'stall': {
        record({ ...base, kind: d.kind });
        const socket = req.socket;
        stalled.add(socket);
        socket.once('close', () => stalled.delete(socket));
        return; // never answered
      }
      default:
        break;
    }
    let up: Upstream;
    try {
      up = await forward(req, body);
    } catch (e) {
      record({ ...base, kind: 'upstream-error', error: e instanceof Error ? e.message : String(e) });
      if (!res.headersSent && !req.socket.destroyed) {
        res.writeHead(502, { 'content-type': 'text/plain', connection: 'close' });
        res.end(`fault proxy: target ${options.target} unreachable\n`);
      }
      return;
    }
    if (req.socket.destroyed) return;
    if (d.kind === 'reset-after') {
      record({ ...base, kind: d.kind, status: up.status });
      reset(req);
      return;
    }
    if (d.kind === 'truncate') {
      const raw = rawResponseBytes(up);
      const keep = Math.floor((d.keepFraction ?? 0) * raw.length);
      record({ ...base, kind: d.kind, status: up.status });
      req.socket.end(raw.subarray(0, keep));
      return;
    }
    record({ ...base, kind: 'none', status: up.status });
    res.writeHead(up.status, { ...forwardHeaders(up.headers), 'content-length': String(up.body.length) });
    res.end(up.body);
  };

  const server: Server = createServer({ keepAliveTimeout: 30_000 }, (req, res) => {
    handle(req, res).catch((e: unknown) => {
      record({ method: '', delayMs: 0, kind: 'upstream-error', error: String(e) });
      if (!res.headersSent && !req.socket.destroyed) {
        res.writeHead(502, { connection: 'close' });
        res.end();
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;

  return {
    url: `http://${host}:${addr.port}`,
    target: options.target,
    seed,
    setFaults(next: FaultSpec): void {
      spec = validateFaultSpec(next);
    },
    stats: () => ({ requests, byKind: { ...byKind }, delayed, stalled: stalled.size }),
    events: () => [...log],
    close: () =>
      new Promise<void>((resolve) => {
        closed = true;
        for (const t of timers) clearTimeout(t);
        timers.clear();
        for (const s of stalled) s.destroy();
        server.close(() => {
          agent.destroy();
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}
