// The small interfaces between a Session and what it is built from. A Session holds a client and hands
// itself to the task and event helpers (call-async.ts, event-from.ts); the client makes Sessions. Typed by
// these interfaces, none of those files needs the type of another that imports it back: no import cycle
// (test/architecture/import-cycles.test.ts). XapiClient implements SessionClient; Session is a SessionCalls.
import type { WireValue } from '../wire/value.ts';
import type { XapiJs } from '../xapi/types.ts';
import type { Outcome } from './outcome.ts';
import type { Protocol } from './rpc-codec.ts';
import type { Transport } from './transport.ts';

export interface CallOptions {
  readonly signal?: AbortSignal;
}

/** What a session uses of its client. */
export interface SessionClient {
  readonly transport: Transport;
  readonly protocol: Protocol;
  /** The URL calls go to, for error messages. */
  readonly target: string;
  call(method: string, params: readonly unknown[], options?: CallOptions): Promise<XapiJs>;
  attempt(method: string, params: readonly unknown[], options?: CallOptions): Promise<Outcome>;
  callWire(method: string, params: readonly unknown[], options?: CallOptions): Promise<WireValue>;
  logout(sessionRef: string): Promise<void>;
}

/** What the task and event helpers use of a session: its ref, its client, and calls under it. */
export interface SessionCalls {
  readonly ref: string;
  readonly client: SessionClient;
  call(method: string, args?: readonly unknown[], options?: CallOptions): Promise<XapiJs>;
  attempt(method: string, args?: readonly unknown[], options?: CallOptions): Promise<Outcome>;
}
