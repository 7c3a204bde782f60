// The status line and header block of the HTTP fast path's answers (fast-connection.ts), laid out as
// node:http lays out the same answer (the emulator's headers in order, then Date, Connection and
// Keep-Alive), so that a client sees the same bytes whichever path served it.
import { STATUS_CODES } from 'node:http';

/** The Date header's value, formatted at most once a second as node does (utcDate in _http_outgoing.js). */
export class HttpDate {
  #second = -1;
  #text = '';

  get text(): string {
    const now = Date.now();
    const second = Math.floor(now / 1000);
    if (second !== this.#second) {
      this.#second = second;
      this.#text = new Date(now).toUTCString();
    }
    return this.#text;
  }
}

export interface ResponseHead {
  readonly text: string;
  /** The answer ends the connection (the client or the answer asked for it). */
  readonly close: boolean;
}

/**
 * The head of an answer of `bodyLength` bytes. A content-length the headers lack is added after them (as
 * http-server.ts `send` does); a connection header of the answer's own replaces node's pair.
 */
export function responseHead(
  status: number,
  headers: Readonly<Record<string, string>>,
  bodyLength: number,
  clientClose: boolean,
  keepAliveSec: number,
  date: HttpDate,
): ResponseHead {
  let text = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Unknown'}\r\n`;
  let length = false;
  let own: string | undefined;
  for (const k in headers) {
    const v = headers[k]!;
    if (k === 'content-length') length = true;
    else if (k === 'connection') own = v;
    text += `${k}: ${v}\r\n`;
  }
  if (!length) text += `content-length: ${bodyLength}\r\n`;
  text += `Date: ${date.text}\r\n`;
  if (own !== undefined) {
    return { text: text + '\r\n', close: clientClose || own.toLowerCase().includes('close') };
  }
  if (clientClose) return { text: text + 'Connection: close\r\n\r\n', close: true };
  return {
    text: `${text}Connection: keep-alive\r\nKeep-Alive: timeout=${keepAliveSec}\r\n\r\n`,
    close: false,
  };
}
