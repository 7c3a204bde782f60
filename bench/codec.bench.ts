// Codec throughput: decode and encode ops/s for a VM.start methodCall and a full VM record
// response (92 fields, ~10 KB, test/fixtures/wire/vm-record.ts), ours against the `xmlrpc` npm
// package (the baseline) and fast-xml-parser, all measured interleaved in this run. Targets (issue 2,
// "Speed"): ≥20× the xmlrpc package at decoding, ≥10× at encoding.
// fast-xml-parser is a generic XML parser: its decode yields an element tree without XML-RPC typing
// (less work than a codec does); its encode includes building that tree from the value.
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import {
  decodeJsonRequest,
  decodeJsonResponse,
  decodeMethodCall,
  decodeResponse,
  encodeJsonRequest,
  encodeJsonResponse,
  encodeMethodCall,
  encodeResponse,
  encodeSuccessFragment,
  encodeValue,
} from '../src/wire/index.ts';
import type { WireValue } from '../src/wire/index.ts';
import { parseWireName } from '../src/xapi/index.ts';
import { VM_RECORD } from '../test/fixtures/wire/vm-record.ts';
import {
  measureOps,
  npmDecodeMethodCall,
  npmDecodeResponse,
  npmEncodeMethodCall,
  npmEncodeResponse,
  printTable,
} from './lib/index.ts';
import type { Candidate } from './lib/index.ts';

const SESSION = 'OpaqueRef:1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
const VM = 'OpaqueRef:7d3b1b2c-6a4e-4f43-9e0e-1f5b9b0c2a11';
const START_PARAMS: WireValue[] = [SESSION, VM, false, true];

const fxpParser = new XMLParser({ ignoreDeclaration: true, parseTagValue: false, processEntities: true });
const fxpBuilder = new XMLBuilder({ suppressEmptyNode: false });

/** The element tree fast-xml-parser's builder needs for an XML-RPC value. */
function fxpTree(v: WireValue): unknown {
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return { boolean: v ? 1 : 0 };
  if (typeof v === 'bigint') return { i8: v.toString() };
  if (typeof v === 'number') return { double: String(v) };
  if (v instanceof Date) return { 'dateTime.iso8601': v.toISOString() };
  if (Array.isArray(v)) return { array: { data: { value: (v as readonly WireValue[]).map(fxpTree) } } };
  return {
    struct: {
      member: Object.keys(v).map((k) => ({
        name: k,
        value: fxpTree((v as Record<string, WireValue>)[k] as WireValue),
      })),
    },
  };
}

function fxpEncodeCall(method: string, params: readonly WireValue[]): string {
  return fxpBuilder.build({
    methodCall: { methodName: method, params: { param: params.map((p) => ({ value: fxpTree(p) })) } },
  });
}

function fxpEncodeResponse(v: WireValue): string {
  return fxpBuilder.build({
    methodResponse: { params: { param: { value: fxpTree({ Status: 'Success', Value: v }) } } },
  });
}

/**
 * Encoders are timed up to the bytes a server writes: V8 builds concatenations as ropes, and timing
 * only the rope would hide the flattening every consumer pays when it sends the body.
 */
function utf8(s: string): Buffer {
  return Buffer.from(s, 'utf8');
}

/** npm xmlrpc has no bigint: give it what its users would (numbers); the record has none anyway. */
const NPM_PARAMS: unknown[] = START_PARAMS;

function section(
  title: string,
  candidates: Candidate[],
  targets: Record<string, number>,
): Record<string, number> {
  return printTable(measureOps(candidates), { title, baseline: 'xmlrpc (npm)', targets });
}

