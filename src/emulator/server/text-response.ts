// An answer whose body is text (every XML-RPC or JSON-RPC answer but the cached record encodings): the HTTP
// adapter hands the string to node, which writes the header block and the body as one string in one
// write, where a byte body costs a TextEncoder copy per answer and a writev of two parts (issue 16: a
// login's answer spent more in that copy than in building it). In-process callers get a plain answer
// with the bytes (request-handler.ts asyncHandler), so nothing outside the server sees this class.
import type { EmuResponse } from './http-types.ts';

export class TextResponse implements EmuResponse {
  constructor(
    readonly status: number,
    /** With content-length: the UTF-8 byte length of `text`. */
    readonly headers: Readonly<Record<string, string>>,
    readonly text: string,
  ) {}

  /** The UTF-8 bytes of the text (encoded on each read: only the in-process path reads them, once). */
  get body(): Uint8Array {
    return Buffer.from(this.text, 'utf8');
  }
}

/**
 * The answer when the handler itself failed (it never should: every problem is an answer in xapi's
 * format), the same on node:http's path and the fast path.
 */
export function handlerFailed(err: unknown): TextResponse {
  const text = String(err);
  return new TextResponse(
    500,
    {
      'content-type': 'text/plain',
      'access-control-allow-origin': '*',
      'content-length': String(Buffer.byteLength(text)),
    },
    text,
  );
}
