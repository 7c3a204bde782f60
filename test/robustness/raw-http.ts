// Raw HTTP/1.1 over node:net for the robustness suites: the tests must be able to send bytes no HTTP
// client would (bad request lines, lying Content-Length, trickled headers), and see exactly what the
// server answers, including "closed without an answer". Every exchange is bounded by a timeout: a hang
// is reported as a hang, never waited out.
import { connect, type Socket } from 'node:net';

export interface RawAnswer {
  /** 0 when the connection closed before a complete status line and headers arrived. */
  readonly status: number;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  /** The server closed the connection without a (complete) answer. */
  readonly closedWithoutAnswer: boolean;
  /** Milliseconds from the first byte sent to the answer (or the close). */
  readonly elapsedMs: number;
}

export class HangError extends Error {
  override readonly name = 'HangError';
}

/** host and port of an http:// URL. */
export function hostPort(url: string): { host: string; port: number } {
  const u = new URL(url);
  return { host: u.hostname.replace(/^\[|\]$/g, ''), port: Number(u.port) };
}

/** A well-formed POST with the given body (Content-Length computed unless overridden). */
export function postBytes(
  path: string,
  body: string | Uint8Array,
  headers: Readonly<Record<string, string>> = {},
): Buffer {
  const payload = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body);
  const all: Record<string, string> = {
    host: '127.0.0.1',
    'content-type': path === '/jsonrpc' ? 'application/json' : 'text/xml',
    'content-length': String(payload.length),
    connection: 'close',
    ...headers,
  };
  const head = `POST ${path} HTTP/1.1\r\n${Object.entries(all)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')}\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), payload]);
}

interface Parsed {
  status: number;
  headers: Record<string, string>;
  bodyStart: number;
}

function parseHead(buf: Buffer): Parsed | undefined {
  const end = buf.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const lines = buf.subarray(0, end).toString('latin1').split('\r\n');
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '');
  if (m === null) return { status: -1, headers: {}, bodyStart: end + 4 };
  const headers: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return { status: Number(m[1]), headers, bodyStart: end + 4 };
}

export interface ExchangeOptions {
  readonly timeoutMs: number;
  /** Half-close our side after writing (the server sees end-of-stream). Default false. */
  readonly endAfterWrite?: boolean;
}

/**
 * What an exchange does with the bytes received so far (`closed`: the server closed the connection or it
 * failed): it may settle the exchange through `finish`, and returns the bytes it leaves unread.
 */
type Reader<T> = (
  received: Buffer,
  closed: boolean,
  finish: (result: T | Error) => void,
  elapsedMs: () => number,
) => Buffer;

/**
 * Sends `request` on a fresh connection and hands what arrives to `read` until it settles the exchange
 * (the socket is then destroyed). Rejects with HangError, saying what `missing` names, after `timeoutMs`.
 */
function exchange<T>(
  url: string,
  request: Uint8Array,
  options: ExchangeOptions,
  missing: () => string,
  read: Reader<T>,
): Promise<T> {
  const { host, port } = hostPort(url);
  return new Promise<T>((resolve, reject) => {
    const t0 = performance.now();
    const elapsedMs = (): number => performance.now() - t0;
    const socket: Socket = connect({ host, port });
    let buf: Buffer = Buffer.alloc(0);
    let settled = false;
    const finish = (result: T | Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    const timer = setTimeout(
      () => finish(new HangError(`${missing()} within ${options.timeoutMs} ms`)),
      options.timeoutMs,
    );
    socket.on('data', (chunk: Buffer) => {
      buf = read(Buffer.concat([buf, chunk]), false, finish, elapsedMs);
    });
    const closed = (): void => {
      buf = read(buf, true, finish, elapsedMs);
    };
    socket.on('error', closed);
    socket.on('close', closed);
    socket.on('connect', () => {
      socket.write(request);
      if (options.endAfterWrite === true) socket.end();
    });
  });
}

/**
 * Sends `request` on a fresh connection and resolves with the first answer, or with
 * `closedWithoutAnswer` when the server closes first. Rejects with HangError after `timeoutMs`.
 */
export function rawExchange(url: string, request: Uint8Array, options: ExchangeOptions): Promise<RawAnswer> {
  return exchange<RawAnswer>(
    url,
    request,
    options,
    () => 'no answer and no close',
    (buf, closed, finish, elapsed) => {
      const head = parseHead(buf);
      const elapsedMs = elapsed();
      if (head === undefined) {
        if (closed) finish({ status: 0, headers: {}, body: buf, closedWithoutAnswer: true, elapsedMs });
        return buf;
      }
      const length = Number(head.headers['content-length'] ?? NaN);
      const body = buf.subarray(head.bodyStart);
      if (Number.isSafeInteger(length) && body.length >= length) {
        finish({
          status: head.status,
          headers: head.headers,
          body: body.subarray(0, length),
          closedWithoutAnswer: false,
          elapsedMs,
        });
      } else if (closed) {
        // Without Content-Length the body runs to the close; with one, a short body is a truncation.
        finish({
          status: head.status,
          headers: head.headers,
          body,
          closedWithoutAnswer: Number.isSafeInteger(length),
          elapsedMs,
        });
      }
      return buf;
    },
  );
}

/**
 * Sends `request` (several pipelined requests) on a fresh connection and resolves with the first `count`
 * answers, in the order they arrived, each with a Content-Length body. Rejects with HangError after
 * `timeoutMs`, or when the server closes before `count` complete answers.
 */
export function rawExchangeAll(
  url: string,
  request: Uint8Array,
  count: number,
  options: ExchangeOptions,
): Promise<RawAnswer[]> {
  const answers: RawAnswer[] = [];
  return exchange<RawAnswer[]>(
    url,
    request,
    options,
    () => `${answers.length} of ${count} answers`,
    (received, closed, finish, elapsed) => {
      if (closed) {
        finish(new Error(`the server closed after ${answers.length} of ${count} answers`));
        return received;
      }
      let buf = received;
      for (;;) {
        const head = parseHead(buf);
        if (head === undefined) return buf;
        const length = Number(head.headers['content-length'] ?? NaN);
        if (!Number.isSafeInteger(length)) {
          finish(new Error(`answer ${answers.length + 1} has no Content-Length`));
          return buf;
        }
        if (buf.length - head.bodyStart < length) return buf;
        answers.push({
          status: head.status,
          headers: head.headers,
          body: buf.subarray(head.bodyStart, head.bodyStart + length),
          closedWithoutAnswer: false,
          elapsedMs: elapsed(),
        });
        buf = buf.subarray(head.bodyStart + length);
        if (answers.length === count) {
          finish(answers);
          return buf;
        }
      }
    },
  );
}

/** Opens a connection and resolves once it is established (for connection-cap and slowloris tests). */
export function openSocket(url: string, timeoutMs: number): Promise<Socket> {
  const { host, port } = hostPort(url);
  return new Promise<Socket>((resolve, reject) => {
    const socket = connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new HangError(`connect did not complete within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

/** Resolves with the time (ms) until the server closes `socket`, or rejects with HangError. */
export function waitForClose(socket: Socket, timeoutMs: number): Promise<number> {
  const t0 = performance.now();
  return new Promise<number>((resolve, reject) => {
    if (socket.destroyed || socket.readableEnded) {
      resolve(0);
      return;
    }
    const timer = setTimeout(
      () => reject(new HangError(`socket still open after ${timeoutMs} ms`)),
      timeoutMs,
    );
    const done = (): void => {
      clearTimeout(timer);
      resolve(performance.now() - t0);
    };
    socket.resume();
    socket.once('close', done);
    socket.once('end', done);
    socket.once('error', () => undefined);
  });
}
