// Bad and hostile input: every case must end in a typed WireError (never a crash, a hang or a
// different exception type) without hanging.
import { describe, expect, it } from 'vitest';
import {
  WireError,
  decodeJsonRequest,
  decodeJsonResponse,
  decodeMethodCall,
  decodeResponse,
  decodeValue,
  encodeMethodCall,
} from '../../src/wire/index.ts';
import type { WireErrorCode } from '../../src/wire/index.ts';

/**
 * A bound that tells a hang or a super-linear blow-up (a quadratic scan of these 250 k-character inputs
 * takes minutes) from a linear rejection, with a margin a loaded 2-core CI survives. Speed itself is
 * measured in bench/codec.bench.ts, never asserted here.
 */
const HANG_MS = 5_000;

function failsWith(code: WireErrorCode, f: () => unknown): void {
  const t0 = performance.now();
  let caught: unknown;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  const ms = performance.now() - t0;
  expect(caught, 'expected a WireError').toBeInstanceOf(WireError);
  expect((caught as WireError).code).toBe(code);
  expect(ms).toBeLessThan(HANG_MS);
}

const call = (inner: string): string =>
  `<?xml version="1.0"?><methodCall><methodName>VM.start</methodName><params><param>${inner}</param></params></methodCall>`;
const resp = (inner: string): string =>
  `<methodResponse><params><param>${inner}</param></params></methodResponse>`;

describe('malformed XML', () => {
  // Whole bodies that are not a well-formed call.
  const bodies: [string, WireErrorCode, string][] = [
    ['empty body', 'MALFORMED_XML', ''],
    ['not XML', 'MALFORMED_XML', 'hello'],
    ['unclosed methodCall', 'MALFORMED_XML', '<methodCall><methodName>x</methodName><params></params>'],
    ['trailing garbage', 'MALFORMED_XML', call('<value>1</value>') + '<x/>'],
    ['empty methodName', 'BAD_ENVELOPE', '<methodCall><methodName></methodName></methodCall>'],
    ['no methodName', 'UNEXPECTED_ELEMENT', '<methodCall><params></params></methodCall>'],
  ];
  // What stands inside the one <param> of a VM.start call, by the error it must give.
  const params: Partial<Record<WireErrorCode, [string, string][]>> = {
    UNEXPECTED_ELEMENT: [
      ['unclosed value', '<value>abc'],
      ['unclosed string', '<value><string>abc</value>'],
      ['wrong nesting', '<value><array><data></array></data></value>'],
      ['mismatched close', '<value><struct></array></value>'],
      ['unknown value type', '<value><float>1</float></value>'],
      ['nil', '<value><nil/></value>'],
      ['param without value', '<struct></struct>'],
      ['member without name', '<value><struct><member><value>1</value></member></struct></value>'],
      ['mixed content', '<value>abc<string>x</string></value>'],
    ],
    MALFORMED_XML: [
      ['attributes', '<value type="x">1</value>'],
      ['bare ampersand', '<value>a & b</value>'],
      ['unknown entity', '<value>&nbsp;</value>'],
      ['entity to NUL', '<value>&#0;</value>'],
      ['entity to a surrogate', '<value>&#xD800;</value>'],
      ['entity beyond Unicode', '<value>&#x110000;</value>'],
      ['raw control character', '<value>a\u0001b</value>'],
      ['unterminated comment', '<value><!-- x</value>'],
      ['unterminated CDATA', '<value><![CDATA[x</value>'],
    ],
    BAD_VALUE: [
      [
        'duplicate member',
        '<value><struct><member><name>a</name><value>1</value></member><member><name>a</name><value>2</value></member></struct></value>',
      ],
    ],
  };
  const cases = [
    ...bodies,
    ...Object.entries(params).flatMap(([code, rows]) =>
      rows.map(([name, param]) => [name, code as WireErrorCode, call(param)] as const),
    ),
  ];
  for (const [name, code, body] of cases) {
    it(`${name} -> ${code}`, () => failsWith(code, () => decodeMethodCall(body)));
  }
});

