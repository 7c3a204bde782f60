// XML-RPC decoding, strict and safe (see xml-reader.ts), accepting what xapi's own parser accepts
// (mirage/ocaml-rpc src/lib/xmlrpc.ml Parser) and what other clients send (Python's xmlrpc.client
// pretty-prints with newlines between elements):
// - untyped <value>text</value> and <string> -> string; <value/> and <value></value> -> "".
// - <int>, <i4>, <i8> -> bigint, OCaml Int64.of_string syntax (parse-int64.ts). Like xapi, <i4> is
//   not range-checked beyond int64.
// - <double> -> number (decimal, nan, inf); <boolean> -> only "0" or "1" (xapi reads anything other
//   than "1" as false; we reject it: a harness must not hide a client sending "true").
// - <dateTime.iso8601> -> Date (xapi's basic form, the ISO extended form; xapi-datetime.ts).
// - <base64> -> the decoded bytes as a UTF-8 string (WireValue has no bytes type; xapi itself turns
//   base64 into a string: ocaml-rpc rpc.ml string_of_rpc). Not UTF-8 -> INVALID_UTF8.
// - <nil/> is rejected (UNEXPECTED_ELEMENT): xapi's datamodel has no null (options are omitted,
//   SEMANTICS.md §2), so a nil can only be a client bug.
// - Duplicate struct member names are rejected (BAD_VALUE): xapi would silently take the first.
import { bodyText } from './body-text.ts';
import { compactMethodCall } from './compact-method-call.ts';
import { resolveLimits } from './decode-limits.ts';
import { parseFloatText, parseInt64 } from './parse-int64.ts';
import { parseXapiDateTime } from './xapi-datetime.ts';
import { WireError } from './wire-error.ts';
import { ShapeTrie } from './struct-shapes.ts';
import type { ShapeNode } from './struct-shapes.ts';
import { XmlReader, isXmlSpace } from './xml-reader.ts';
import type { DecodeLimits } from './decode-limits.ts';
import type { WireValue, XapiResponse } from './value.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true });
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function trimXml(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isXmlSpace(s.charCodeAt(a))) a++;
  while (b > a && isXmlSpace(s.charCodeAt(b - 1))) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

function isBlank(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (!isXmlSpace(s.charCodeAt(i))) return false;
  return true;
}

function setMember(obj: Record<string, WireValue>, key: string, v: WireValue): void {
  // A plain assignment to "__proto__" would replace the prototype instead of adding a member.
  if (key === '__proto__')
    Object.defineProperty(obj, key, { value: v, enumerable: true, writable: true, configurable: true });
  else obj[key] = v;
}

/** Reads one `<value>` element at the current position. */
function readValue(r: XmlReader, depth: number): WireValue {
  r.enterValue(depth);
  if (r.open('value', '<value>')) return '';
  return readValueContent(r, depth);
}

/** The content of a `<value>` element whose start tag was just read, and its end tag. */
function readValueContent(r: XmlReader, depth: number): WireValue {
  const plain = r.plainTextUntil('</value>');
  if (plain !== undefined) return plain;
  const text = r.text();
  // r.p is at '<': either our closing tag (untyped string) or a typed element.
  if (r.s.charCodeAt(r.p + 1) === 47 /* / */) {
    r.close('value', '</value>');
    return text;
  }
  if (!isBlank(text)) r.fail('UNEXPECTED_ELEMENT', 'mixed text and element content in <value>');
  const v = readTyped(r, depth);
  r.close('value', '</value>');
  return v;
}

/**
 * The start tags of the typed values as a compact writer (xapi) sends them, each an interned constant: a
 * `switch` on one compares pointers, where the name openAny() slices is compared character by character.
 */
const COMPACT_TAGS: readonly (readonly string[])[] = (() => {
  const byFirst: string[][] = [];
  for (const name of [
    'struct',
    'string',
    'array',
    'boolean',
    'base64',
    'int',
    'i4',
    'i8',
    'double',
    'dateTime.iso8601',
  ])
    (byFirst[name.charCodeAt(0)] ??= []).push(name);
  return byFirst;
})();

/** Opens a typed value's element written compactly (`<int>`), returning its name; undefined otherwise. */
function openCompact(r: XmlReader): string | undefined {
  const s = r.s;
  const p = r.p;
  const names = COMPACT_TAGS[s.charCodeAt(p + 1)];
  if (names === undefined) return undefined;
  for (const name of names) {
    const q = p + 1 + name.length;
    if (s.charCodeAt(q) === 62 /* > */ && s.startsWith(name, p + 1)) {
      r.p = q + 1;
      r.empty = false;
      return name;
    }
  }
  return undefined;
}

