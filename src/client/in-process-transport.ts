// Calls the emulator's RawHandler directly, fastify inject()-style: the same request and response bytes
// as over HTTP, minus the socket. Used by tests and by the in-process load baseline.
import { TransportError } from '../xapi/harness-errors.ts';
import type { RawHandler, RawRequest, RawResponse, Transport } from './transport.ts';

export interface InProcessTransportOptions {
  /** Fail with TIMEOUT when the handler has not answered within this many ms. Default: no limit. */
  readonly timeoutMs?: number;
  /** Shown in errors and reports. Default "in-process". */
  readonly target?: string;
}

export function inProcessTransport(handler: RawHandler, options: InProcessTransportOptions = {}): Transport {
  const target = options.target ?? 'in-process';
  let closed = false;

  async function request(req: RawRequest, signal?: AbortSignal): Promise<RawResponse> {
    if (closed) throw new TransportError('CLOSED', `transport to ${target} is closed`, { target });
    // Already aborted: an 'abort' listener would never fire, and the handler must not run.
    if (signal?.aborted === true) throw abortError(signal, target);
    // Add what an HTTP client would have sent, so the handler sees a realistic request.
    const headers: Record<string, string> = { host: target, ...req.headers };
    if (headers['content-length'] === undefined) headers['content-length'] = String(req.body.byteLength);
    const answer = invoke(handler, { ...req, headers }, target);
    if (signal === undefined && options.timeoutMs === undefined) return answer;
    return raceLimits(answer, target, signal, options.timeoutMs);
  }

  return {
    target,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    request,
    close(): Promise<void> {
      closed = true;
      return Promise.resolve();
    },
  };
}

async function invoke(handler: RawHandler, req: RawRequest, target: string): Promise<RawResponse> {
  try {
    return await handler(req);
  } catch (e) {
    // Over HTTP a crashing server would reset the connection or answer 500; in process we say so plainly.
    const message = e instanceof Error ? e.message : String(e);
    throw new TransportError('HANDLER', `${target}: handler threw: ${message}`, { cause: e, target });
  }
}

function raceLimits(
  answer: Promise<RawResponse>,
  target: string,
  signal: AbortSignal | undefined,
  timeoutMs: number | undefined,
): Promise<RawResponse> {
  return new Promise<RawResponse>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const onAbort = (): void => {
      cleanup();
      if (signal !== undefined) reject(abortError(signal, target));
    };
    const cleanup = (): void => {
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    if (timeoutMs !== undefined) {
      timer = setTimeout(() => {
        cleanup();
        reject(new TransportError('TIMEOUT', `${target}: no answer within ${timeoutMs} ms`, { target }));
      }, timeoutMs);
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    answer.then(
      (r) => {
        cleanup();
        resolve(r);
      },
      (e: unknown) => {
        cleanup();
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

/** An AbortSignal.timeout() deadline (XapiClient callTimeoutMs) is a timeout, as over HTTP; else an abort. */
function abortError(signal: AbortSignal, target: string): TransportError {
  const reason: unknown = signal.reason;
  const timedOut = reason instanceof Error && reason.name === 'TimeoutError';
  return new TransportError(
    timedOut ? 'TIMEOUT' : 'ABORTED',
    `${target}: request ${timedOut ? 'timed out' : 'aborted'}`,
    {
      target,
      cause: reason,
    },
  );
}
