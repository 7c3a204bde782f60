// The only boundary between the harness and an endpoint. A transport moves bytes; codecs live above it,
// so the in-process transport exercises exactly the same encode/decode path as HTTP.

export interface RawRequest {
  readonly method: 'POST' | 'GET' | 'OPTIONS';
  /** Path plus query, e.g. "/jsonrpc" or "/rrd_updates?start=0". */
  readonly path: string;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
}

export interface RawResponse {
  readonly status: number;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
}

/** A request handler, as the emulator exposes for in-process use (fastify inject()-style). */
export type RawHandler = (req: RawRequest) => Promise<RawResponse>;

export interface Transport {
  /** Human-readable target, e.g. "http://127.0.0.1:8080" or "in-process". */
  readonly target: string;
  /**
   * The per-request idle limit (headers and body) in ms, when the transport enforces one. Long polls
   * (`event.from`) stay below it so that a quiet endpoint is not mistaken for a dead one.
   */
  readonly timeoutMs?: number;
  /** Connection-pool counters, when the transport has a pool (load reports show queueing with them). */
  stats?(): TransportStats;
  /** Rejects only with a TransportError (src/client/errors.ts) when no XAPI answered. */
  request(req: RawRequest, signal?: AbortSignal): Promise<RawResponse>;
  close(): Promise<void>;
}

export interface TransportStats {
  /** Open connections. */
  readonly connected: number;
  /** Connections idle and ready for a request. */
  readonly free: number;
  /** Requests being processed on a connection. */
  readonly running: number;
  /** Requests waiting for a free connection. */
  readonly queued: number;
}
