// The request head of the emulator's HTTP fast path (fast-connection.ts), read byte by byte as it
// arrives: each byte is looked at once, however the head is split across reads (a head trickled one byte
// at a time costs no more than one that arrives whole). It accepts only a strict subset of HTTP/1.1 that
// node's parser reads the same way:
//   (GET|POST|OPTIONS) SP /visible-ascii SP HTTP/1.1 CRLF (token ":" OWS visible-ascii... OWS CRLF)* CRLF
// with one Host, at most one all-digit Content-Length and none of Transfer-Encoding, Expect or Upgrade.
// Anything else (HTTP/1.0, chunked bodies, 100-continue, obs-fold, bare LF, bytes beyond ASCII in a header,
// a head over node's 16 KiB limit) is `handoff`: the connection goes to node:http from that request on,
// so every answer to an unusual or malformed request stays node's own (400, 413, 431, ...).

/** node's default http.maxHeaderSize: a longer head is node's to refuse (431). */
export const MAX_HEAD_BYTES = 16 * 1024;

const enum S {
  Method,
  Target,
  Version,
  RequestLf,
  LineStart,
  Name,
  BeforeValue,
  Value,
  HeaderLf,
  EndLf,
}

const VERSION = 'HTTP/1.1';
const CR = 0x0d;
const LF = 0x0a;
const SP = 0x20;
const HTAB = 0x09;

