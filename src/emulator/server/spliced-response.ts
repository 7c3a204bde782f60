// A JSON-RPC answer as shared bytes and a tail: the bytes of everything before the id (the envelope's head
// and the result: a cached get_record encoding, or an event batch encoded once for every caller it wakes)
// and the text of the id and what follows it. Clients count their ids up (most do), so no two requests
// share an envelope: building a whole answer buffer per call cost a client counting its ids 0.80× the bare
// server on get_record where one id reached 0.96× (a 3 KB copy per call), and a change that wakes 1,000
// JSON-RPC callers a copy of the batch each (issue 16, `npm run bench -- emulator`). The HTTP adapter
// writes the header block, the chunks and the tail in one writev; in-process callers read `body`, built
// on access (request-handler.ts asyncHandler gives them a plain answer).
import type { EmuResponse } from './http-types.ts';

export class SplicedResponse implements EmuResponse {
  constructor(
    readonly status: number,
    /** With content-length: the chunks' length plus the UTF-8 length of `tail`. */
    readonly headers: Readonly<Record<string, string>>,
    readonly chunks: readonly Uint8Array[],
    readonly tail: string,
  ) {}

  /** The whole body (built on each read: only the in-process path reads it, once). */
  get body(): Uint8Array {
    return Buffer.concat([...this.chunks, Buffer.from(this.tail, 'utf8')]);
  }
}
