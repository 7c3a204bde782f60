// A JSON-RPC get_record answer as two parts: the cached bytes of everything before the id (the envelope's
// head and the record) and the text of the id and what follows it. A client counting its ids up (most do)
// gets a new id per call; building a whole answer buffer per call (a 3 KB allocation and copy) cost it
// 0.80× the bare server where one id reached 0.96× (issue 16, `npm run bench -- emulator.bench`). The HTTP
// adapter writes both parts with the header block in one writev; in-process callers read `body`, built
// on access (request-handler.ts asyncHandler gives them a plain answer).
import type { EmuResponse } from './http-types.ts';

export class SplicedResponse implements EmuResponse {
  constructor(
    readonly status: number,
    /** With content-length: the prefix's length plus the UTF-8 length of `tail`. */
    readonly headers: Readonly<Record<string, string>>,
    readonly prefix: Buffer,
    readonly tail: string,
  ) {}

  /** The whole body (built on each read: only the in-process path reads it, once). */
  get body(): Uint8Array {
    const tail = Buffer.from(this.tail, 'utf8');
    return Buffer.concat([this.prefix, tail], this.prefix.length + tail.length);
  }
}