/** RFC 9110 §5.6.2 tchar. */
const TOKEN = new Uint8Array(128);
for (const c of "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
  TOKEN[c.charCodeAt(0)] = 1;

/** Whether b[from, from + name.length) is `name` (lower case ASCII), ignoring case. */
function nameIs(b: Uint8Array, from: number, to: number, name: string): boolean {
  if (to - from !== name.length) return false;
  for (let i = 0; i < name.length; i++) if ((b[from + i]! | 0x20) !== name.charCodeAt(i)) return false;
  return true;
}

export type ScanResult = 'partial' | 'handoff' | 'complete';

export class RequestHeadScanner {
  #state = S.Method;
  /** Offset of the next byte to look at. */
  #pos = 0;
  #mark = 0;
  #versionAt = 0;
  #valueEnd = 0;
  method: 'GET' | 'POST' | 'OPTIONS' = 'GET';
  targetStart = 0;
  targetEnd = 0;
  /** [nameStart, nameEnd, valueStart, valueEnd] per header, offsets into the buffer. */
  readonly fields: number[] = [];
  contentLength = 0;
  /** The client asked for the connection to close after this answer. */
  close = false;
  /** Where the body starts (once complete). */
  bodyStart = 0;
  #hosts = 0;
  #lengths = 0;

  reset(): void {
    this.#state = S.Method;
    this.#pos = 0;
    this.fields.length = 0;
    this.bodyStart = 0;
    this.contentLength = 0;
    this.close = false;
    this.#hosts = 0;
    this.#lengths = 0;
  }

  /** Whether no byte of a head has been looked at yet. */
  get idle(): boolean {
    return this.#pos === 0;
  }

  /** Reads the bytes of `b` (a request's bytes from its first) not read yet. */
  scan(b: Uint8Array): ScanResult {
    let state = this.#state;
    let i = this.#pos;
    const end = Math.min(b.length, MAX_HEAD_BYTES);
    for (; i < end; i++) {
      const c = b[i]!;
      switch (state) {
        case S.Method:
          if (c === SP) {
            const m = this.#methodOf(b, i);
            if (m === undefined) return 'handoff';
            this.method = m;
            state = S.Target;
            this.targetStart = i + 1;
          } else if (c < 0x41 || c > 0x5a || i > 7) return 'handoff';
          break;
        case S.Target:
          if (c === SP) {
            if (i === this.targetStart) return 'handoff';
            this.targetEnd = i;
            this.#versionAt = i + 1;
            state = S.Version;
          } else if (c < 0x21 || c > 0x7e || (i === this.targetStart && c !== 0x2f)) return 'handoff';
          break;
        case S.Version:
          if (i - this.#versionAt === VERSION.length) {
            if (c !== CR) return 'handoff';
            state = S.RequestLf;
          } else if (c !== VERSION.charCodeAt(i - this.#versionAt)) return 'handoff';
          break;
        case S.RequestLf:
        case S.HeaderLf:
          if (c !== LF) return 'handoff';
          state = S.LineStart;
          break;
        case S.LineStart:
          if (c === CR) state = S.EndLf;
          else if (c < 128 && TOKEN[c] === 1) {
            this.#mark = i;
            state = S.Name;
          } else return 'handoff';
          break;
        case S.Name:
          if (c === 0x3a) {
            this.fields.push(this.#mark, i, 0, 0);
            state = S.BeforeValue;
          } else if (c >= 128 || TOKEN[c] !== 1) return 'handoff';
          break;
        case S.BeforeValue:
          if (c === SP || c === HTAB) break;
          this.fields[this.fields.length - 2] = i;
          this.#valueEnd = i;
          state = S.Value;
          i--; // this byte is the value's first: read it again as one
          break;
        case S.Value:
          if (c === CR) {
            if (!this.#header(b, this.#valueEnd)) return 'handoff';
            state = S.HeaderLf;
          } else if (c > SP && c < 0x7f) this.#valueEnd = i + 1;
          else if (c !== SP && c !== HTAB) return 'handoff';
          break;
        case S.EndLf:
          if (c !== LF || this.#hosts !== 1) return 'handoff';
          this.bodyStart = i + 1;
          this.#state = state;
          this.#pos = i + 1;
          return 'complete';
      }
    }
    this.#state = state;
    this.#pos = i;
    return i >= MAX_HEAD_BYTES ? 'handoff' : 'partial';
  }

  #methodOf(b: Uint8Array, sp: number): 'GET' | 'POST' | 'OPTIONS' | undefined {
    // Only upper-case letters reach here (Method): a case-blind match is an exact one.
    if (nameIs(b, 0, sp, 'post')) return 'POST';
    if (nameIs(b, 0, sp, 'get')) return 'GET';
    if (nameIs(b, 0, sp, 'options')) return 'OPTIONS';
    return undefined;
  }

  /** Ends the header whose value ends at `valueEnd`; false when its request is node's to read. */
  #header(b: Uint8Array, valueEnd: number): boolean {
    const f = this.fields;
    const n = f.length;
    f[n - 1] = valueEnd;
    const from = f[n - 4]!;
    const to = f[n - 3]!;
    switch (to - from) {
      case 4:
        if (nameIs(b, from, to, 'host')) this.#hosts++;
        return true;
      case 6:
        return !nameIs(b, from, to, 'expect');
      case 7:
        return !nameIs(b, from, to, 'upgrade');
      case 10:
        return !nameIs(b, from, to, 'connection') || this.#connection(b, f[n - 2]!, valueEnd);
      case 14:
        return !nameIs(b, from, to, 'content-length') || this.#length(b, f[n - 2]!, valueEnd);
      case 17:
        return !nameIs(b, from, to, 'transfer-encoding');
      default:
        return true;
    }
  }

  /** Content-Length: one, all digits (no sign, no list), at most 15 of them. */
  #length(b: Uint8Array, from: number, to: number): boolean {
    if (++this.#lengths > 1 || to === from || to - from > 15) return false;
    let v = 0;
    for (let i = from; i < to; i++) {
      const d = b[i]! - 0x30;
      if (d < 0 || d > 9) return false;
      v = v * 10 + d;
    }
    this.contentLength = v;
    return true;
  }

  /** Connection: "close" among its tokens closes after the answer; "upgrade" is node's. */
  #connection(b: Uint8Array, from: number, to: number): boolean {
    const v = Buffer.from(b.buffer, b.byteOffset + from, to - from)
      .toString('latin1')
      .toLowerCase();
    for (const token of v.split(',')) {
      const t = token.trim();
      if (t === 'close') this.close = true;
      else if (t === 'upgrade') return false;
    }
    return true;
  }
}
