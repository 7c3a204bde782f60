// The XAPI client: one request per call over a Transport, in XML-RPC or JSON-RPC (SEMANTICS.md §2, §8).
// - callRaw: wire values in, the unwrapped envelope out; no marshalling (conformance suites send wrong
//   types on purpose with it).
// - attempt: typed by the schema when the method is known (params by declared type, result by result
//   type; an Async.* result is a task ref); XAPI failures come back as values.
// - call: attempt, but an XAPI failure throws XapiFailure.
// A TransportError (no XAPI answered) always throws: it is a different kind of problem.
import type { WireValue, XapiResponse } from '../wire/value.ts';
import type { XapiJs } from '../xapi/types.ts';
import { TransportError, XapiFailure } from '../xapi/harness-errors.ts';
import { decodeResult, marshalParams, methodTypes } from './method-types.ts';
import type { MethodTypes } from './method-types.ts';
import type { Outcome } from './outcome.ts';
import { rpcCodec } from './rpc-codec.ts';
import type { JsonRpcVersion, Protocol, RpcCodec } from './rpc-codec.ts';
import type { AsyncCallResult, CallAsyncOptions } from './call-async.ts';
import { Session } from './session.ts';
import type { CallOptions, SessionClient } from './session-client.ts';
import type { Transport } from './transport.ts';

export interface XapiClientOptions {
  readonly transport: Transport;
  /** Default 'xmlrpc' (POST /); 'jsonrpc' posts to /jsonrpc. */
  readonly protocol?: Protocol;
  /** JSON-RPC version when protocol is 'jsonrpc'. Default '2.0'. */
  readonly jsonrpcVersion?: JsonRpcVersion;
  /** Marshal params and decode results by the schema's declared types. Default true. */
  readonly schemaTyped?: boolean;
  /** Per-call deadline in ms (TransportError TIMEOUT when exceeded). Default: the transport's own limits. */
  readonly callTimeoutMs?: number;
  /** Extra request headers (lower-case names), e.g. a user-agent. */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface LoginOptions {
  /** The API version the client speaks (`version` param). */
  readonly version?: string;
  /** Groups this client's sessions for xapi's session limits (SEMANTICS.md §3). */
  readonly originator?: string;
}

/** The version sent when only an originator is given: xapi ignores it, the SDKs send their API version. */
const DEFAULT_LOGIN_VERSION = '1.0';

export class XapiClient implements SessionClient {
  readonly transport: Transport;
  readonly protocol: Protocol;
  readonly schemaTyped: boolean;
  private readonly codec: RpcCodec;
  private readonly headers: Readonly<Record<string, string>>;
  private readonly callTimeoutMs: number | undefined;

  constructor(options: XapiClientOptions) {
    this.transport = options.transport;
    this.protocol = options.protocol ?? 'xmlrpc';
    this.schemaTyped = options.schemaTyped ?? true;
    this.codec = rpcCodec(this.protocol, options.jsonrpcVersion ?? '2.0');
    this.headers = {
      'content-type': this.codec.contentType,
      accept: this.codec.contentType,
      'user-agent': 'xapi-harness',
      ...options.headers,
    };
    this.callTimeoutMs = options.callTimeoutMs;
  }

  get target(): string {
    return this.transport.target;
  }

  /** No marshalling: the params go on the wire as given, the envelope comes back undecoded. */
  async callRaw(
    method: string,
    wireParams: readonly WireValue[],
    options: CallOptions = {},
  ): Promise<XapiResponse> {
    return this.send(method, wireParams, options.signal);
  }

  /**
   * Typed call; XAPI failures are returned as `{ok: false, code, params}`.
   * - Params: by the declared types when the schema knows the method (a MarshalError from src/wire when a
   *   param does not fit: use callRaw to send wrong types on purpose); the session ref comes first.
   * - Value: decoded by the result type (ints as numbers, datetimes as Date; an `Async.*` call answers a
   *   task ref). For a method the schema does not know, or with `schemaTyped: false`, the value is the
   *   raw WireValue (XML-RPC ints as strings, JSON-RPC ints as bigint), typed here as XapiJs.
   * - Throws TransportError when no XAPI answered, or when the answer does not fit the declared type.
   */
  attempt(method: string, params: readonly unknown[], options: CallOptions = {}): Promise<Outcome> {
    return this.run(method, params, options, true) as Promise<Outcome>;
  }

  /**
   * Params marshalled by the schema, result left as the wire value; an XAPI failure throws XapiFailure.
   * For results the datamodel declares informally (event.from's "an event batch").
   */
  async callWire(method: string, params: readonly unknown[], options: CallOptions = {}): Promise<WireValue> {
    const outcome = await this.run(method, params, options, false);
    if (!outcome.ok) throw new XapiFailure(outcome.code, outcome.params, method);
    return outcome.value as WireValue;
  }

