// The disk spec of VM.provision (other_config "disks"), parsed as xapi parses it: xen-api
// ocaml/xapi/xapi_templates.ml `get_template_record` hands the text to an XML parser (xml-light's
// Xml.parse_string) and `disks_of_xml` / `disk_of_xml` read the tree. So whatever XML accepts, xapi
// accepts: an XML declaration (<?xml version="1.0" ?>), comments, tabs and newlines between elements,
// attributes in any order and either quote, entities in values; the SDK's xenserver-samples
// provision.py writes such specs. xapi then rejects, with Parse_failure:
// - a root other than <provision>, or one with attributes;
// - a child other than an empty <disk/> element (text, or a <disk> with children);
// - a <disk> without device, size, sr or bootable, or whose size is no Int64 literal.
// bootable is true only as "true"; a missing or unknown type is "system".
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { fail } from '../dispatch/xapi-error.ts';

export interface DiskSpec {
  readonly device: string;
  readonly size: number;
  readonly sr: string;
  readonly bootable: boolean;
  readonly type: string;
}

const VDI_TYPES: readonly string[] = ['system', 'user', 'ephemeral', 'suspend', 'crashdump'];
const ATTRS = ':@';

/** exnHelper.ml: an OCaml exception with no API mapping is INTERNAL_ERROR [Printexc.to_string e]. */
function parseFailure(): never {
  fail('INTERNAL_ERROR', 'Xapi_templates.Parse_failure');
}

type Node = Readonly<Record<string, unknown>>;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  processEntities: true,
});

/** OCaml's Int64.of_string: decimal, 0x/0o/0b literals, "_" separators, an optional sign. */
function int64(text: string): number | undefined {
  const m = /^([-+]?)(0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|[0-9][0-9_]*)$/.exec(text);
  if (m === null) return undefined;
  const digits = m[2]!.replace(/_/g, '');
  const big = BigInt(digits) * (m[1] === '-' ? -1n : 1n);
  if (big > 9223372036854775807n || big < -9223372036854775808n) return undefined;
  return Number(big);
}

function tagOf(node: Node): string | undefined {
  return Object.keys(node).find((k) => k !== ATTRS);
}

function attrsOf(node: Node): Readonly<Record<string, string>> {
  const a = node[ATTRS];
  return typeof a === 'object' && a !== null ? (a as Record<string, string>) : {};
}

function diskOf(node: Node): DiskSpec {
  if (tagOf(node) !== 'disk') parseFailure();
  const children = node['disk'];
  if (Array.isArray(children) && children.length > 0) parseFailure();
  const a = attrsOf(node);
  const { device, size, sr, bootable } = a;
  if (device === undefined || size === undefined || sr === undefined || bootable === undefined)
    parseFailure();
  const bytes = int64(size);
  if (bytes === undefined) parseFailure();
  const type = a['type'];
  return {
    device,
    size: bytes,
    sr,
    bootable: bootable === 'true',
    type: type !== undefined && VDI_TYPES.includes(type) ? type : 'system',
  };
}

/**
 * The disks of a spec. Malformed XML is an XML parser error (xml-light's Xml.Error), a well-formed
 * document of the wrong shape is Xapi_templates.Parse_failure: both INTERNAL_ERROR.
 */
export function parseProvisionXml(xml: string): DiskSpec[] {
  const valid = XMLValidator.validate(xml);
  // DEVIATION: the message text of an XML syntax error is xml-light's in xapi; the code is the same.
  if (valid !== true) fail('INTERNAL_ERROR', `Xml.Error(${valid.err.msg})`);
  const doc = parser.parse(xml) as Node[];
  const roots = doc.filter((n) => tagOf(n) !== '#comment');
  if (roots.length !== 1) parseFailure();
  const root = roots[0]!;
  if (tagOf(root) !== 'provision' || Object.keys(attrsOf(root)).length > 0) parseFailure();
  const children = root['provision'];
  return (Array.isArray(children) ? (children as Node[]) : []).map(diskOf);
}
