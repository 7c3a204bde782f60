// The one error type of the codecs. Decoding never crashes or hangs on hostile input: every problem
// becomes a WireError with a stable `code` that callers switch on (the emulator maps INVALID_UTF8 to
// xapi's INVALID_VALUE and the rest to an HTTP 500, SEMANTICS.md §2 "Malformed XML").
import { HarnessError } from '../xapi/harness-errors.ts';

export type WireErrorCode =
  /** Not well-formed XML (unterminated tag, bad entity, illegal character, DTD, trailing content). */
  | 'MALFORMED_XML'
  /** Not well-formed JSON. */
  | 'MALFORMED_JSON'
  /** Well-formed XML, but an element XML-RPC does not allow at that place. */
  | 'UNEXPECTED_ELEMENT'
  /** A scalar whose text does not parse as its declared type (e.g. `<boolean>yes</boolean>`). */
  | 'BAD_VALUE'
  /** The document parses but is not a valid call/response envelope (no id, no Status, ...). */
  | 'BAD_ENVELOPE'
  /** Nesting deeper than the configured limit. */
  | 'TOO_DEEP'
  /** Body larger than the configured limit. */
  | 'TOO_LARGE'
  /** More values than the configured limit. */
  | 'TOO_MANY_VALUES'
  /** The body bytes are not valid UTF-8. */
  | 'INVALID_UTF8'
  /** A value the wire format cannot represent (e.g. an invalid Date) was given to an encoder. */
  | 'UNENCODABLE';

export class WireError extends HarnessError {
  override readonly name = 'WireError';
  readonly code: WireErrorCode;
  /** Character offset in the decoded body text where the problem was found, when known. */
  readonly offset: number | undefined;

  constructor(code: WireErrorCode, message: string, offset?: number) {
    super(offset === undefined ? `${code}: ${message}` : `${code} at ${offset}: ${message}`);
    this.code = code;
    this.offset = offset;
  }
}

export function isWireError(e: unknown): e is WireError {
  return e instanceof WireError;
}
