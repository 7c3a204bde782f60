// HTTP(S) transport on an undici Pool: keep-alive, one request per connection at a time (no pipelining:
// xapi's http-lib serves a connection sequentially), TLS with a CA or `insecure` (SEMANTICS.md §2: xapi
// listens on 80 and 443, usually with a self-signed certificate). This is the load engine's hot path:
// the body is read into one preallocated buffer when Content-Length is known.
import { Pool } from 'undici';
import type { Dispatcher } from 'undici';
import { TransportError } from '../xapi/harness-errors.ts';
import { mapNetworkError } from './map-network-error.ts';
import type { RawRequest, RawResponse, Transport } from './transport.ts';

export interface HttpTransportOptions {
  /** PEM CA certificate(s) to trust for HTTPS (e.g. the pool's self-signed certificate). */
  readonly ca?: string | Buffer;
  /** Accept any server certificate (rejectUnauthorized: false). */
  readonly insecure?: boolean;
  /** Maximum concurrent connections to the endpoint. Default 64. */
  readonly connections?: number;
  /** Idle limit for headers and body, and the connect timeout, in ms. Default 60 000. */
  readonly timeoutMs?: number;
  /** Maximum response body size in bytes (TOO_LARGE beyond it). Default 256 MiB. */
  readonly maxResponseBytes?: number;
  /**
   * Idle keep-alive sockets are closed after this many ms unless the server's Keep-Alive header says
   * otherwise. Default 4 000 (undici's): below common server idle limits (node's 5 s), so a request is
   * not sent on a socket the server is closing (a spurious ECONNRESET on a non-idempotent POST).
   */
  readonly keepAliveMs?: number;
}

const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_CONNECTIONS = 64;
const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;

export function httpTransport(url: string, options: HttpTransportOptions = {}): Transport {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (e) {
    throw new TypeError(`httpTransport: not a URL: ${url}`, { cause: e });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new TypeError(`httpTransport: expected http: or https:, got ${parsed.protocol}`);
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_BYTES;
  // A path in the URL (a reverse proxy's prefix) is kept in front of every request path.
  const prefix = parsed.pathname.replace(/\/+$/, '');
  const target = `${parsed.protocol}//${parsed.host}${prefix}`;
  const tls =
    parsed.protocol === 'https:'
      ? {
          ...(options.ca === undefined ? {} : { ca: options.ca }),
          rejectUnauthorized: options.insecure !== true,
          // SNI must not be an IP literal (RFC 6066 §3); node warns when it is.
          ...(isIpLiteral(parsed.hostname) ? {} : { servername: parsed.hostname }),
        }
      : {};
  const pool = new Pool(parsed.origin, {
    connections: options.connections ?? DEFAULT_CONNECTIONS,
    pipelining: 1,
    keepAliveTimeout: options.keepAliveMs ?? 4_000,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    connect: { timeout: timeoutMs, ...tls },
    maxResponseSize: maxBytes,
  });
  let closed = false;

  async function request(req: RawRequest, signal?: AbortSignal): Promise<RawResponse> {
    if (closed) throw new TransportError('CLOSED', `transport to ${target} is closed`, { target });
    let res: Dispatcher.ResponseData;
    try {
      res = await pool.request({
        method: req.method,
        path: prefix + req.path,
        headers: req.headers,
        body: req.body.byteLength === 0 ? null : req.body,
        ...(signal === undefined ? {} : { signal }),
      });
    } catch (e) {
      throw mapNetworkError(e, target, signal);
    }
    let body: Uint8Array;
    try {
      body = await readBody(res, maxBytes);
    } catch (e) {
      throw mapNetworkError(e, target, signal);
    }
    return { status: res.statusCode, headers: flattenHeaders(res.headers), body };
  }

  return {
    target,
    timeoutMs,
    request,
    stats: () => {
      const st = pool.stats;
      return { connected: st.connected, free: st.free, running: st.running, queued: st.queued };
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await pool.close();
    },
  };
}

async function readBody(res: Dispatcher.ResponseData, maxBytes: number): Promise<Uint8Array> {
  const lengthHeader = res.headers['content-length'];
  const declared = typeof lengthHeader === 'string' ? Number(lengthHeader) : NaN;
  if (Number.isSafeInteger(declared) && declared >= 0 && declared <= maxBytes) {
    // Known length: one allocation, no concat.
    const out = Buffer.allocUnsafe(declared);
    let at = 0;
    for await (const chunk of res.body as AsyncIterable<Buffer>) {
      if (at + chunk.length > declared) {
        throw new TransportError('BAD_RESPONSE', 'response body longer than its Content-Length');
      }
      chunk.copy(out, at);
      at += chunk.length;
    }
    // undici itself rejects a short body (UND_ERR_RES_CONTENT_LENGTH_MISMATCH); keep the guard anyway.
    return at === declared ? out : out.subarray(0, at);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of res.body as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > maxBytes) throw new TransportError('TOO_LARGE', `response body exceeds ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  return chunks.length === 1 && chunks[0] !== undefined ? chunks[0] : Buffer.concat(chunks, total);
}

function flattenHeaders(headers: Dispatcher.ResponseData['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

function isIpLiteral(host: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.startsWith('[') || host.includes(':');
}