describe('bad scalar values', () => {
  const cases: [string, string][] = [
    ['boolean true', '<boolean>true</boolean>'],
    ['boolean 2', '<boolean>2</boolean>'],
    ['empty int', '<int></int>'],
    ['int with fraction', '<i4>1.5</i4>'],
    ['int beyond int64', '<i8>9223372036854775808</i8>'],
    ['double text', '<double>one</double>'],
    ['double hex', '<double>0x10</double>'],
    ['bad date', '<dateTime.iso8601>2025-13-01T00:00:00Z</dateTime.iso8601>'],
    ['31 February', '<dateTime.iso8601>20250231T00:00:00Z</dateTime.iso8601>'],
    ['date text', '<dateTime.iso8601>yesterday</dateTime.iso8601>'],
    ['bad base64', '<base64>***</base64>'],
  ];
  for (const [name, inner] of cases) {
    it(`${name} -> BAD_VALUE`, () => failsWith('BAD_VALUE', () => decodeValue(`<value>${inner}</value>`)));
  }
  it('base64 of invalid UTF-8 -> INVALID_UTF8', () =>
    failsWith('INVALID_UTF8', () => decodeValue('<value><base64>/w==</base64></value>')));
});

describe('resource limits', () => {
  it('a 1 MB <array><data> depth bomb -> TOO_DEEP quickly', () => {
    const bomb = call('<value><array><data>'.repeat(50_000));
    expect(bomb.length).toBeGreaterThan(1_000_000);
    failsWith('TOO_DEEP', () => decodeMethodCall(bomb, { maxBytes: 2_000_000 }));
  });

  it('a struct depth bomb -> TOO_DEEP', () => {
    const bomb = call('<value><struct><member><name>a</name>'.repeat(1000));
    failsWith('TOO_DEEP', () => decodeMethodCall(bomb));
  });

  it('a body over the default 300 KiB -> TOO_LARGE before parsing, as string or bytes', () => {
    const big = call(`<value>${'x'.repeat(310 * 1024)}</value>`);
    failsWith('TOO_LARGE', () => decodeMethodCall(big));
    failsWith('TOO_LARGE', () => decodeMethodCall(new TextEncoder().encode(big)));
    expect(decodeMethodCall(big, { maxBytes: 1 << 20 }).params[0]).toHaveLength(310 * 1024);
  });

  it('too many values -> TOO_MANY_VALUES', () => {
    const many = call(`<value><array><data>${'<value>1</value>'.repeat(2000)}</data></array></value>`);
    failsWith('TOO_MANY_VALUES', () => decodeMethodCall(many, { maxValues: 1000 }));
  });

  it('billion laughs: no DTD, so no entity is ever expanded', () => {
    const lol =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>' +
      '<methodCall><methodName>&lol2;</methodName></methodCall>';
    failsWith('MALFORMED_XML', () => decodeMethodCall(lol));
    // Without the DOCTYPE, a user-defined entity is simply unknown.
    failsWith('MALFORMED_XML', () =>
      decodeMethodCall('<methodCall><methodName>&lol2;</methodName></methodCall>'),
    );
  });

  it('pathological inputs stay linear: long digit runs, many ampersands, unterminated tags', () => {
    const digits = '1'.repeat(250_000);
    failsWith('BAD_VALUE', () => decodeValue(`<value><double>${digits}x</double></value>`));
    failsWith('BAD_VALUE', () =>
      decodeValue(`<value><dateTime.iso8601>${digits}</dateTime.iso8601></value>`),
    );
    failsWith('MALFORMED_XML', () => decodeValue(`<value>${'&'.repeat(250_000)}</value>`));
    failsWith('MALFORMED_XML', () => decodeValue(`<value>${'<'.repeat(250_000)}`));
    failsWith('MALFORMED_XML', () => decodeValue(`<value>${'<!--'.repeat(70_000)}`));
  });
});

