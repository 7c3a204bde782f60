// The fast path of decodeJsonRequest (issue 16, dispatch speed), the JSON-RPC twin of compact-method-call.ts:
// a request whose envelope holds only the members jsonrpc ("2.0"), method, params (an array of plain ASCII
// strings) and id (an integer of at most 15 digits, or a plain ASCII string), in any order, with or without
// JSON whitespace between tokens (Python's json.dumps puts a space after ':' and ','), as our client, the
// benches and JSON-RPC clients in general send a getter's call:
//   {"jsonrpc":"2.0","method":"VM.get_record","params":["OpaqueRef:…","OpaqueRef:…"],"id":1}
// It checks that shape on the body's bytes, then makes one latin1 string of the whole body (the call's strings
// are slices of it). That skips the UTF-8 validation, the general reader's envelope object and its duplicate
// check, a regex per string and a BigInt per id (a perf profile of the emulator under wrk showed the decode as
// the largest cost JSON-RPC pays and XML-RPC does not). It answers only where the general reader
// (json-reader.ts, json-decode.ts) would return exactly the same request; anything else (a byte beyond ASCII,
// a control character, a backslash, another member, a repeated member, another value type, a version other
// than "2.0", a longer id, a trailing byte) returns undefined and the caller runs the general reader, so every
// error stays the general reader's.
import type { ResolvedLimits } from './decode-limits.ts';
import type { JsonRpcId, JsonRpcVersion } from './json-encode.ts';
import { asciiBodyText } from './body-text.ts';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const MINUS = 0x2d;
const ZERO = 0x30;
const NINE = 0x39;

/** Digits of an id read as a number here: 15 stay below Number.MAX_SAFE_INTEGER, as the general reader requires. */
const MAX_ID_DIGITS = 15;

/** What the caller gets: the shape decodeJsonRequest returns. */
interface CompactJsonRequest {
  readonly version: JsonRpcVersion;
  readonly id: JsonRpcId;
  readonly method: string;
  readonly params: string[];
}

// Member names, found by their length (and first byte: "method" and "params" are both six long).
const JSONRPC = 1;
const METHOD = 2;
const PARAMS = 3;
const ID = 4;
const NAMES: readonly (Uint8Array | undefined)[] = [
  undefined,
  Buffer.from('jsonrpc', 'latin1'),
  Buffer.from('method', 'latin1'),
  Buffer.from('params', 'latin1'),
  Buffer.from('id', 'latin1'),
];
/** The member a name's length may be ("method" and "params" share one: they differ in the first byte). */
const NAME_BY_LENGTH: readonly number[] = [0, 0, ID, 0, 0, 0, METHOD, JSONRPC];

/** 1 for the bytes a plain string holds as they are: printable ASCII but '"' and '\\'. */
const PLAIN = new Uint8Array(256);
for (let c = 0x20; c <= 0x7e; c++) if (c !== QUOTE && c !== BACKSLASH) PLAIN[c] = 1;

function isSpace(c: number | undefined): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** Scans the body once; `p` is the read position, the spans are read as strings only once the shape is known. */
class Scan {
  p = 0;

  constructor(readonly b: Uint8Array) {}

  ws(): number | undefined {
    const b = this.b;
    let p = this.p;
    while (isSpace(b[p])) p++;
    this.p = p;
    return b[p];
  }

  /** At a '"': the end of a plain string (printable ASCII, no backslash), past its closing quote; or -1. */
  string(): number {
    const b = this.b;
    let i = this.p + 1;
    while (PLAIN[b[i]!] === 1) i++;
    if (b[i] !== QUOTE) return -1;
    this.p = i + 1;
    return i;
  }

  /** At a '"': which member name this is (0 for any other), past the name. */
  name(): number {
    const start = this.p + 1;
    const end = this.string();
    if (end === -1) return 0;
    let which = NAME_BY_LENGTH[end - start] ?? 0;
    if (which === METHOD && this.b[start] === 0x70 /* p */) which = PARAMS;
    const bytes = NAMES[which];
    if (bytes === undefined) return 0;
    for (let i = 0; i < bytes.length; i++) if (this.b[start + i] !== bytes[i]) return 0;
    return which;
  }
}

