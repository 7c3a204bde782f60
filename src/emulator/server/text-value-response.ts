// The XML-RPC answer of a call whose result is one string (a ref from a login or a create, a uuid, a
// name): xapi's success envelope built once, around the escaped string (issue 16: a login storm built
// the envelope, the struct and the header object of every answer anew). Byte for byte what
// encodeSuccessFragment(encodeValue(value)) gives (ocaml-rpc xmlrpc.ml add_response).
import { encodeSuccessFragment, escapeXml } from '../../wire/index.ts';
import { TextResponse } from './text-response.ts';

const MARK = '\u0001';

export class TextValueResponses {
  readonly #head: string;
  readonly #tail: string;
  readonly #fixed: number;
  /** Header objects by content length: a storm of equal answers shares one. */
  readonly #headers = new Map<number, Readonly<Record<string, string>>>();

  constructor() {
    const whole = encodeSuccessFragment('<value>' + MARK + '</value>');
    const at = whole.indexOf(MARK);
    this.#head = whole.slice(0, at);
    this.#tail = whole.slice(at + MARK.length);
    this.#fixed = Buffer.byteLength(this.#head) + Buffer.byteLength(this.#tail);
  }

  answer(value: string): TextResponse {
    const escaped = escapeXml(value);
    const length = this.#fixed + Buffer.byteLength(escaped);
    let headers = this.#headers.get(length);
    if (headers === undefined) {
      headers = Object.freeze({
        'content-type': 'text/xml',
        'access-control-allow-origin': '*',
        'content-length': String(length),
      });
      // Bounded: one entry per length seen, and lengths beyond a few hundred are rare for one string.
      if (this.#headers.size < 1024) this.#headers.set(length, headers);
    }
    return new TextResponse(200, headers, this.#head + escaped + this.#tail);
  }
}
