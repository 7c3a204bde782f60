// The emulator's own HTTP request and answer shapes: the server, the request handler and the
// in-process entry point speak them. The client's transport types (src/client/transport.ts) are
// structurally the same, so a client transport accepts the emulator's handler without either layer
// importing the other (ARCHITECTURE.md, layout).

interface HttpMessage {
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
}

export interface EmuRequest extends HttpMessage {
  readonly method: 'POST' | 'GET' | 'OPTIONS';
  /** Path plus query, e.g. "/jsonrpc" or "/rrd_updates?start=0". */
  readonly path: string;
}

export interface EmuResponse extends HttpMessage {
  readonly status: number;
}

/** A request handler, as the emulator exposes for in-process use (fastify inject()-style). */
export type EmuHandler = (req: EmuRequest) => Promise<EmuResponse>;

/**
 * The handler the HTTP server calls: it answers synchronously when nothing is left to wait for (no
 * promise, no microtask hop per request: issue 16), else with a promise. Never throws.
 */
export type ServerHandler = (req: EmuRequest) => EmuResponse | Promise<EmuResponse>;