  /** Typed call; an XAPI failure throws XapiFailure. */
  async call(method: string, params: readonly unknown[], options: CallOptions = {}): Promise<XapiJs> {
    const outcome = await this.attempt(method, params, options);
    if (!outcome.ok) throw new XapiFailure(outcome.code, outcome.params, method);
    return outcome.value;
  }

  /**
   * session.login_with_password: 2 params, or 4 when a version or originator is given (SEMANTICS.md §3).
   * Throws XapiFailure (e.g. SESSION_AUTHENTICATION_FAILED, which xapi delays by 5 s).
   */
  async login(uname: string, pwd: string, options: LoginOptions = {}): Promise<Session> {
    const params: string[] = [uname, pwd];
    if (options.version !== undefined || options.originator !== undefined) {
      params.push(options.version ?? DEFAULT_LOGIN_VERSION, options.originator ?? '');
    }
    const ref = await this.call('session.login_with_password', params);
    if (typeof ref !== 'string') {
      throw new TransportError(
        'BAD_RESPONSE',
        `session.login_with_password returned a ${typeof ref}, not a ref`,
        {
          target: this.target,
        },
      );
    }
    return new Session(this, ref);
  }

  /** session.logout of the given session ref. */
  async logout(sessionRef: string): Promise<void> {
    await this.call('session.logout', [sessionRef]);
  }

  /** `Async.<method>` under a session, then wait for its task (Session.callAsync; call-async.ts). */
  callAsync(
    session: Session | string,
    method: string,
    args: readonly unknown[],
    options?: CallAsyncOptions,
  ): Promise<AsyncCallResult> {
    return (typeof session === 'string' ? this.session(session) : session).callAsync(method, args, options);
  }

  /** A Session handle for a ref obtained elsewhere (another client, a saved ref). */
  session(ref: string): Session {
    return new Session(this, ref);
  }

  close(): Promise<void> {
    return this.transport.close();
  }

  private async run(
    method: string,
    params: readonly unknown[],
    options: CallOptions,
    typedResult: boolean,
  ): Promise<Outcome<unknown>> {
    const types = this.schemaTyped ? methodTypes(method) : undefined;
    const wire =
      types === undefined ? (params as readonly WireValue[]) : marshalParams(types, params, this.protocol);
    const response = await this.send(method, wire, options.signal);
    if (!response.ok) return { ok: false, code: response.code, params: response.params };
    const value =
      types === undefined || !typedResult ? response.value : this.decode(method, types, response.value);
    return { ok: true, value };
  }

  private async send(
    method: string,
    params: readonly WireValue[],
    signal: AbortSignal | undefined,
  ): Promise<XapiResponse> {
    const call = this.codec.encode(method, params);
    const req = { method: 'POST', path: this.codec.path, headers: this.headers, body: call.body } as const;
    if (this.callTimeoutMs === undefined) {
      return this.codec.decodeHttp(call, method, await this.transport.request(req, signal), this.target);
    }
    const deadline = withDeadline(signal, this.callTimeoutMs);
    try {
      return this.codec.decodeHttp(
        call,
        method,
        await this.transport.request(req, deadline.signal),
        this.target,
      );
    } finally {
      deadline.release();
    }
  }

  private decode(method: string, types: MethodTypes, wire: WireValue): XapiJs {
    try {
      return decodeResult(types, wire, this.protocol);
    } catch (e) {
      // The server answered, but not with the declared type: the answer is unusable as typed data.
      const message = e instanceof Error ? e.message : String(e);
      throw new TransportError(
        'BAD_RESPONSE',
        `${method}: result does not match its declared type: ${message}`,
        {
          cause: e,
          target: this.target,
        },
      );
    }
  }
}

/**
 * The caller's signal plus a per-call deadline, released as soon as the call ends. Not
 * AbortSignal.timeout(): its timer lives until it fires, so at 10k calls/s with a 60 s limit a load run
 * would hold 600k timers; nor AbortSignal.any(), which keeps listeners on a long-lived caller signal.
 */
function withDeadline(outer: AbortSignal | undefined, ms: number): { signal: AbortSignal; release(): void } {
  const ac = new AbortController();
  // The reason's name is what the transports map to TIMEOUT (map-network-error.ts).
  const timer = setTimeout(() => ac.abort(new DOMException(`no answer within ${ms} ms`, 'TimeoutError')), ms);
  const onAbort = (): void => ac.abort(outer?.reason);
  if (outer !== undefined) {
    if (outer.aborted) ac.abort(outer.reason);
    else outer.addEventListener('abort', onAbort, { once: true });
  }
  return {
    signal: ac.signal,
    release: () => {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onAbort);
    },
  };
}
