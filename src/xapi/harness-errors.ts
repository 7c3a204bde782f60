// One error tree for the whole project (issue 13), in the style of undici's lib/core/errors.js: every
// error thrown on purpose is a HarnessError, one subclass per kind, each with a stable `code` callers
// switch on (never on `name` or the message). The subclasses live with their owner when only that
// layer throws them (WireError in src/wire, ContractViolation and SetupError in src/results, ...);
// the kinds a call can end with live here, since the client throws them, the emulator throws
// XapiFailure too, and src/results classifies them:
// - XapiFailure: an XAPI Failure envelope (SEMANTICS.md §2). It is data: `code` is xapi's error name.
// - TransportError: no XAPI answer at all (connection refused, timeout, TLS, a non-XAPI HTTP reply, ...).
// - TaskTimeoutError: callAsync stopped waiting for a task.
// No undici error type ever escapes the client.
import type { XapiErrorName } from './error-names.generated.ts';

/** The root of every error the project throws on purpose; `code` is stable across releases. */
export abstract class HarnessError extends Error {
  abstract readonly code: string;
}

/**
 * An XAPI Failure: `ErrorDescription = [code, ...params]` (SEMANTICS.md §2). The client throws it for
 * an answered failure; the emulator throws it to answer one (`fail`, src/emulator/dispatch/xapi-error.ts).
 */
export class XapiFailure extends HarnessError {
  override readonly name = 'XapiFailure';
  /** xapi's error name: one of the catalogue's (XapiErrorName), or whatever else a target sent. */
  readonly code: XapiErrorName | (string & {});
  readonly params: readonly string[];
  /** The wire method that failed, e.g. "VM.start" ("" when raised by the emulator's own code). */
  readonly method: string;

  constructor(code: string, params: readonly string[] = [], method = '') {
    super(
      `${code}${params.length > 0 ? ` [${params.map((p) => JSON.stringify(p)).join(', ')}]` : ''}${method === '' ? '' : ` (${method})`}`,
    );
    this.code = code;
    this.params = params;
    this.method = method;
  }
}

/**
 * Stable transport error codes:
 * - ECONNREFUSED, ECONNRESET (incl. "other side closed"), EHOSTUNREACH (also ENETUNREACH), DNS (ENOTFOUND, EAI_AGAIN)
 * - TIMEOUT: connect, headers or body timeout, or the caller's deadline
 * - TLS: certificate or handshake failure
 * - HTTP_STATUS: a non-200 answer whose body is not an XAPI envelope (`status` is set)
 * - BAD_RESPONSE: a 200 answer whose body does not decode as an XAPI envelope
 * - TOO_LARGE: the response body exceeded the configured limit
 * - ABORTED: the caller's AbortSignal fired
 * - CLOSED: the transport was closed
 * - HANDLER: the in-process handler threw instead of answering
 * - NETWORK: any other socket-level failure (the original code is in `detail`)
 */
export type TransportErrorCode =
  | 'ECONNREFUSED'
  | 'ECONNRESET'
  | 'EHOSTUNREACH'
  | 'DNS'
  | 'TIMEOUT'
  | 'TLS'
  | 'HTTP_STATUS'
  | 'BAD_RESPONSE'
  | 'TOO_LARGE'
  | 'ABORTED'
  | 'CLOSED'
  | 'HANDLER'
  | 'NETWORK';

interface TransportErrorOptions {
  readonly status?: number;
  /** The underlying error, for diagnostics only: never branch on its type. */
  readonly cause?: unknown;
  /** The underlying library or system code, e.g. "UND_ERR_HEADERS_TIMEOUT" or "DEPTH_ZERO_SELF_SIGNED_CERT". */
  readonly detail?: string;
  /** The target the request went to, e.g. "http://127.0.0.1:8080". */
  readonly target?: string;
}

/** No XAPI answered. A different kind of problem from an XAPI failure: never returned as an Outcome. */
export class TransportError extends HarnessError {
  override readonly name = 'TransportError';
  readonly code: TransportErrorCode;
  readonly status?: number;
  readonly detail?: string;
  readonly target?: string;

  constructor(code: TransportErrorCode, message: string, options: TransportErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    if (options.status !== undefined) this.status = options.status;
    if (options.detail !== undefined) this.detail = options.detail;
    if (options.target !== undefined) this.target = options.target;
  }
}

/** `callAsync` gave up waiting for a task to leave `pending` within its deadline. */
export class TaskTimeoutError extends HarnessError {
  override readonly name = 'TaskTimeoutError';
  readonly code = 'TASK_TIMEOUT';
  readonly task: string;
  readonly timeoutMs: number;
  /** The last status seen ("pending", "cancelling", or "unknown" if it was never read). */
  readonly lastStatus: string;

  constructor(method: string, task: string, timeoutMs: number, lastStatus: string) {
    super(`${method}: task ${task} still ${lastStatus} after ${timeoutMs} ms`);
    this.task = task;
    this.timeoutMs = timeoutMs;
    this.lastStatus = lastStatus;
  }
}

export function isTransportError(e: unknown): e is TransportError {
  return e instanceof TransportError;
}
