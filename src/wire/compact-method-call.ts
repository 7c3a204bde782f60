// The fast path of decodeMethodCall (issue 16, dispatch speed): a compact call whose parameters are all
// plain ASCII strings, as xapi's own clients, our client and the benches send it:
//   [<?xml …?>]<methodCall><methodName>N</methodName>[<params>(<param><value>[<string>]S[</string>]</value></param>)*</params>]</methodCall>
// It checks that shape on the body's bytes, markup against constants byte by byte, then makes one
// string of the whole body. That skips the UTF-8 validation and the general reader's per-document
// control-character regex and per-element string searches (each a call into V8's C++ search; together
// more than half of a get_record's decode). It answers only where the general reader (xml-reader.ts)
// would return exactly the same call; anything else (non-ASCII bytes, whitespace between elements,
// comments, entities, CDATA, other value types, control characters, an empty name, a trailing byte)
// returns undefined and the caller runs the general reader, so every error stays the general reader's.
import type { ResolvedLimits } from './decode-limits.ts';
import { asciiBodyText } from './body-text.ts';

const bytes = (s: string): Uint8Array => Buffer.from(s, 'latin1');

// The markup between two texts, matched as one piece.
const DECLARED_CALL = bytes('<?xml version="1.0"?><methodCall><methodName>');
const XML_DECL = bytes('<?xml');
const CALL_OPEN = bytes('<methodCall><methodName>');
const NAME_THEN_PARAM = bytes('</methodName><params><param><value>');
const NAME_THEN_END = bytes('</methodName></methodCall>');
const NAME_THEN_NO_PARAMS = bytes('</methodName><params></params></methodCall>');
const PARAM_THEN_PARAM = bytes('</value></param><param><value>');
const PARAM_THEN_END = bytes('</value></param></params></methodCall>');
const STRING_OPEN = bytes('<string>');
const STRING_CLOSE = bytes('</string>');

const LT = 0x3c; // <

/** Whether `tag` stands at `p` in `b`. */
function at(b: Uint8Array, p: number, tag: Uint8Array): boolean {
  if (p + tag.length > b.length) return false;
  for (let i = 0; i < tag.length; i++) if (b[p + i] !== tag[i]) return false;
  return true;
}

/**
 * Where the character data from `p` ends (the next '<'), or -1 when it holds anything the general reader
 * would not take verbatim as one byte per character: an entity (&), a control character (C0, including
 * the CR it normalises), a byte beyond ASCII, or no '<' at all.
 */
function plainTextEnd(b: Uint8Array, p: number, stop = LT): number {
  for (let i = p; i < b.length; i++) {
    const c = b[i]!;
    if (c === stop) return i;
    if (c < 0x20 || c === 0x26 || c > 0x7e) return -1;
  }
  return -1;
}

/** Where the method name starts (after the declaration and `<methodCall><methodName>`), or -1. */
function nameStart(b: Uint8Array): number {
  if (at(b, 0, DECLARED_CALL)) return DECLARED_CALL.length;
  let p = 0;
  if (at(b, 0, XML_DECL)) {
    // The declaration's content is skipped by the general reader up to the first '?>'.
    for (let q = XML_DECL.length; ; q++) {
      q = plainTextEnd(b, q, 0x3f /* ? */);
      if (q === -1) return -1;
      if (b[q + 1] === 0x3e /* > */) {
        p = q + 2;
        break;
      }
    }
  }
  return at(b, p, CALL_OPEN) ? p + CALL_OPEN.length : -1;
}

/** The call, or undefined when `body` is not of the compact all-ASCII-strings shape (see above). */
export function compactMethodCall(
  body: Uint8Array,
  limits: ResolvedLimits,
): { method: string; params: string[] } | undefined {
  if (body.length > limits.maxBytes) return undefined;
  const start = nameStart(body);
  if (start === -1) return undefined;
  const nameEnd = plainTextEnd(body, start);
  if (nameEnd <= start) return undefined;
  // Text spans [from, to) of the parameters, read as strings once the whole shape is known.
  const spans: number[] = [];
  let p: number;
  if (at(body, nameEnd, NAME_THEN_PARAM)) {
    p = nameEnd + NAME_THEN_PARAM.length;
    // Each parameter is one value at depth 1 (xml-reader.ts enterValue).
    if (limits.maxDepth < 1) return undefined;
    for (;;) {
      const typed = at(body, p, STRING_OPEN);
      if (typed) p += STRING_OPEN.length;
      let end = plainTextEnd(body, p);
      if (end === -1) return undefined;
      spans.push(p, end);
      if (typed) {
        if (!at(body, end, STRING_CLOSE)) return undefined;
        end += STRING_CLOSE.length;
      }
      if (at(body, end, PARAM_THEN_PARAM)) {
        p = end + PARAM_THEN_PARAM.length;
        continue;
      }
      if (!at(body, end, PARAM_THEN_END)) return undefined;
      p = end + PARAM_THEN_END.length;
      break;
    }
    if (spans.length / 2 > limits.maxValues) return undefined;
  } else if (at(body, nameEnd, NAME_THEN_END)) {
    p = nameEnd + NAME_THEN_END.length;
  } else if (at(body, nameEnd, NAME_THEN_NO_PARAMS)) {
    p = nameEnd + NAME_THEN_NO_PARAMS.length;
  } else {
    return undefined;
  }
  if (p !== body.length) return undefined;
  const s = asciiBodyText(body);
  const params = new Array<string>(spans.length / 2);
  for (let i = 0; i < params.length; i++) params[i] = s.slice(spans[2 * i], spans[2 * i + 1]);
  return { method: s.slice(start, nameEnd), params };
}