function readTyped(r: XmlReader, depth: number): WireValue {
  const start = r.p;
  const name = openCompact(r) ?? r.openAny();
  switch (name) {
    case 'string':
      return r.scalarText('string', '</string>');
    case 'int':
    case 'i4':
    case 'i8': {
      const t = trimXml(r.scalarText(name, `</${name}>`));
      const v = parseInt64(t);
      if (v === undefined) throw new WireError('BAD_VALUE', `<${name}> '${clip(t)}' is not an int64`, start);
      return v;
    }
    case 'double': {
      const t = trimXml(r.scalarText(name, `</${name}>`));
      const v = parseFloatText(t);
      if (v === undefined) throw new WireError('BAD_VALUE', `<double> '${clip(t)}' is not a number`, start);
      return v;
    }
    case 'boolean': {
      const t = trimXml(r.scalarText(name, `</${name}>`));
      if (t === '1') return true;
      if (t === '0') return false;
      throw new WireError('BAD_VALUE', `<boolean> '${clip(t)}' is neither 0 nor 1`, start);
    }
    case 'dateTime.iso8601': {
      const t = trimXml(r.scalarText(name, `</${name}>`));
      const v = parseXapiDateTime(t);
      if (v === undefined)
        throw new WireError('BAD_VALUE', `<dateTime.iso8601> '${clip(t)}' is not a datetime`, start);
      return v;
    }
    case 'base64':
      return decodeBase64(r.scalarText(name, `</${name}>`), start);
    case 'array':
      return readArray(r, depth);
    case 'struct':
      return readStruct(r, depth);
    case 'nil':
      throw new WireError('UNEXPECTED_ELEMENT', '<nil/> is not a XenAPI value', start);
    default:
      throw new WireError('UNEXPECTED_ELEMENT', `<${clip(name)}> is not an XML-RPC value type`, start);
  }
}

function readArray(r: XmlReader, depth: number): WireValue[] {
  const out: WireValue[] = [];
  if (r.empty) return out;
  if (!r.open('data', '<data>')) {
    while (!r.atClose()) out.push(readValue(r, depth + 1));
    r.close('data', '</data>');
  }
  r.close('array', '</array>');
  return out;
}

/** The struct shapes this thread has read (struct-shapes.ts). */
const SHAPES = new ShapeTrie();

function readStruct(r: XmlReader, depth: number): Record<string, WireValue> {
  const out: Record<string, WireValue> = {};
  if (r.empty) return out;
  const start = r.p;
  const s = r.s;
  let members = 0;
  // Members along a learned shape: `<member>`, optional white space (Python's xmlrpc.client writes a
  // newline there), then the expected `<name>KEY</name>` matched in place. Anything else (another name, a
  // comment, `<member/>`) leaves the position at the member and is read below, the general way.
  let node: ShapeNode = SHAPES.root;
  while (node.names.length > 0) {
    const at = r.p;
    // The compact member (xapi's): `<member><name>KEY</name><value>` in one comparison, then a string
    // value and `</value></member>` in one more.
    const k = node.matchOpening(s, at);
    if (k !== -1) {
      r.p = at + node.openings[k]!.length;
      r.enterValue(depth + 1);
      const plain = r.plainTextUntil('</value></member>');
      if (plain !== undefined) out[node.keys[k]!] = plain;
      else {
        out[node.keys[k]!] = readValueContent(r, depth + 1);
        r.close('member', '</member>');
      }
      members++;
      node = node.next[k]!;
      continue;
    }
    if (r.atClose() || !s.startsWith('<member>', r.p)) break;
    let q = r.p + 8;
    while (isXmlSpace(s.charCodeAt(q))) q++;
    const j = node.match(s, q);
    if (j === -1) break;
    r.p = q + node.names[j]!.length;
    // Never '__proto__' (struct-shapes.ts), so a plain store adds a member.
    out[node.keys[j]!] = readValue(r, depth + 1);
    members++;
    r.close('member', '</member>');
    node = node.next[j]!;
  }
  let fresh: string[] | undefined;
  while (!r.atClose()) {
    if (r.open('member', '<member>')) r.fail('UNEXPECTED_ELEMENT', 'empty <member/>');
    const key = r.open('name', '<name>') ? '' : r.scalarText('name', '</name>');
    setMember(out, key, readValue(r, depth + 1));
    members++;
    (fresh ??= []).push(key);
    r.close('member', '</member>');
  }
  // Duplicates are detected by count (Object.keys is served from V8's enum cache for records of a
  // known shape), which is cheaper than a lookup per member on the hot path. Names along a learned
  // shape are distinct (only checked structs are learned), so a struct read wholly along one is not checked.
  if (fresh !== undefined && members > 1 && Object.keys(out).length !== members) {
    throw new WireError('BAD_VALUE', 'duplicate struct member name', start);
  }
  r.close('struct', '</struct>');
  const end = fresh === undefined ? node : SHAPES.learn(node, fresh);
  if (end !== undefined) SHAPES.templateFor(end, out);
  return out;
}

function decodeBase64(text: string, at: number): string {
  const compact = text.replace(/[ \t\n\r]+/g, '');
  if (!BASE64.test(compact)) throw new WireError('BAD_VALUE', '<base64> is not valid base64', at);
  try {
    return utf8.decode(Buffer.from(compact, 'base64'));
  } catch {
    throw new WireError('INVALID_UTF8', '<base64> content is not valid UTF-8', at);
  }
}

