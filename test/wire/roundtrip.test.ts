// Round-trip properties: decode(encode(v)) = v for arbitrary wire values, over both protocols and
// both envelopes (methodCall, methodResponse). Doubles go through xapi's lossy "%.16g" in XML-RPC,
// so the expectation rounds them the same way (format-double.ts; cross-checked against Python's
// '%.16g' in python-xmlrpc.test.ts). JSON-RPC carries doubles exactly; Dates become xapi datetime
// strings in JSON (SEMANTICS.md §8 Types).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeJsonRequest,
  decodeJsonResponse,
  decodeMethodCall,
  decodeResponse,
  decodeValue,
  encodeJsonRequest,
  encodeJsonResponse,
  encodeMethodCall,
  encodeResponse,
  encodeValue,
  formatDouble,
  formatXapiDateTime,
} from '../../src/wire/index.ts';
import type { WireValue } from '../../src/wire/index.ts';
import { arbitraryWireString, arbitraryWireValue } from '../../generators/values.ts';
import { mapLeaves } from './map-leaves.ts';

const RUNS = { numRuns: 300 };

/** What XML-RPC gives back for v: doubles rounded to 16 significant digits. */
function viaXml(v: WireValue): WireValue {
  return mapLeaves(v, (x) =>
    typeof x !== 'number' ? x : Number.isNaN(x) ? NaN : Number(formatDouble(x).replace('inf', 'Infinity')),
  );
}

/** What JSON-RPC gives back for v: Dates as xapi datetime strings. */
function viaJson(v: WireValue): WireValue {
  return mapLeaves(v, (x) => (x instanceof Date ? formatXapiDateTime(x) : x));
}

describe('XML-RPC round trip', () => {
  it('methodResponse: decodeResponse(encodeResponse(v)) = v', () => {
    fc.assert(
      fc.property(arbitraryWireValue(), (v) => {
        expect(decodeResponse(encodeResponse({ ok: true, value: v }))).toEqual({
          ok: true,
          value: viaXml(v),
        });
      }),
      RUNS,
    );
  });

  it('methodCall: decodeMethodCall(encodeMethodCall(m, ps)) = (m, ps)', () => {
    fc.assert(
      fc.property(
        arbitraryWireString(true).filter((m) => m.length > 0),
        fc.array(arbitraryWireValue(), { maxLength: 4 }),
        (m, ps) => {
          const decoded = decodeMethodCall(encodeMethodCall(m, ps));
          expect(decoded.method).toBe(m); // CR is sent as &#13;, so it survives
          expect(decoded.params).toEqual(ps.map(viaXml));
        },
      ),
      RUNS,
    );
  });

  it('failures: code and params survive', () => {
    fc.assert(
      fc.property(
        arbitraryWireString(true),
        fc.array(arbitraryWireString(true), { maxLength: 4 }),
        (code, params) => {
          expect(decodeResponse(encodeResponse({ ok: false, code, params }))).toEqual({
            ok: false,
            code,
            params,
          });
        },
      ),
      RUNS,
    );
  });

  it('strings XML cannot carry are sanitised the way xapi does: controls dropped, lone surrogates -> U+FFFD', () => {
    fc.assert(
      fc.property(arbitraryWireString(false, 40), (s) => {
        const expected = s
          .replace(/[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/g, '') // eslint-disable-line no-control-regex
          .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
        expect(decodeValue(encodeValue(s))).toBe(expected);
      }),
      RUNS,
    );
  });

  it('output is compact: no whitespace between elements', () => {
    fc.assert(
      fc.property(arbitraryWireValue(), (v) => {
        // Whitespace may only appear inside string text (values and member names): blank those and
        // check the element skeleton.
        const skeleton = encodeResponse({ ok: true, value: v })
          .replace(/<value>[^<]*<\/value>/g, '<value></value>')
          .replace(/<name>[^<]*<\/name>/g, '<name></name>');
        expect(skeleton).not.toMatch(/>\s+</);
      }),
      RUNS,
    );
  });
});

describe('JSON-RPC round trip', () => {
  it('responses v1 and v2: value survives exactly (Dates as strings)', () => {
    fc.assert(
      fc.property(
        arbitraryWireValue(),
        fc.constantFrom('1.0' as const, '2.0' as const),
        fc.oneof(fc.string(), fc.integer()),
        (v, ver, id) => {
          const back = decodeJsonResponse(encodeJsonResponse(ver, id, { ok: true, value: v }));
          expect(back).toEqual({ id, version: ver, response: { ok: true, value: viaJson(v) } });
        },
      ),
      RUNS,
    );
  });

  it('requests v1 and v2', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.array(arbitraryWireValue(), { maxLength: 4 }),
        fc.constantFrom('1.0' as const, '2.0' as const),
        (m, ps, ver) => {
          const back = decodeJsonRequest(encodeJsonRequest(ver, 'id-1', m, ps));
          expect(back).toEqual({ version: ver, id: 'id-1', method: m, params: ps.map(viaJson) });
        },
      ),
      RUNS,
    );
  });

  it('failures v1 and v2', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.array(fc.string(), { maxLength: 4 }),
        fc.constantFrom('1.0' as const, '2.0' as const),
        (code, params, ver) => {
          expect(
            decodeJsonResponse(encodeJsonResponse(ver, 3, { ok: false, code, params })).response,
          ).toEqual({ ok: false, code, params });
        },
      ),
      RUNS,
    );
  });
});

