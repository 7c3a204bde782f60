// node:http / node:https adapters around the request handler. They only move bytes: read the body
// (bounded), call the handler, write the answer. Timeouts keep slow or stuck clients from holding
// connections; keep-alive is on (xapi's persistent connections, SEMANTICS.md §9).
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { EmuRequest, EmuResponse, ServerHandler } from './http-types.ts';
import { ChunkedResponse } from './chunked-response.ts';
import { handlerFailed, TextResponse } from './text-response.ts';
import { SplicedResponse } from './spliced-response.ts';
import { MAX_BODY_BYTES } from './request-handler.ts';
import { FastConnections, type FastTimeouts, type NodeConnectionListener } from './fast-connection.ts';

export interface ListenOptions {
  readonly host: string;
  readonly port: number;
  readonly tls?: { readonly cert: string; readonly key: string };
  /** Concurrent connections accepted (issue 3: 800). */
  readonly maxConnections?: number;
}

/** Connections a server accepted, and how many the fast path handed to node:http (fast-connection.ts). */
export interface ConnectionCounts {
  readonly accepted: number;
  readonly handedOff: number;
}

export interface RunningServer {
  readonly server: Server;
  readonly url: string;
  connections(): ConnectionCounts;
  close(): Promise<void>;
}

function tooLarge(res: ServerResponse): void {
  res.writeHead(413, {
    'content-type': 'text/html',
    'access-control-allow-origin': '*',
    connection: 'close',
  });
  res.end('<html><body><h1>HTTP 413 request entity too large</h1></body></html>');
}

/** The handler itself failed (text-response.ts handlerFailed). */
function failed(res: ServerResponse, err: unknown): void {
  send(res, handlerFailed(err));
}

function send(res: ServerResponse, r: EmuResponse): void {
  if (r instanceof TextResponse) {
    // One string: node writes the header block and the body together (text-response.ts).
    res.writeHead(r.status, r.headers);
    res.end(r.text);
    return;
  }
  if (r instanceof SplicedResponse) {
    // Corked: end() flushes the header block, the shared chunks and the tail as one writev.
    res.writeHead(r.status, r.headers);
    res.cork();
    for (const c of r.chunks) res.write(c);
    res.end(r.tail);
    return;
  }
  if (!(r instanceof ChunkedResponse)) {
    const length = String(r.body.byteLength);
    res.writeHead(
      r.status,
      r.headers['content-length'] === length ? r.headers : { ...r.headers, 'content-length': length },
    );
    res.end(r.body);
    return;
  }
  // A large answer goes out as its chunks (cached record encodings, shared by every response that
  // holds them): no per-request copy of tens of MB, one writev per batch of chunks. Measured with
  // `npm run bench -- emulator-behaviour` (VM.get_all_records, 10,000 VMs, 79 MB): chunk writes
  // 0.95× the bare server, one Buffer.concat per answer 0.36×.
  res.writeHead(r.status, { ...r.headers, 'content-length': String(r.byteLength) });
  res.cork();
  for (const c of r.chunks) res.write(c);
  res.uncork();
  res.end();
}

/** A header from node's raw [name, value, …] list (reading `req.headers` makes node build an object). */
function rawHeader(raw: readonly string[], lowerName: string): string | undefined {
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (raw[i]!.length === lowerName.length && raw[i]!.toLowerCase() === lowerName) return raw[i + 1];
  }
  return undefined;
}

/**
 * The EmuRequest of a node request. The header object is built only when the handler reads it (the
 * XML-RPC and JSON-RPC paths never do): node builds `req.headers` lazily too, and building it and a
 * copy of it was a measurable share of a get_record. The getter is on the prototype: an own getter
 * (defineProperty, or an object literal's) per request cost a third of get_record's throughput, so a
 * spread copy of this object has no headers (the handler does not copy requests).
 */
class NodeRequest implements EmuRequest {
  readonly path: string;
  readonly #req: IncomingMessage;
  #headers: Record<string, string> | undefined;

  constructor(
    req: IncomingMessage,
    readonly method: EmuRequest['method'],
    readonly body: Uint8Array,
  ) {
    this.#req = req;
    this.path = req.url ?? '/';
  }

  get headers(): Readonly<Record<string, string>> {
    if (this.#headers === undefined) {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(this.#req.headers)) if (typeof v === 'string') headers[k] = v;
      this.#headers = headers;
    }
    return this.#headers;
  }
}

/** The body of a request that sent none. */
const EMPTY = Buffer.alloc(0);

/**
 * One request's body as it arrives. The listeners are shared functions that find this state on the
 * request (node calls them with the request as `this`), where closures per request cost a CompileLazy
 * entry each on their first call and showed in perf profiles of a get_record (issue 16).
 */
