// A minimal keep-alive HTTP/1.1 client connection for the plain-HTTP VU kit: one socket, one request at a
// time (no pipelining), the request bytes built once and reused, the response parsed incrementally
// (Content-Length, chunked, or until close) and its body counted, not kept. This is what autocannon does to
// be fast; undici's general client (used by the XAPI transport) pays for features a load loop on a fixed
// request never needs. Outcome strings: the status code ("200"), or a socket error code ("ECONNRESET",
// "ECONNREFUSED", "EPROTO" for an unparsable response).
import { connect as netConnect } from 'node:net';
import type { Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

const CRLFCRLF = Buffer.from('\r\n\r\n', 'latin1');
const MAX_HEAD = 64 * 1024;
const EMPTY = Buffer.alloc(0);

/**
 * Plain-TCP responses are read into this one buffer (net.connect `onread`), shared by every connection of
 * the thread: no Buffer per read and no stream machinery (push, emit 'data') per response, a measured share
 * of the engine's per-request CPU (issue 16). Reads are handled synchronously, so a view of it is never
 * kept past its callback: a response head split across reads is copied (see #onData).
 */
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);

type BodyMode = 'length' | 'chunked' | 'close';

export interface RawHttpOptions {
  /** Accept any TLS certificate (https only). */
  readonly insecure?: boolean;
}

export class RawHttpConnection {
  readonly #url: URL;
  readonly #insecure: boolean;
  #socket: Socket | undefined;
  #resolve: ((outcome: string) => void) | undefined;
  // response state
  #head: Buffer | undefined;
  #status = 0;
  #mode: BodyMode = 'length';
  #remaining = 0;
  #keepAlive = true;
  /** chunked: the size line being read, or -1 while inside chunk data / its CRLF. */
  #chunkLine = '';
  #chunkLeft = 0;
  #chunkState: 'size' | 'data' | 'crlf' | 'trailer' = 'size';
  #trailerLine = '';
  /** Bytes of response bodies read over this connection's lifetime. */
  received = 0;
  readonly #requests = new Map<string, Buffer>();

  constructor(url: string, options: RawHttpOptions = {}) {
    this.#url = new URL(url);
    if (this.#url.protocol !== 'http:' && this.#url.protocol !== 'https:')
      throw new TypeError(`not an http(s) URL: ${url}`);
    this.#insecure = options.insecure ?? false;
  }

  /** The request bytes for GET `path`, built once. */
  #request(path: string): Buffer {
    let b = this.#requests.get(path);
    if (b === undefined) {
      b = Buffer.from(
        `GET ${path} HTTP/1.1\r\nHost: ${this.#url.host}\r\nUser-Agent: xapi-harness\r\nAccept: */*\r\n\r\n`,
        'latin1',
      );
      this.#requests.set(path, b);
    }
    return b;
  }