export function bench(): Promise<void> {
  const callXml = encodeMethodCall('VM.start', START_PARAMS);
  const recordXml = encodeResponse({ ok: true, value: VM_RECORD });
  const recordBytes = new TextEncoder().encode(recordXml);
  const recordFragment = encodeValue(VM_RECORD);
  const callJson = encodeJsonRequest('2.0', 1, 'VM.start', START_PARAMS);
  const recordJson = encodeJsonResponse('2.0', 1, { ok: true, value: VM_RECORD });
  // Sanity: every candidate reads each payload (a benchmark of a failing parser is meaningless).
  npmDecodeMethodCall(callXml);
  npmDecodeResponse(recordXml);
  decodeResponse(fxpEncodeResponse(VM_RECORD));
  process.stdout.write(
    `payloads: methodCall VM.start ${callXml.length} B; VM record response ${recordXml.length} B ` +
      `(${Object.keys(VM_RECORD).length} fields); JSON-RPC record response ${recordJson.length} B\n`,
  );

  const ratios: Record<string, number> = {};
  const take = (prefix: string, r: Record<string, number>): void => {
    for (const [k, v] of Object.entries(r)) ratios[`${prefix} ${k}`] = v;
  };

  take(
    'decode call',
    section(
      'decode: methodCall VM.start',
      [
        { name: 'xmlrpc (npm)', fn: () => npmDecodeMethodCall(callXml) },
        { name: 'fast-xml-parser', fn: () => fxpParser.parse(callXml) as unknown },
        { name: 'ours', fn: () => decodeMethodCall(callXml) },
      ],
      { ours: 20 },
    ),
  );
  take(
    'decode record',
    section(
      'decode: VM record response',
      [
        { name: 'xmlrpc (npm)', fn: () => npmDecodeResponse(recordXml) },
        { name: 'fast-xml-parser', fn: () => fxpParser.parse(recordXml) as unknown },
        { name: 'ours', fn: () => decodeResponse(recordXml) },
        { name: 'ours (UTF-8 bytes)', fn: () => decodeResponse(recordBytes) },
      ],
      { ours: 20 },
    ),
  );
  take(
    'encode call',
    section(
      'encode to UTF-8 bytes: methodCall VM.start',
      [
        { name: 'xmlrpc (npm)', fn: () => utf8(npmEncodeMethodCall('VM.start', NPM_PARAMS)) },
        { name: 'fast-xml-parser', fn: () => utf8(fxpEncodeCall('VM.start', START_PARAMS)) },
        { name: 'ours', fn: () => utf8(encodeMethodCall('VM.start', START_PARAMS)) },
      ],
      { ours: 10 },
    ),
  );
  take(
    'encode record',
    section(
      'encode to UTF-8 bytes: VM record response',
      [
        { name: 'xmlrpc (npm)', fn: () => utf8(npmEncodeResponse({ Status: 'Success', Value: VM_RECORD })) },
        { name: 'fast-xml-parser', fn: () => utf8(fxpEncodeResponse(VM_RECORD)) },
        { name: 'ours', fn: () => utf8(encodeResponse({ ok: true, value: VM_RECORD })) },
        { name: 'ours (cached fragment)', fn: () => utf8(encodeSuccessFragment(recordFragment)) },
      ],
      { ours: 10 },
    ),
  );

  // JSON-RPC: the baseline here is the engine's native JSON (which cannot carry int64 exactly).
  printTable(
    measureOps([
      { name: 'JSON.parse', fn: () => JSON.parse(recordJson) as unknown },
      { name: 'ours decodeJsonResponse', fn: () => decodeJsonResponse(recordJson) },
      { name: 'ours decodeJsonRequest', fn: () => decodeJsonRequest(callJson) },
    ]),
    { title: 'JSON-RPC decode: VM record response (vs native JSON.parse)', baseline: 'JSON.parse' },
  );
  printTable(
    measureOps([
      {
        name: 'JSON.stringify',
        fn: () => utf8(JSON.stringify({ jsonrpc: '2.0', result: VM_RECORD, id: 1 })),
      },
      {
        name: 'ours encodeJsonResponse',
        fn: () => utf8(encodeJsonResponse('2.0', 1, { ok: true, value: VM_RECORD })),
      },
    ]),
    { title: 'JSON-RPC encode: VM record response (vs native JSON.stringify)', baseline: 'JSON.stringify' },
  );

  // The dispatcher resolves every call's wire name (moved here from a 5 µs assertion in
  // test/xapi/schema.test.ts: speed is measured in the bench, never asserted in a test). The baseline is
  // decoding the call itself, which every dispatch does anyway: the lookup should cost a small fraction.
  const wireNames = [
    'VM.start',
    'VM_get_record',
    'session.login_with_password',
    'Async.VM.clone',
    'host.get_all',
  ];
  let w = 0;
  printTable(
    measureOps([
      { name: 'decodeMethodCall VM.start', fn: () => decodeMethodCall(callXml) },
      { name: 'parseWireName', fn: () => parseWireName(wireNames[w++ % wireNames.length] ?? '') },
    ]),
    { title: 'wire name lookup (vs decoding the call)', baseline: 'decodeMethodCall VM.start' },
  );

  process.stdout.write('\nsummary (ours vs xmlrpc npm, same run):\n');
  for (const k of ['decode call ours', 'decode record ours', 'encode call ours', 'encode record ours']) {
    process.stdout.write(`  ${k.replace(' ours', '').padEnd(14)} ${(ratios[k] ?? NaN).toFixed(1)}×\n`);
  }
  return Promise.resolve();
}