class BodyRead {
  // Most bodies arrive in one chunk: it is a field, and an array is made only for a second one.
  first: Buffer | undefined = undefined;
  rest: Buffer[] | undefined = undefined;
  size = 0;
  aborted = false;

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly handler: ServerHandler,
    readonly method: EmuRequest['method'],
  ) {}

  data(c: Buffer): void {
    if (this.aborted) return;
    this.size += c.length;
    if (this.size > MAX_BODY_BYTES) {
      this.aborted = true;
      tooLarge(this.res);
      return;
    }
    if (this.first === undefined) this.first = c;
    else (this.rest ??= []).push(c);
  }

  end(): void {
    if (this.aborted) return;
    const { first, rest, res } = this;
    const body =
      first === undefined ? EMPTY : rest === undefined ? first : Buffer.concat([first, ...rest], this.size);
    // The request stays reachable while its answer is pending (a parked event.from: for minutes): it
    // need not hold its body's bytes too (issue 16, fan-out: less live data for each GC of a wake).
    this.first = undefined;
    this.rest = undefined;
    // A synchronous answer is written at once (issue 16: no promise per request where none is needed).
    let answer: ReturnType<ServerHandler>;
    try {
      answer = this.handler(new NodeRequest(this.req, this.method, body));
    } catch (err) {
      failed(res, err);
      return;
    }
    if (answer instanceof Promise)
      answer.then(
        (r) => send(res, r),
        (err: unknown) => failed(res, err),
      );
    else send(res, answer);
  }
}

const READ = Symbol('body read');

interface Reading extends IncomingMessage {
  [READ]: BodyRead;
}

function onData(this: Reading, c: Buffer): void {
  this[READ].data(c);
}

function onEnd(this: Reading): void {
  this[READ].end();
}

function onRequest(handler: ServerHandler) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const method = req.method === 'OPTIONS' ? 'OPTIONS' : req.method === 'POST' ? 'POST' : 'GET';
    const declared = Number(rawHeader(req.rawHeaders, 'content-length') ?? '0');
    if (declared > MAX_BODY_BYTES) {
      tooLarge(res);
      req.resume();
      return;
    }
    (req as Reading)[READ] = new BodyRead(req, res, handler, method);
    // No 'error' listener: a request that fails (its client went away mid-body) is destroyed and never
    // ends, so no call is made; node emits 'error' on a request only to its listeners (_http_incoming.js
    // onError). One listener fewer per request (issue 16: a measured share of a get_record's cost).
    req.on('data', onData);
    req.on('end', onEnd);
  };
}

/**
 * Slow clients cannot hold a connection forever (slowloris): headers within 10 s, a whole request within
 * 60 s, an idle keep-alive connection for 30 s. On both paths: node:http's and the fast path's.
 */
const TIMEOUTS: FastTimeouts = { headersMs: 10_000, requestMs: 60_000, keepAliveMs: 30_000 };

/**
 * Every connection starts on the fast path (fast-connection.ts); the listener node:http registered for
 * new connections runs only for those the fast path hands over.
 */
function takeConnections(server: Server, tls: boolean, handler: ServerHandler): FastConnections {
  // https.Server runs node's HTTP listener on 'secureConnection' (after the handshake), http.Server on
  // 'connection'.
  const event = tls ? 'secureConnection' : 'connection';
  const listeners = server.listeners(event);
  if (listeners.length !== 1)
    throw new Error(`expected node's one ${event} listener, found ${listeners.length}`);
  const node = listeners[0] as NodeConnectionListener;
  server.removeListener(event, node);
  const fast = new FastConnections(handler, (socket) => node.call(server, socket), TIMEOUTS);
  server.on(event, (socket: Socket) => fast.accept(socket));
  return fast;
}

export function listen(handler: ServerHandler, o: ListenOptions): Promise<RunningServer> {
  const serverOptions = {
    keepAlive: true,
    headersTimeout: TIMEOUTS.headersMs,
    requestTimeout: TIMEOUTS.requestMs,
    keepAliveTimeout: TIMEOUTS.keepAliveMs,
    // node checks the two timeouts above only every connectionsCheckingInterval (default 30 s), which
    // let a slowloris hold a connection for up to 40 s; check every second (issue 8 §1).
    connectionsCheckingInterval: 1_000,
  };
  const server: Server =
    o.tls === undefined
      ? createHttpServer(serverOptions, onRequest(handler))
      : createHttpsServer({ ...serverOptions, cert: o.tls.cert, key: o.tls.key }, onRequest(handler));
  server.maxConnections = o.maxConnections ?? 800;
  const fast = takeConnections(server, o.tls !== undefined, handler);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => {
      server.off('error', reject);
      const addr = server.address() as AddressInfo;
      const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
      const url = `${o.tls === undefined ? 'http' : 'https'}://${host}:${addr.port}`;
      resolve({
        server,
        url,
        connections: () => ({ accepted: fast.accepted, handedOff: fast.handedOff }),
        close: () =>
          new Promise<void>((res) => {
            server.close(() => res());
            // Idle keep-alive connections would hold close() open; in-flight requests finish first.
            server.closeIdleConnections();
            fast.closeIdle();
            setTimeout(() => {
              server.closeAllConnections();
              fast.closeAll();
            }, 2_000).unref();
          }),
      });
    });
  });
}