describe('encodings', () => {
  it('invalid UTF-8 bytes -> INVALID_UTF8 (the emulator answers INVALID_VALUE)', () => {
    const good = new TextEncoder().encode(call('<value>é</value>'));
    const bad = new Uint8Array([...good.slice(0, 80), 0xc3, 0x28, ...good.slice(80)]);
    failsWith('INVALID_UTF8', () => decodeMethodCall(bad));
    failsWith('INVALID_UTF8', () => decodeJsonRequest(new Uint8Array([0x7b, 0xff, 0x7d])));
  });

  it('a string body with a lone surrogate -> INVALID_UTF8', () => {
    failsWith('INVALID_UTF8', () => decodeMethodCall(call('<value>\ud800</value>')));
  });

  it('valid UTF-8 bytes with a BOM decode', () => {
    const bytes = new TextEncoder().encode('\ufeff' + encodeMethodCall('VM.start', ['é😀']));
    expect(decodeMethodCall(bytes).params).toEqual(['é😀']);
  });
});

describe('envelopes', () => {
  it('a response that is not {Status, ...} -> BAD_ENVELOPE', () => {
    failsWith('BAD_ENVELOPE', () => decodeResponse(resp('<value>plain</value>')));
    failsWith('BAD_ENVELOPE', () =>
      decodeResponse(
        resp('<value><struct><member><name>Status</name><value>Success</value></member></struct></value>'),
      ),
    );
    failsWith('BAD_ENVELOPE', () =>
      decodeResponse(
        resp(
          '<value><struct><member><name>Status</name><value>Failure</value></member><member><name>ErrorDescription</name><value><array><data></data></array></value></member></struct></value>',
        ),
      ),
    );
  });

  it('a fault without faultCode/faultString -> BAD_ENVELOPE', () => {
    failsWith('BAD_ENVELOPE', () =>
      decodeResponse('<methodResponse><fault><value>x</value></fault></methodResponse>'),
    );
  });

  it('two params in a response -> UNEXPECTED_ELEMENT', () => {
    failsWith('UNEXPECTED_ELEMENT', () =>
      decodeResponse(
        '<methodResponse><params><param><value>a</value></param><param><value>b</value></param></params></methodResponse>',
      ),
    );
  });
});

