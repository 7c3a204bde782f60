// The fast path of decodeMethodCall (issue 16, dispatch speed): a compact call whose parameters are all
// plain strings, as xapi's own clients, our client and the benches send it:
//   [<?xml …?>]<methodCall><methodName>N</methodName>[<params>(<param><value>[<string>]S[</string>]</value></param>)*</params>]</methodCall>
// It reads that shape with a few indexOf matches of the markup between the texts, without the general
// reader's per-document control-character regex and per-element bookkeeping (together about half of a
// get_record's decode). It answers only where the general reader (xml-reader.ts) would return exactly
// the same call; anything else (whitespace between elements, comments, entities, CDATA, other value
// types, control characters, U+FFFE/U+FFFF, an empty name, a trailing byte) returns undefined and the
// caller runs the general reader, so every error stays the general reader's.
import type { ResolvedLimits } from './decode-limits.ts';

// The markup between two texts is matched as one piece: each match is a call into V8's string search,
// whose set-up costs more than comparing the characters.
const DECLARED_CALL = '<?xml version="1.0"?><methodCall><methodName>';
const CALL_OPEN = '<methodCall><methodName>';
const NAME_THEN_PARAM = '</methodName><params><param><value>';
const NAME_THEN_END = '</methodName></methodCall>';
const NAME_THEN_NO_PARAMS = '</methodName><params></params></methodCall>';
const PARAM_THEN_PARAM = '</value></param><param><value>';
const PARAM_THEN_END = '</value></param></params></methodCall>';
const STRING_OPEN = '<string>';
const STRING_CLOSE = '</string>';

/**
 * Whether s[a, b) is character data the general reader takes verbatim: no entity (&), no character
 * the reader rejects or rewrites (C0 controls, including the CR it normalises; U+FFFE, U+FFFF).
 */
function plain(s: string, a: number, b: number): boolean {
  for (let i = a; i < b; i++) {
    const c = s.charCodeAt(i);
    if (c < 32 || c === 38 || c >= 0xfffe) return false;
  }
  return true;
}

/**
 * Whether `tag` stands at `p`. indexOf compares at memcmp speed where startsWith walks the characters one
 * by one (about 3 ns each on V8 11). When the tag is not at `p`, indexOf scans on: callers look at one
 * character first wherever a miss would not end the fast path, so a document costs at most one such scan.
 */
function at(s: string, p: number, tag: string): boolean {
  return s.indexOf(tag, p) === p;
}

/** Where the method name starts (after the declaration and `<methodCall><methodName>`), or -1. */
function nameStart(s: string): number {
  if (at(s, 0, DECLARED_CALL)) return DECLARED_CALL.length;
  let p = 0;
  if (s.charCodeAt(1) === 63 /* ? */) {
    if (!s.startsWith('<?xml')) return -1;
    const end = s.indexOf('?>', 5);
    if (end === -1 || !plain(s, 5, end)) return -1;
    p = end + 2;
  }
  return at(s, p, CALL_OPEN) ? p + CALL_OPEN.length : -1;
}

/** The call, or undefined when `s` is not of the compact all-strings shape (see above). */
export function compactMethodCall(
  s: string,
  limits: ResolvedLimits,
): { method: string; params: string[] } | undefined {
  let p = nameStart(s);
  if (p === -1) return undefined;
  const nameEnd = s.indexOf('<', p);
  if (nameEnd <= p || !plain(s, p, nameEnd)) return undefined;
  const method = s.slice(p, nameEnd);
  const params: string[] = [];
  if (s.charCodeAt(nameEnd + 14) === 112 /* p */ && at(s, nameEnd, NAME_THEN_PARAM)) {
    p = nameEnd + NAME_THEN_PARAM.length;
    // Each parameter is one value at depth 1 (xml-reader.ts enterValue).
    if (limits.maxDepth < 1) return undefined;
    for (;;) {
      const typed =
        s.charCodeAt(p) === 60 /* < */ && s.charCodeAt(p + 1) === 115 /* s */ && at(s, p, STRING_OPEN);
      if (typed) p += STRING_OPEN.length;
      let end = s.indexOf('<', p);
      if (end === -1 || !plain(s, p, end)) return undefined;
      params.push(s.slice(p, end));
      if (typed) {
        if (!at(s, end, STRING_CLOSE)) return undefined;
        end += STRING_CLOSE.length;
      }
      // After "</value></param>", "<param>" continues and "</params>" ends.
      if (s.charCodeAt(end + 17) !== 47 /* / */) {
        if (!at(s, end, PARAM_THEN_PARAM)) return undefined;
        p = end + PARAM_THEN_PARAM.length;
        continue;
      }
      if (!at(s, end, PARAM_THEN_END)) return undefined;
      p = end + PARAM_THEN_END.length;
      break;
    }
    if (params.length > limits.maxValues) return undefined;
  } else if (at(s, nameEnd, NAME_THEN_END)) {
    p = nameEnd + NAME_THEN_END.length;
  } else if (at(s, nameEnd, NAME_THEN_NO_PARAMS)) {
    p = nameEnd + NAME_THEN_NO_PARAMS.length;
  } else {
    return undefined;
  }
  return p === s.length ? { method, params } : undefined;
}
