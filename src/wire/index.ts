// Public names of the wire codecs (docs/DEVELOPMENT.md, Public entry points).
//
// Decisions a user of this folder should know (details and sources in each file):
// - XML-RPC output follows xapi byte for byte where it can (compact, untyped strings, %.16g doubles,
//   YYYYMMDDTHH:MM:SSZ dates, <i4> for int32 bigints, <i8> beyond; xapi itself sends ints as strings,
//   which marshal.ts toWire produces). DEVIATIONs: CR is sent as &#13; (xapi sends it raw and XML
//   parsers turn it into LF); struct member names are escaped (xapi writes them raw).
// - Characters XML 1.0 cannot carry (C0 controls but TAB/LF/CR, U+FFFE/U+FFFF) are dropped, as xapi
//   drops them; a lone UTF-16 surrogate becomes U+FFFD.
// - Decoding is strict: typed WireError codes, limits on size (300 KiB default), depth (64) and value
//   count; no DTD; <nil/> rejected; <base64> -> UTF-8 string; booleans only 0/1; duplicate struct
//   members rejected; a <fault> reads as failure XMLRPC_FAULT [faultCode, faultString].
// - JSON-RPC: integer literals decode to bigint (exact int64), others to number; floats are written
//   with a '.' or exponent; NaN/Infinity literals like xapi's Yojson; dates as xapi datetime strings;
//   null only in envelope fields; a null result reads as "" (void).
export type { WireValue, WireStruct, XapiResponse } from './value.ts';
export { WireError, isWireError } from './wire-error.ts';
export type { WireErrorCode } from './wire-error.ts';
export type { DecodeLimits } from './decode-limits.ts';
export { encodeValue, encodeMethodCall, encodeResponse, encodeSuccessFragment } from './xml-encode.ts';
export { decodeMethodCall, decodeResponse, decodeValue } from './xml-decode.ts';
export { escapeXml } from './xml-escape.ts';
export { formatDouble } from './format-double.ts';
export { formatXapiDateTime, parseXapiDateTime } from './xapi-datetime.ts';
export { parseFloatText } from './parse-int64.ts';
export {
  encodeJsonValue,
  encodeJsonId,
  encodeJsonRequest,
  encodeJsonResponse,
  encodeJsonSuccessFragment,
} from './json-encode.ts';
export type { JsonRpcVersion, JsonRpcId } from './json-encode.ts';
export { decodeJsonRequest, decodeJsonResponse } from './json-decode.ts';
export { toWire, fromWire } from './marshal.ts';
export type { Protocol, MarshalOptions, RecordField } from './marshal.ts';
export { MarshalError } from './marshal-error.ts';