describe('JSON-RPC', () => {
  const req: [string, WireErrorCode, string][] = [
    ['garbage', 'MALFORMED_JSON', 'not json'],
    ['empty', 'MALFORMED_JSON', ''],
    ['top-level array', 'MALFORMED_JSON', '[1,2]'],
    ['truncated', 'MALFORMED_JSON', '{"method":"x","params":[1,'],
    ['trailing comma', 'MALFORMED_JSON', '{"method":"x","params":[1,],"id":1}'],
    ['single quotes', 'MALFORMED_JSON', "{'method':'x'}"],
    ['leading zero', 'MALFORMED_JSON', '{"method":"x","params":[01],"id":1}'],
    ['raw newline in string', 'MALFORMED_JSON', '{"method":"x\n","params":[],"id":1}'],
    ['bad escape', 'MALFORMED_JSON', '{"method":"\\x","params":[],"id":1}'],
    ['trailing content', 'MALFORMED_JSON', '{"method":"x","params":[],"id":1} {}'],
    ['no id (notification)', 'BAD_ENVELOPE', '{"method":"x","params":[]}'],
    ['null id', 'BAD_ENVELOPE', '{"method":"x","params":[],"id":null}'],
    ['float id', 'BAD_ENVELOPE', '{"method":"x","params":[],"id":1.5}'],
    ['no method', 'BAD_ENVELOPE', '{"params":[],"id":1}'],
    ['v1 without params', 'BAD_ENVELOPE', '{"method":"x","id":1}'],
    ['v1 object params', 'BAD_ENVELOPE', '{"method":"x","params":{},"id":1}'],
    ['wrong jsonrpc version', 'BAD_ENVELOPE', '{"jsonrpc":"3.0","method":"x","params":[],"id":1}'],
    ['null inside params', 'BAD_VALUE', '{"method":"x","params":[null],"id":1}'],
    ['int beyond int64', 'BAD_VALUE', '{"method":"x","params":[9223372036854775808],"id":1}'],
    ['duplicate key', 'BAD_VALUE', '{"method":"x","method":"y","params":[],"id":1}'],
  ];
  for (const [name, code, body] of req) {
    it(`request: ${name} -> ${code}`, () => failsWith(code, () => decodeJsonRequest(body)));
  }

  it('v2 params: omitted, null, object (one struct param)', () => {
    expect(decodeJsonRequest('{"jsonrpc":"2.0","method":"x","id":1}').params).toEqual([]);
    expect(decodeJsonRequest('{"jsonrpc":"2.0","method":"x","params":null,"id":1}').params).toEqual([]);
    expect(decodeJsonRequest('{"jsonrpc":"2.0","method":"x","params":{"a":1},"id":1}').params).toEqual([
      { a: 1n },
    ]);
  });

  it('depth bomb and size limit', () => {
    failsWith('TOO_DEEP', () =>
      decodeJsonRequest(`{"method":"x","params":${'['.repeat(200_000)}`, { maxBytes: 1 << 20 }),
    );
    failsWith('TOO_DEEP', () =>
      decodeJsonRequest(`{"method":"x","params":[${'{"a":'.repeat(100_000)}`, { maxBytes: 1 << 20 }),
    );
    failsWith('TOO_LARGE', () => decodeJsonRequest(' '.repeat(400 * 1024)));
  });

  const res: [string, string][] = [
    ['v1 without error member', '{"result":1,"id":1}'],
    ['v1 both set', '{"result":"a","error":["E"],"id":1}'],
    ['v1 error not a list', '{"result":null,"error":"E","id":1}'],
    ['v1 empty error list', '{"result":null,"error":[],"id":1}'],
    ['v2 both', '{"jsonrpc":"2.0","result":1,"error":{"code":1,"message":"E"},"id":1}'],
    ['v2 neither', '{"jsonrpc":"2.0","id":1}'],
    ['v2 error without message', '{"jsonrpc":"2.0","error":{"code":1},"id":1}'],
    ['v2 data not strings', '{"jsonrpc":"2.0","error":{"code":1,"message":"E","data":[1]},"id":1}'],
    ['no id', '{"result":"x","error":null}'],
  ];
  for (const [name, body] of res) {
    it(`response: ${name} -> BAD_ENVELOPE`, () => failsWith('BAD_ENVELOPE', () => decodeJsonResponse(body)));
  }
});

describe('regressions', () => {
  it('a self-closing element does not leak its emptiness into the next text element', () => {
    const body = call(
      '<value><struct><member><name/><value><struct/></value></member><member><name> </name><value><string/></value></member></struct></value>',
    );
    expect(decodeMethodCall(body).params).toEqual([{ '': {}, ' ': '' }]);
  });
});

describe('huge numbers are refused before any quadratic parse', () => {
  it('a 1M-digit integer in XML and in JSON', () => {
    const digits = '7'.repeat(1_000_000);
    failsWith('BAD_VALUE', () => decodeValue(`<value><i8>${digits}</i8></value>`, { maxBytes: 2_000_000 }));
    failsWith('BAD_VALUE', () =>
      decodeJsonRequest(`{"method":"x","params":[${digits}],"id":1}`, { maxBytes: 2_000_000 }),
    );
  });

  it('leading zeros are fine in XML ints (OCaml Int64.of_string accepts them)', () => {
    expect(decodeValue(`<value><int>${'0'.repeat(1000)}42</int></value>`)).toBe(42n);
    expect(decodeValue(`<value><int>-0x${'0'.repeat(100)}ff</int></value>`)).toBe(-255n);
  });
});