  #open(): Socket {
    const port = Number(this.#url.port || (this.#url.protocol === 'https:' ? 443 : 80));
    const host = this.#url.hostname.replace(/^\[|\]$/g, '');
    // Events of a socket this connection already let go of (closed after Connection: close) are ignored.
    let s: Socket;
    if (this.#url.protocol === 'https:') {
      s = tlsConnect({ host, port, servername: host, rejectUnauthorized: !this.#insecure });
      s.on('data', (chunk: Buffer) => {
        if (this.#socket === s) this.#onData(chunk);
      });
    } else {
      s = netConnect({
        host,
        port,
        onread: {
          buffer: READ_BUFFER,
          callback: (n: number): boolean => {
            if (this.#socket === s) this.#onData(READ_BUFFER.subarray(0, n));
            return true;
          },
        },
      });
    }
    s.setNoDelay(true);
    s.on('error', (err: NodeJS.ErrnoException) => {
      if (this.#socket === s) this.#fail(err.code ?? 'ECONNRESET');
    });
    s.on('close', () => {
      if (this.#socket !== s) return;
      this.#socket = undefined;
      if (this.#resolve !== undefined) {
        // A body delimited by the close ends here; anything else was cut short.
        if (this.#head === undefined && this.#mode === 'close') this.#done();
        else this.#fail('ECONNRESET');
      }
    });
    this.#socket = s;
    return s;
  }

  /** Sends GET `path`; resolves with the status code as a string, or an error code. Never rejects. */
  get(path: string, resolve: (outcome: string) => void): void {
    if (this.#resolve !== undefined) {
      resolve('EBUSY');
      return;
    }
    this.#resolve = resolve;
    this.#head = EMPTY;
    this.#status = 0;
    const s = this.#socket ?? this.#open();
    s.write(this.#request(path));
  }

  /** Aborts the request in flight (the socket is closed: HTTP/1.1 cannot cancel otherwise). */
  abort(): void {
    if (this.#resolve === undefined) return;
    this.#fail('ABORTED');
  }

  close(): Promise<void> {
    const s = this.#socket;
    this.#socket = undefined;
    if (s === undefined || s.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      s.once('close', () => resolve());
      s.end();
      s.destroySoon();
    });
  }

  #fail(code: string): void {
    const s = this.#socket;
    this.#socket = undefined;
    s?.destroy();
    this.#head = undefined;
    this.#settle(code);
  }

  #done(): void {
    this.#head = undefined;
    if (!this.#keepAlive) {
      const s = this.#socket;
      this.#socket = undefined;
      s?.destroy();
    }
    this.#settle(String(this.#status));
  }

  #settle(outcome: string): void {
    const r = this.#resolve;
    this.#resolve = undefined;
    r?.(outcome);
  }

  #onData(chunk: Buffer): void {
    if (this.#resolve === undefined) {
      // Bytes nobody asked for: the connection is out of step; drop it.
      this.#fail('EPROTO');
      return;
    }
    let body = chunk;
    if (this.#head !== undefined) {
      const head = this.#head.length === 0 ? chunk : Buffer.concat([this.#head, chunk]);
      const end = head.indexOf(CRLFCRLF);
      if (end < 0) {
        if (head.length > MAX_HEAD) this.#fail('EPROTO');
        // Kept past this read: a copy when it is still the caller's (possibly shared) read buffer.
        else this.#head = head === chunk ? Buffer.from(chunk) : head;
        return;
      }
      if (!this.#parseHead(head.toString('latin1', 0, end))) {
        this.#fail('EPROTO');
        return;
      }
      this.#head = undefined;
      body = head.subarray(end + 4);
      // 1xx informational responses precede the real one.
      if (this.#status >= 100 && this.#status < 200) {
        this.#head = EMPTY;
        if (body.length > 0) this.#onData(body);
        return;
      }
      if (this.#mode === 'length' && this.#remaining === 0) {
        if (body.length > 0) this.#fail('EPROTO');
        else this.#done();
        return;
      }
    }
    if (body.length > 0) this.#onBody(body);
  }

  /** The value of header `name` (lower-case, with its leading CRLF) in the lower-cased head, or undefined. */
  static #header(lower: string, name: string): string | undefined {
    const at = lower.indexOf(name);
    if (at < 0) return undefined;
    const end = lower.indexOf('\r\n', at + name.length);
    return lower.slice(at + name.length, end < 0 ? undefined : end).trim();
  }

  #parseHead(head: string): boolean {
    // "HTTP/1.1 200 OK"; header names are matched case-insensitively on one lower-cased copy of the head,
    // with three searches instead of splitting every line (the parser runs once per request).
    if (!head.startsWith('HTTP/1.')) return false;
    this.#status = Number(head.slice(9, 12));
    if (!Number.isInteger(this.#status)) return false;
    const lower = head.toLowerCase();
    this.#keepAlive = head.charCodeAt(7) === 49; // HTTP/1.1 keeps alive by default, 1.0 does not
    const connection = RawHttpConnection.#header(lower, '\r\nconnection:');
    if (connection !== undefined) {
      if (connection.includes('close')) this.#keepAlive = false;
      else if (connection.includes('keep-alive')) this.#keepAlive = true;
    }
    this.#remaining = 0;
    const te = RawHttpConnection.#header(lower, '\r\ntransfer-encoding:');
    if (te?.endsWith('chunked') === true) {
      this.#mode = 'chunked';
      this.#chunkState = 'size';
      this.#chunkLine = '';
    } else {
      const cl = RawHttpConnection.#header(lower, '\r\ncontent-length:');
      if (cl === undefined) {
        this.#mode = 'close';
      } else {
        this.#mode = 'length';
        this.#remaining = Number(cl);
        if (cl === '' || !Number.isSafeInteger(this.#remaining) || this.#remaining < 0) return false;
      }
    }
    // No body for these statuses whatever the headers say.
    if (this.#status === 204 || this.#status === 304) {
      this.#mode = 'length';
      this.#remaining = 0;
    }
    if (this.#mode === 'close') this.#keepAlive = false;
    return true;
  }

  #onBody(body: Buffer): void {
    if (this.#mode === 'length') {
      if (body.length > this.#remaining) {
        this.#fail('EPROTO');
        return;
      }
      this.received += body.length;
      this.#remaining -= body.length;
      if (this.#remaining === 0) this.#done();
      return;
    }
    if (this.#mode === 'close') {
      this.received += body.length;
      return;
    }
    this.#onChunked(body);
  }

  #onChunked(buf: Buffer): void {
    let i = 0;
    while (i < buf.length) {
      switch (this.#chunkState) {
        case 'size': {
          const nl = buf.indexOf(10, i);
          if (nl < 0) {
            this.#chunkLine += buf.toString('latin1', i);
            if (this.#chunkLine.length > 1024) return this.#fail('EPROTO');
            return;
          }
          const line = (this.#chunkLine + buf.toString('latin1', i, nl)).trim();
          this.#chunkLine = '';
          i = nl + 1;
          const size = parseInt(line.split(';')[0] ?? '', 16);
          if (!Number.isFinite(size) || size < 0) return this.#fail('EPROTO');
          if (size === 0) {
            this.#chunkState = 'trailer';
            this.#trailerLine = '';
          } else {
            this.#chunkLeft = size;
            this.#chunkState = 'data';
          }
          break;
        }
        case 'data': {
          const n = Math.min(this.#chunkLeft, buf.length - i);
          this.received += n;
          this.#chunkLeft -= n;
          i += n;
          if (this.#chunkLeft === 0) {
            this.#chunkState = 'crlf';
            this.#chunkLine = '';
          }
          break;
        }
        case 'crlf': {
          // The CRLF after chunk data.
          if (buf[i] === 10) this.#chunkState = 'size';
          i++;
          break;
        }
        case 'trailer': {
          // Trailer lines until an empty line.
          const nl = buf.indexOf(10, i);
          if (nl < 0) {
            this.#trailerLine += buf.toString('latin1', i);
            return;
          }
          const line = (this.#trailerLine + buf.toString('latin1', i, nl)).trim();
          this.#trailerLine = '';
          i = nl + 1;
          if (line === '') {
            if (i < buf.length) return this.#fail('EPROTO');
            this.#done();
            return;
          }
          break;
        }
      }
    }
  }
}