describe('encoding details', () => {
  it('ints: <i4> in int32 range, <i8> beyond; xapi datetime; %.16g doubles; booleans 1/0', () => {
    expect(encodeValue(2147483647n)).toBe('<value><i4>2147483647</i4></value>');
    expect(encodeValue(2147483648n)).toBe('<value><i8>2147483648</i8></value>');
    expect(encodeValue(-2147483649n)).toBe('<value><i8>-2147483649</i8></value>');
    expect(encodeValue(new Date(Date.UTC(2025, 2, 19, 4, 16, 24, 999)))).toBe(
      '<value><dateTime.iso8601>20250319T04:16:24Z</dateTime.iso8601></value>',
    );
    expect(encodeValue(new Date(0))).toBe(
      '<value><dateTime.iso8601>19700101T00:00:00Z</dateTime.iso8601></value>',
    );
    expect(encodeValue(0.1)).toBe('<value><double>0.1</double></value>');
    expect(encodeValue(1)).toBe('<value><double>1</double></value>');
    expect(encodeValue(1326210000.5)).toBe('<value><double>1326210000.5</double></value>');
    expect(encodeValue(NaN)).toBe('<value><double>nan</double></value>');
    expect(encodeValue(-Infinity)).toBe('<value><double>-inf</double></value>');
    expect(encodeValue(true)).toBe('<value><boolean>1</boolean></value>');
    expect(encodeValue('a&b<c>"d"\r')).toBe('<value>a&amp;b&lt;c&gt;&quot;d&quot;&#13;</value>');
    expect(encodeValue({ 'a<b': [] })).toBe(
      '<value><struct><member><name>a&lt;b</name><value><array><data></data></array></value></member></struct></value>',
    );
  });

  it('JSON: bigints exact beyond 2^53, floats keep a point, non-finite like Yojson', () => {
    const body = encodeJsonResponse('1.0', 1, {
      ok: true,
      value: [9007199254740993n, 1, -0, NaN, Infinity, -Infinity, 1e21],
    });
    expect(body).toBe(
      '{"result":[9007199254740993,1.0,-0.0,NaN,Infinity,-Infinity,1e+21],"error":null,"id":1}',
    );
    const back = decodeJsonResponse(body).response;
    expect(back).toEqual({ ok: true, value: [9007199254740993n, 1, -0, NaN, Infinity, -Infinity, 1e21] });
  });
});
