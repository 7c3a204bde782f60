// A response whose body is a list of byte chunks (envelope pieces and cached record encodings), so a
// large answer (VM.get_all_records of 10,000 VMs: ≈ 80 MB) is never built as one JS string nor copied
// into one buffer: the HTTP adapter writes the chunks as they are. It still satisfies EmuResponse
// (src/client/transport.ts): in-process callers read `body`, concatenated once on first access.
import type { EmuResponse } from './http-types.ts';

/**
 * Answers up to this size are built as one buffer instead (one copy is cheaper than several writes,
 * and a plain object is cheaper than this class's lazy body).
 */
export const ONE_BUFFER_MAX = 64 * 1024;

export class ChunkedResponse implements EmuResponse {
  readonly byteLength: number;
  /** The whole body in one buffer (lazily, for in-process callers; the HTTP path never asks). */
  declare readonly body: Uint8Array;

  constructor(
    readonly status: number,
    readonly headers: Readonly<Record<string, string>>,
    readonly chunks: readonly Uint8Array[],
  ) {
    let n = 0;
    for (const c of chunks) n += c.byteLength;
    this.byteLength = n;
    let body: Uint8Array | undefined;
    // An own, enumerable getter: a caller that copies the response (`{ ...res }`) still gets the body.
    // (defineProperty is slow per object; fine here, only large answers take this class.)
    Object.defineProperty(this, 'body', {
      enumerable: true,
      get: (): Uint8Array => (body ??= Buffer.concat(chunks, n)),
    });
  }
}
