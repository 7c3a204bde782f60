// A minimal keep-alive HTTP/1.1 client connection for the plain-HTTP VU kit: one socket, one request at a
// time (no pipelining), the request bytes built once and reused, the response parsed incrementally
// (Content-Length, chunked, or until close) and its body counted, not kept. This is what autocannon does to
// be fast; undici's general client (used by the XAPI transport) pays for features a load loop on a fixed
// request never needs. Outcome strings: the status code ("200"), or a socket error code ("ECONNRESET",
// "ECONNREFUSED", "EPROTO" for an unparsable response).
import { connect as netConnect } from 'node:net';
import type { Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

const MAX_HEAD = 64 * 1024;

/**
 * Plain-TCP responses are read into this one buffer (net.connect `onread`), shared by every connection of
 * the thread: no Buffer per read and no stream machinery (push, emit 'data') per response, a measured share
 * of the engine's per-request CPU (issue 16). Reads are handled synchronously and parsed by offsets into it
 * (no view per read); nothing keeps a reference past its callback: a response head split across reads is
 * copied (see #onData).
 */
const READ_MEMORY = new ArrayBuffer(64 * 1024);
const READ_BUFFER = Buffer.from(READ_MEMORY);
/**
 * The same bytes as 32-bit words, for #sameHead: a response read into READ_BUFFER starts at its offset 0, and
 * a head of ~140 bytes is compared word by word in JS instead of by Buffer#compare, whose native call
 * (argument checks, offsets, the call itself) was ~1,000 instructions per response (callgrind, issue 16;
 * with the clock read StepDone saves, the kit went from 9.0k to 7.2k instructions per request).
 */
const READ_WORDS = new Int32Array(READ_MEMORY);

/** Whether READ_BUFFER[start, start + head.length) equals `head`, of which `words` holds the whole words. */
function sameAsRead(start: number, head: Buffer, words: Int32Array): boolean {
  const w0 = start >>> 2;
  const n = words.length;
  for (let k = 0; k < n; k++) if (READ_WORDS[w0 + k] !== words[k]) return false;
  for (let j = n << 2; j < head.length; j++) if (READ_BUFFER[start + j] !== head[j]) return false;
  return true;
}

const CR = 13;
const LF = 10;
/** Header names as lower-case bytes, with their colon; matched by OR-ing 0x20 into each byte of the line. */
const CONTENT_LENGTH = Buffer.from('content-length:', 'latin1');
const CONNECTION = Buffer.from('connection:', 'latin1');
const TRANSFER_ENCODING = Buffer.from('transfer-encoding:', 'latin1');
const CLOSE = Buffer.from('close', 'latin1');
const KEEP_ALIVE = Buffer.from('keep-alive', 'latin1');
const CHUNKED = Buffer.from('chunked', 'latin1');

type BodyMode = 'length' | 'chunked' | 'close';

/** Head parse results: the index after the head's blank line, or one of these. */
const INCOMPLETE = -1;
const MALFORMED = -2;

export interface RawHttpOptions {
  /** Accept any TLS certificate (https only). */
  readonly insecure?: boolean;
  /**
   * Headers sent with every request after Host (k6's `params.headers`); a name given here replaces the
   * default of the same name (case-insensitive), an empty value drops it.
   */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * What every request carries besides Host, as k6 sends its User-Agent and nothing else by default: no
 * Accept, no Connection (HTTP/1.1 keeps alive by default). Each header is work for the server, so a
 * generator compared with another must send the same set (bench/load.bench.ts gives wrk these).
 */
export const DEFAULT_REQUEST_HEADERS: Readonly<Record<string, string>> = { 'User-Agent': 'xapi-harness' };

/** RFC 9110 §5.1 token characters, and a field value without CR, LF or NUL (no header injection). */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const FIELD_VALUE = /^[^\r\n\0]*$/;

/** The header lines (each ending in CRLF) for `headers` over the defaults; TypeError on a bad one. */
export function requestHeaderLines(headers: Readonly<Record<string, string>> = {}): string {
  const merged = new Map<string, [string, string]>();
  for (const [name, value] of [...Object.entries(DEFAULT_REQUEST_HEADERS), ...Object.entries(headers)]) {
    if (!TOKEN.test(name)) throw new TypeError(`not an HTTP header name: ${JSON.stringify(name)}`);
    if (!FIELD_VALUE.test(value)) throw new TypeError(`header ${name}: a value may not hold CR, LF or NUL`);
    if (name.toLowerCase() === 'host') throw new TypeError('Host comes from the URL');
    merged.set(name.toLowerCase(), [name, value.trim()]);
  }
  let lines = '';
  for (const [name, value] of merged.values()) if (value !== '') lines += `${name}: ${value}\r\n`;
  return lines;
}

/** Whether b[from, to) starts with `lower`, ignoring ASCII case (the name holds letters, '-' and ':'). */
function startsWithLower(b: Buffer, from: number, to: number, lower: Buffer): boolean {
  const n = lower.length;
  if (to - from < n) return false;
  for (let k = 0; k < n; k++) if ((b[from + k]! | 0x20) !== lower[k]) return false;
  return true;
}

/** Whether b[from, to) contains `lower` (letters and '-'), ignoring ASCII case. */
function containsLower(b: Buffer, from: number, to: number, lower: Buffer): boolean {
  for (let i = from; i + lower.length <= to; i++) if (startsWithLower(b, i, to, lower)) return true;
  return false;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9;
}

export class RawHttpConnection {
  readonly #url: URL;
  readonly #insecure: boolean;
  readonly #headerLines: string;
  #socket: Socket | undefined;
  #resolve: ((outcome: string) => void) | undefined;
  // response state
  /** True while the head is being read; `#partial` holds a head split across reads (copied). */
  #inHead = false;
  #partial: Buffer | undefined;
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
  /**
   * The last final response head parsed, as a copy, with what it said: a server answers one request with the
   * same head over and over (only Date moves, once a second), so a head whose bytes equal it is taken as read
   * with one memcmp instead of a parse (issue 16: the parse was the kit's largest share of the engine's CPU).
   * Equal bytes up to the blank line are the same head, so this is exact.
   */
  #lastHead: Buffer | undefined;
  /** #lastHead's whole 32-bit words (its bytes in the same order as READ_WORDS sees them). */
  #lastHeadWords: Int32Array = new Int32Array(0);
  #lastHeadStatus = 0;
  #lastHeadMode: BodyMode = 'length';
  #lastHeadRemaining = 0;
  #lastHeadKeepAlive = true;
  /** The last request's path and bytes: a VU usually asks for one path over and over. */
  #lastPath = '';
  #lastRequest: Buffer | undefined;

  constructor(url: string, options: RawHttpOptions = {}) {
    this.#url = new URL(url);
    if (this.#url.protocol !== 'http:' && this.#url.protocol !== 'https:')
      throw new TypeError(`not an http(s) URL: ${url}`);
    this.#insecure = options.insecure ?? false;
    this.#headerLines = requestHeaderLines(options.headers);
  }

  /** The request bytes for GET `path`, built once. */
  #request(path: string): Buffer {
    if (path === this.#lastPath && this.#lastRequest !== undefined) return this.#lastRequest;
    let b = this.#requests.get(path);
    if (b === undefined) {
      b = Buffer.from(
        `GET ${path} HTTP/1.1\r\nHost: ${this.#url.host}\r\n${this.#headerLines}\r\n`,
        'latin1',
      );
      this.#requests.set(path, b);
    }
    this.#lastPath = path;
    this.#lastRequest = b;
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
        if (this.#socket === s) this.#onData(chunk, 0, chunk.length);
      });
    } else {
      s = netConnect({
        host,
        port,
        onread: {
          buffer: READ_BUFFER,
          callback: (n: number): boolean => {
            if (this.#socket === s) this.#onData(READ_BUFFER, 0, n);
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
        if (!this.#inHead && this.#mode === 'close') this.#done();
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
    this.#inHead = true;
    this.#partial = undefined;
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
    this.#inHead = false;
    this.#partial = undefined;
    this.#settle(code);
  }

  #done(): void {
    this.#inHead = false;
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

  /** Bytes b[start, end) arrived. `b` may be the shared read buffer: no view of it is kept. */
  #onData(b: Buffer, start: number, end: number): void {
    if (this.#resolve === undefined) {
      // Bytes nobody asked for: the connection is out of step; drop it.
      this.#fail('EPROTO');
      return;
    }
    let i = start;
    while (this.#inHead) {
      if (this.#partial !== undefined) {
        // The rest of a split head: parse the joined copy (its own memory) from its start.
        b = Buffer.concat([this.#partial, b.subarray(i, end)]);
        this.#partial = undefined;
        i = 0;
        end = b.length;
      }
      let after: number;
      if (this.#sameHead(b, i, end)) after = i + this.#lastHead!.length;
      else {
        after = this.#parseHead(b, i, end);
        if (after >= 0 && (this.#status < 100 || this.#status >= 200)) this.#keepHead(b, i, after);
      }
      if (after === MALFORMED) {
        this.#fail('EPROTO');
        return;
      }
      if (after === INCOMPLETE) {
        if (end - i > MAX_HEAD) this.#fail('EPROTO');
        // Kept past this read: a copy, since `b` may be the shared read buffer.
        else this.#partial = Buffer.from(b.subarray(i, end));
        return;
      }
      i = after;
      // 1xx informational responses precede the real one: read the next head.
      if (this.#status >= 100 && this.#status < 200) continue;
      this.#inHead = false;
      if (this.#mode === 'length' && this.#remaining === 0) {
        if (i < end) this.#fail('EPROTO');
        else this.#done();
        return;
      }
    }
    if (i < end) this.#onBody(b, i, end);
  }

  /** Whether b[start, end) starts with the last head parsed; if so, its results are restored. */
  #sameHead(b: Buffer, start: number, end: number): boolean {
    const h = this.#lastHead;
    if (h === undefined || end - start < h.length) return false;
    if (
      b === READ_BUFFER && (start & 3) === 0
        ? !sameAsRead(start, h, this.#lastHeadWords)
        : b.compare(h, 0, h.length, start, start + h.length) !== 0
    )
      return false;
    this.#status = this.#lastHeadStatus;
    this.#mode = this.#lastHeadMode;
    this.#remaining = this.#lastHeadRemaining;
    this.#keepAlive = this.#lastHeadKeepAlive;
    if (this.#mode === 'chunked') {
      this.#chunkState = 'size';
      this.#chunkLine = '';
    }
    return true;
  }

  /** Keeps a copy of the final head b[start, after) just parsed, for #sameHead. */
  #keepHead(b: Buffer, start: number, after: number): void {
    if (after - start > 4096) return;
    const head = Buffer.from(b.subarray(start, after));
    this.#lastHead = head;
    // A copy of the whole words into memory of their own (the head's may be a pooled, unaligned slice).
    const words = new Int32Array(head.length >>> 2);
    new Uint8Array(words.buffer).set(head.subarray(0, words.length << 2));
    this.#lastHeadWords = words;
    this.#lastHeadStatus = this.#status;
    this.#lastHeadMode = this.#mode;
    this.#lastHeadRemaining = this.#remaining;
    this.#lastHeadKeepAlive = this.#keepAlive;
  }

  /**
   * Parses the head at b[start, end) in place (no strings; issue 16): the status line "HTTP/1.x NNN", then
   * Connection, Transfer-Encoding and Content-Length, matched case-insensitively (first occurrence wins).
   * Returns the index after the blank line, INCOMPLETE when the head has not all arrived, or MALFORMED.
   */
  #parseHead(b: Buffer, start: number, end: number): number {
    let connection = -1;
    let connectionEnd = -1;
    let te = -1;
    let teEnd = -1;
    let cl = -1;
    let clEnd = -1;
    let line = start;
    let first = true;
    for (;;) {
      let lf = line;
      while (lf < end && b[lf] !== LF) lf++;
      if (lf >= end) return INCOMPLETE;
      // Lines end in CRLF; the head ends with an empty one.
      const eol = lf > line && b[lf - 1] === CR ? lf - 1 : lf;
      if (eol === line) {
        if (first) return MALFORMED;
        line = lf + 1;
        break;
      }
      if (first) {
        first = false;
        // "HTTP/1.x NNN ..."
        if (eol - line < 12) return MALFORMED;
        if (
          b[line] !== 72 ||
          b[line + 1] !== 84 ||
          b[line + 2] !== 84 ||
          b[line + 3] !== 80 ||
          b[line + 4] !== 47 ||
          b[line + 5] !== 49 ||
          b[line + 6] !== 46 ||
          b[line + 8] !== 32
        )
          return MALFORMED;
        const d0 = b[line + 9]! - 48;
        const d1 = b[line + 10]! - 48;
        const d2 = b[line + 11]! - 48;
        if (d0 < 0 || d0 > 9 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return MALFORMED;
        this.#status = d0 * 100 + d1 * 10 + d2;
        // HTTP/1.1 keeps alive by default, 1.0 does not.
        this.#keepAlive = b[line + 7] === 49;
      } else {
        const c = b[line]! | 0x20;
        if (c === 99 /* c */) {
          if (cl < 0 && startsWithLower(b, line, eol, CONTENT_LENGTH)) {
            cl = line + CONTENT_LENGTH.length;
            clEnd = eol;
          } else if (connection < 0 && startsWithLower(b, line, eol, CONNECTION)) {
            connection = line + CONNECTION.length;
            connectionEnd = eol;
          }
        } else if (c === 116 /* t */ && te < 0 && startsWithLower(b, line, eol, TRANSFER_ENCODING)) {
          te = line + TRANSFER_ENCODING.length;
          teEnd = eol;
        }
      }
      line = lf + 1;
    }
    if (connection >= 0) {
      if (containsLower(b, connection, connectionEnd, CLOSE)) this.#keepAlive = false;
      else if (containsLower(b, connection, connectionEnd, KEEP_ALIVE)) this.#keepAlive = true;
    }
    this.#remaining = 0;
    while (teEnd > te && isSpace(b[teEnd - 1]!)) teEnd--;
    if (
      te >= 0 &&
      teEnd - te >= CHUNKED.length &&
      startsWithLower(b, teEnd - CHUNKED.length, teEnd, CHUNKED)
    ) {
      this.#mode = 'chunked';
      this.#chunkState = 'size';
      this.#chunkLine = '';
    } else if (cl < 0) {
      this.#mode = 'close';
    } else {
      // Digits only, between optional blanks.
      while (cl < clEnd && isSpace(b[cl]!)) cl++;
      while (clEnd > cl && isSpace(b[clEnd - 1]!)) clEnd--;
      if (cl === clEnd) return MALFORMED;
      let n = 0;
      for (let k = cl; k < clEnd; k++) {
        const d = b[k]! - 48;
        if (d < 0 || d > 9) return MALFORMED;
        n = n * 10 + d;
      }
      if (!Number.isSafeInteger(n)) return MALFORMED;
      this.#mode = 'length';
      this.#remaining = n;
    }
    // No body for these statuses whatever the headers say.
    if (this.#status === 204 || this.#status === 304) {
      this.#mode = 'length';
      this.#remaining = 0;
    }
    if (this.#mode === 'close') this.#keepAlive = false;
    return line;
  }

  #onBody(b: Buffer, start: number, end: number): void {
    const n = end - start;
    if (this.#mode === 'length') {
      if (n > this.#remaining) {
        this.#fail('EPROTO');
        return;
      }
      this.received += n;
      this.#remaining -= n;
      if (this.#remaining === 0) this.#done();
      return;
    }
    if (this.#mode === 'close') {
      this.received += n;
      return;
    }
    this.#onChunked(b, start, end);
  }

  /** The index of the next LF in b[i, end), or -1 (b may hold stale bytes past `end`). */
  static #lf(b: Buffer, i: number, end: number): number {
    const nl = b.indexOf(LF, i);
    return nl < 0 || nl >= end ? -1 : nl;
  }

  #onChunked(buf: Buffer, start: number, end: number): void {
    let i = start;
    while (i < end) {
      switch (this.#chunkState) {
        case 'size': {
          const nl = RawHttpConnection.#lf(buf, i, end);
          if (nl < 0) {
            this.#chunkLine += buf.toString('latin1', i, end);
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
          const n = Math.min(this.#chunkLeft, end - i);
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
          if (buf[i] === LF) this.#chunkState = 'size';
          i++;
          break;
        }
        case 'trailer': {
          // Trailer lines until an empty line.
          const nl = RawHttpConnection.#lf(buf, i, end);
          if (nl < 0) {
            this.#trailerLine += buf.toString('latin1', i, end);
            return;
          }
          const line = (this.#trailerLine + buf.toString('latin1', i, nl)).trim();
          this.#trailerLine = '';
          i = nl + 1;
          if (line === '') {
            if (i < end) return this.#fail('EPROTO');
            this.#done();
            return;
          }
          break;
        }
      }
    }
  }
}