/**
 * The request, or undefined when `body` is not of the compact shape above (the general reader then answers,
 * errors included).
 */
export function compactJsonRequest(body: Uint8Array, limits: ResolvedLimits): CompactJsonRequest | undefined {
  // The params array is a value at depth 2 (the envelope object is at depth 1: json-reader.ts).
  if (body.length > limits.maxBytes || limits.maxDepth < 2) return undefined;
  const s = new Scan(body);
  if (s.ws() !== OPEN_BRACE) return undefined;
  s.p++;
  let seen = 0;
  let version: JsonRpcVersion = '1.0';
  let methodAt = -1;
  let methodEnd = -1;
  // Spans [from, to) of the parameters.
  let spans: number[] | undefined;
  let id: number | undefined;
  let idAt = -1;
  let idEnd = -1;
  let values = 0;
  for (;;) {
    if (s.ws() !== QUOTE) return undefined;
    const which = s.name();
    if (which === 0 || (seen & (1 << which)) !== 0) return undefined;
    seen |= 1 << which;
    values++;
    if (s.ws() !== COLON) return undefined;
    s.p++;
    const c = s.ws();
    if (which === PARAMS) {
      if (c !== OPEN_BRACKET) return undefined;
      s.p++;
      spans = [];
      if (s.ws() === CLOSE_BRACKET) s.p++;
      else {
        for (;;) {
          if (s.ws() !== QUOTE) return undefined;
          const from = s.p + 1;
          const to = s.string();
          if (to === -1) return undefined;
          spans.push(from, to);
          const next = s.ws();
          s.p++;
          if (next === COMMA) continue;
          if (next === CLOSE_BRACKET) break;
          return undefined;
        }
      }
      values += spans.length / 2;
    } else if (which === ID && c !== QUOTE) {
      const r = integer(body, s.p);
      if (r === undefined) return undefined;
      id = r.value;
      s.p = r.end;
    } else {
      if (c !== QUOTE) return undefined;
      const from = s.p + 1;
      const to = s.string();
      if (to === -1) return undefined;
      if (which === JSONRPC) {
        // "2.0" is the only version the general reader accepts in this member (json-decode.ts versionOf).
        if (to - from !== 3 || body[from] !== 0x32 || body[from + 1] !== 0x2e || body[from + 2] !== 0x30)
          return undefined;
        version = '2.0';
      } else if (which === METHOD) {
        methodAt = from;
        methodEnd = to;
      } else {
        idAt = from;
        idEnd = to;
      }
    }
    const next = s.ws();
    s.p++;
    if (next === COMMA) continue;
    if (next === CLOSE_BRACE) break;
    return undefined;
  }
  if (s.ws() !== undefined || spans === undefined || methodAt === -1 || (seen & (1 << ID)) === 0)
    return undefined;
  if (values > limits.maxValues) return undefined;
  const text = asciiBodyText(body);
  const params = new Array<string>(spans.length / 2);
  for (let i = 0; i < params.length; i++) params[i] = text.slice(spans[2 * i], spans[2 * i + 1]);
  return {
    version,
    id: id ?? text.slice(idAt, idEnd),
    method: text.slice(methodAt, methodEnd),
    params,
  };
}

/**
 * An integer literal at `p` of at most MAX_ID_DIGITS digits, ending where a JSON number would (not on a
 * digit, '.', 'e' or 'E'): its value (-0 reads as 0, as the general reader's BigInt does) and its end.
 */
function integer(b: Uint8Array, p: number): { value: number; end: number } | undefined {
  const negative = b[p] === MINUS;
  let i = negative ? p + 1 : p;
  const first = i;
  let value = 0;
  for (; i < b.length; i++) {
    const c = b[i]!;
    if (c < ZERO || c > NINE) break;
    value = value * 10 + (c - ZERO);
  }
  const digits = i - first;
  if (digits === 0 || digits > MAX_ID_DIGITS || (digits > 1 && b[first] === ZERO)) return undefined;
  const after = b[i];
  if (after === 0x2e /* . */ || after === 0x65 /* e */ || after === 0x45 /* E */) return undefined;
  return { value: negative ? 0 - value : value, end: i };
}
