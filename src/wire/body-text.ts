// Turns a request/response body into text, enforcing the size limit before any work is done and
// rejecting invalid UTF-8 so the emulator can answer xapi's INVALID_VALUE (SEMANTICS.md §2 Dispatch).
import type { ResolvedLimits } from './decode-limits.ts';
import { WireError } from './wire-error.ts';

// fatal: throw on invalid UTF-8 instead of substituting U+FFFD. A leading BOM is stripped (default).
const utf8 = new TextDecoder('utf-8', { fatal: true });

interface WellFormedString {
  isWellFormed(): boolean;
}

export function bodyText(body: string | Uint8Array, limits: ResolvedLimits): string {
  if (typeof body === 'string') {
    if (body.length > limits.maxBytes) {
      throw new WireError('TOO_LARGE', `body of ${body.length} characters exceeds ${limits.maxBytes}`);
    }
    // A JS string can hold lone surrogates, which no UTF-8 encoder can send; treat them as the
    // invalid UTF-8 they would have been on the wire. (String.prototype.isWellFormed: Node 20.)
    if (!(body as unknown as WellFormedString).isWellFormed()) {
      throw new WireError('INVALID_UTF8', 'body contains a lone UTF-16 surrogate');
    }
    return body;
  }
  if (body.byteLength > limits.maxBytes) {
    throw new WireError('TOO_LARGE', `body of ${body.byteLength} bytes exceeds ${limits.maxBytes}`);
  }
  try {
    return utf8.decode(body);
  } catch {
    throw new WireError('INVALID_UTF8', 'body is not valid UTF-8');
  }
}

/**
 * The text of a body the fast paths (compact-method-call.ts, compact-json-request.ts) have checked to be
 * all ASCII: one latin1 string, no UTF-8 validation, of which the call's strings are slices.
 */
export function asciiBodyText(b: Uint8Array): string {
  const buf = Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  return buf.toString('latin1');
}