function clip(s: string): string {
  return s.length > 60 ? s.slice(0, 60) + '…' : s;
}

/** Decodes a `<methodCall>` body. */
export function decodeMethodCall(
  body: string | Uint8Array,
  limits?: DecodeLimits,
): { method: string; params: WireValue[] } {
  const lim = resolveLimits(limits);
  // Bytes (what a server reads) of the common compact shape take the fast path (compact-method-call.ts).
  const compact = typeof body === 'string' ? undefined : compactMethodCall(body, lim);
  if (compact !== undefined) return compact;
  const r = new XmlReader(bodyText(body, lim), lim);
  r.prolog();
  if (r.open('methodCall', '<methodCall>')) r.fail('BAD_ENVELOPE', 'empty <methodCall/>');
  const method = r.open('methodName', '<methodName>') ? '' : r.scalarText('methodName', '</methodName>');
  if (method.length === 0) r.fail('BAD_ENVELOPE', 'empty <methodName>');
  const params: WireValue[] = [];
  if (r.peekName() === 'params' && !r.open('params', '<params>')) {
    while (!r.atClose()) {
      if (r.open('param', '<param>')) r.fail('UNEXPECTED_ELEMENT', 'empty <param/>');
      params.push(readValue(r, 1));
      r.close('param', '</param>');
    }
    r.close('params', '</params>');
  }
  r.close('methodCall', '</methodCall>');
  r.end();
  return { method, params };
}

/**
 * Decodes a `<methodResponse>` body into xapi's envelope. A standard XML-RPC `<fault>` (xapi never
 * sends one, SEMANTICS.md §2; other servers and proxies do) becomes a failure with code
 * "XMLRPC_FAULT" and params [faultCode, faultString] as strings. (xapi's own client library maps
 * it to ["fault", code, string] instead: ocaml-rpc xmlrpc.ml response_of_fault.) A `<params>`
 * response that is not a {Status, Value | ErrorDescription} struct is a BAD_ENVELOPE error: the
 * harness checks xapi conformance, so it does not pass a bare value off as a success.
 */
export function decodeResponse(body: string | Uint8Array, limits?: DecodeLimits): XapiResponse {
  const lim = resolveLimits(limits);
  const r = new XmlReader(bodyText(body, lim), lim);
  r.prolog();
  if (r.open('methodResponse', '<methodResponse>')) r.fail('BAD_ENVELOPE', 'empty <methodResponse/>');
  const kind = r.peekName();
  let result: XapiResponse;
  if (kind === 'fault') {
    if (r.open('fault', '<fault>')) r.fail('BAD_ENVELOPE', 'empty <fault/>');
    result = faultOf(readValue(r, 1), r);
    r.close('fault', '</fault>');
  } else {
    if (r.open('params', '<params>') || r.open('param', '<param>'))
      r.fail('BAD_ENVELOPE', 'a response needs exactly one <param>');
    const start = r.p;
    const v = readValue(r, 1);
    r.close('param', '</param>');
    r.close('params', '</params>');
    result = envelopeOf(v, start);
  }
  r.close('methodResponse', '</methodResponse>');
  r.end();
  return result;
}

function isStruct(v: WireValue): v is Record<string, WireValue> {
  return typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date);
}

function envelopeOf(v: WireValue, at: number): XapiResponse {
  if (!isStruct(v))
    throw new WireError('BAD_ENVELOPE', 'the response value is not a {Status, ...} struct', at);
  const status = v['Status'];
  if (status === 'Success' && Object.hasOwn(v, 'Value')) return { ok: true, value: v['Value'] as WireValue };
  if (status === 'Failure') {
    const desc = v['ErrorDescription'];
    if (Array.isArray(desc) && desc.length > 0 && desc.every((x) => typeof x === 'string')) {
      const all = desc as readonly string[];
      return { ok: false, code: all[0] as string, params: all.slice(1) };
    }
    throw new WireError('BAD_ENVELOPE', 'Failure without a non-empty ErrorDescription array of strings', at);
  }
  throw new WireError(
    'BAD_ENVELOPE',
    "the response struct has no Status 'Success' with a Value, nor 'Failure'",
    at,
  );
}

function faultOf(v: WireValue, r: XmlReader): XapiResponse {
  if (isStruct(v)) {
    const code = v['faultCode'];
    const text = v['faultString'];
    if ((typeof code === 'bigint' || typeof code === 'string') && typeof text === 'string') {
      return { ok: false, code: 'XMLRPC_FAULT', params: [code.toString(), text] };
    }
  }
  return r.fail('BAD_ENVELOPE', '<fault> needs a struct with faultCode and faultString');
}

/** Decodes a lone `<value>…</value>` fragment, e.g. a task's `result` field (SEMANTICS.md §5). */
export function decodeValue(fragment: string | Uint8Array, limits?: DecodeLimits): WireValue {
  const lim = resolveLimits(limits);
  const r = new XmlReader(bodyText(fragment, lim), lim);
  r.prolog();
  const v = readValue(r, 1);
  r.end();
  return v;
}
