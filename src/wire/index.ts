// Public names of the wire codecs (docs/DEVELOPMENT.md, Public entry points).
export type { WireValue, WireStruct, XapiResponse } from './value.ts';
export { WireError, isWireError } from './wire-error.ts';
export type { WireErrorCode } from './wire-error.ts';
export { DEFAULT_LIMITS } from './decode-limits.ts';
export type { DecodeLimits } from './decode-limits.ts';
export { encodeValue, encodeMethodCall, encodeResponse, encodeSuccessFragment } from './xml-encode.ts';
export { decodeMethodCall, decodeResponse, decodeValue } from './xml-decode.ts';
export { escapeXml } from './xml-escape.ts';
export { formatDouble } from './format-double.ts';
export { formatXapiDateTime, parseXapiDateTime } from './xapi-datetime.ts';
export { parseInt64, parseFloatText } from './parse-int64.ts';
export {
  encodeJsonValue,
  encodeJsonRequest,
  encodeJsonResponse,
  encodeJsonSuccessFragment,
} from './json-encode.ts';
export type { JsonRpcVersion, JsonRpcId } from './json-encode.ts';
export { decodeJsonRequest, decodeJsonResponse } from './json-decode.ts';
export type { JsonRpcRequest } from './json-decode.ts';
export { toWire, fromWire } from './marshal.ts';
export type {
  Protocol,
  MarshalOptions,
  RecordField,
  RecordFieldsResolver,
  EnumValuesResolver,
} from './marshal.ts';
export { MarshalError } from './marshal-error.ts';
export { typeText } from './type-text.ts';
