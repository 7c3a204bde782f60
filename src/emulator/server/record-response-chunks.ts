// Success responses of get_record / get_all_records assembled from byte chunks: the protocol's
// envelope around the records' cached member encodings (dispatch/encode-result.ts). The bytes are
// exactly those of the text encoding (encodeSuccessFragment / encodeJsonSuccessFragment around
// encodeResultXml / encodeResultJson); test/emulator/record-cache.test.ts checks that.
import type { JsonRpcId, JsonRpcVersion } from '../../wire/index.ts';
import { recordMemberJson, recordMemberXml, recordResponseXml } from '../dispatch/encode-result.ts';
import { RecordResult, type RecordMapResult } from '../registry/result-values.ts';
import type { EmuSchema } from '../schema/schema-view.ts';
import {
  jsonSuccessEnvelope,
  XML_SUCCESS_HEAD,
  XML_SUCCESS_HEAD_TEXT,
  XML_SUCCESS_TAIL,
  XML_SUCCESS_TAIL_TEXT,
} from './envelope-bytes.ts';

const XML_MAP_HEAD = Buffer.from(XML_SUCCESS_HEAD_TEXT + '<value><struct>', 'utf8');
const XML_MAP_TAIL = Buffer.from('</struct></value>' + XML_SUCCESS_TAIL_TEXT, 'utf8');

/** The XML-RPC success response of a record, in one cached buffer. */
export function xmlRecordResponse(schema: EmuSchema, r: RecordResult): Buffer {
  return recordResponseXml(schema, r.obj, XML_SUCCESS_HEAD, XML_SUCCESS_TAIL);
}

/** The XML-RPC success response of a record or a ref → record map. */
export function xmlRecordChunks(schema: EmuSchema, r: RecordResult | RecordMapResult): Buffer[] {
  if (r instanceof RecordResult) return [xmlRecordResponse(schema, r)];
  const out: Buffer[] = new Array<Buffer>(r.objs.length + 2);
  out[0] = XML_MAP_HEAD;
  let i = 1;
  for (const o of r.objs) out[i++] = recordMemberXml(schema, o).bytes;
  out[i] = XML_MAP_TAIL;
  return out;
}

const EMPTY_MAP = Buffer.from('{}', 'utf8');
const MAP_OPEN = '{';
const MAP_CLOSE = '}';

/** The JSON-RPC success response (v1 or v2, with the caller's id) of a ref → record map. */
export function jsonRecordMapChunks(
  schema: EmuSchema,
  version: JsonRpcVersion,
  id: JsonRpcId,
  r: RecordMapResult,
): Buffer[] {
  const [head, tail] = jsonSuccessEnvelope(version, id);
  if (r.objs.length === 0) return [Buffer.from(head, 'utf8'), EMPTY_MAP, Buffer.from(tail, 'utf8')];
  const out: Buffer[] = new Array<Buffer>(r.objs.length + 2);
  out[0] = Buffer.from(head + MAP_OPEN, 'utf8');
  let i = 1;
  for (const o of r.objs) {
    const bytes = recordMemberJson(schema, o).bytes;
    // Members carry a leading comma; the first one is sent without it.
    out[i] = i === 1 ? bytes.subarray(1) : bytes;
    i++;
  }
  out[i] = Buffer.from(MAP_CLOSE + tail, 'utf8');
  return out;
}
