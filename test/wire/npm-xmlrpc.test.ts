// Cross-check with the `xmlrpc` npm package (its Serializer/Deserializer; ARCHITECTURE.md, Rules):
// it decodes what we encode and we decode what it encodes (it sends strings as <string> or CDATA,
// integral numbers as <int>, others as <double>, dates in UTC with 'Z').
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeMethodCall,
  decodeResponse,
  encodeMethodCall,
  encodeResponse,
  formatDouble,
  parseFloatText,
} from '../../src/wire/index.ts';
import type { WireValue } from '../../src/wire/index.ts';
import { arbitraryWireValue } from '../../generators/values.ts';
import {
  npmDecodeMethodCall,
  npmDecodeResponse,
  npmEncodeFault,
  npmEncodeMethodCall,
  npmEncodeResponse,
} from '../../bench/lib/xmlrpc-npm.ts';

const RUNS = { numRuns: 200, seed: 4242 };

/** A struct copy that keeps "__proto__" as an own member. */
function structOf(entries: [string, unknown][]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries)
    Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  return out;
}

/** What the package yields for our encoding of v: ints as numbers (<i4>) or digit strings (<i8>). */
function asNpmReads(v: WireValue): unknown {
  if (typeof v === 'bigint') return v >= -(2n ** 31n) && v < 2n ** 31n ? Number(v) : v.toString();
  if (typeof v === 'number') return parseFloatText(formatDouble(v));
  if (Array.isArray(v)) return (v as readonly WireValue[]).map(asNpmReads);
  if (typeof v === 'object' && !(v instanceof Date)) {
    return structOf(
      Object.keys(v).map((k) => [k, asNpmReads((v as Record<string, WireValue>)[k] as WireValue)]),
    );
  }
  return v;
}

// The package's test for "send as plain text" (xmlrpc/lib/serializer.js illegalChars); else CDATA.
const NPM_PLAIN_TEXT = /^(?![^<&]*]]>[^<&]*)[^<&]*$/;

/** What we read back from the package's encoding of a JS value: integral numbers are <int>. */
function asWeRead(v: unknown): WireValue {
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v) : v;
  if (Array.isArray(v)) return v.map(asWeRead);
  // It escapes CR as &#xD; in text, but sends some strings as CDATA (its own rule, serializer.js
  // appendString), where XML reads a raw CR as LF.
  if (typeof v === 'string') return NPM_PLAIN_TEXT.test(v) ? v : v.replace(/\r\n?/g, '\n');
  if (typeof v === 'object' && v !== null && !(v instanceof Date)) {
    return structOf(Object.keys(v).map((k) => [k, asWeRead((v as Record<string, unknown>)[k])])) as Record<
      string,
      WireValue
    >;
  }
  return v as WireValue;
}

/**
 * The package's limits: no NaN/±Infinity (rejected on read), no years before 1000 (unpadded), no
 * bigints (JS numbers print in shortest form, so large integral doubles lose digits), and a struct
 * member named "__proto__" replaces the prototype of the object it builds.
 */
const npmSafe = (v: WireValue): boolean => {
  if (typeof v === 'number') return Number.isFinite(v) && Math.abs(v) < 1e15;
  if (v instanceof Date) return v.getUTCFullYear() >= 1000;
  if (typeof v === 'bigint') return v >= -(2n ** 53n) && v <= 2n ** 53n;
  if (Array.isArray(v)) return (v as readonly WireValue[]).every(npmSafe);
  if (typeof v === 'object') return !Object.hasOwn(v, '__proto__') && Object.values(v).every(npmSafe);
  return true;
};

/** Ints as JS numbers for the package (it has no bigint support). */
function toNpm(v: WireValue): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number' && Number.isInteger(v)) return v + 0.5; // keep it a <double>
  if (Array.isArray(v)) return (v as readonly WireValue[]).map(toNpm);
  if (typeof v === 'object' && !(v instanceof Date)) {
    return structOf(Object.keys(v).map((k) => [k, toNpm((v as Record<string, WireValue>)[k] as WireValue)]));
  }
  return v;
}

describe('the xmlrpc npm package decodes what we encode', () => {
  it('responses', () => {
    fc.assert(
      fc.property(arbitraryWireValue().filter(npmSafe), (v) => {
        const got = npmDecodeResponse(encodeResponse({ ok: true, value: v })) as Record<string, unknown>;
        expect(got).toEqual({ Status: 'Success', Value: asNpmReads(v) });
      }),
      RUNS,
    );
  });

  it('method calls', () => {
    fc.assert(
      fc.property(fc.array(arbitraryWireValue().filter(npmSafe), { maxLength: 4 }), (ps) => {
        expect(npmDecodeMethodCall(encodeMethodCall('VM.start', ps))).toEqual({
          method: 'VM.start',
          params: ps.map(asNpmReads),
        });
      }),
      RUNS,
    );
  });
});

describe('we decode what the xmlrpc npm package encodes', () => {
  it('responses (strings as <string> and CDATA)', () => {
    fc.assert(
      fc.property(arbitraryWireValue().filter(npmSafe), (v) => {
        const js = toNpm(v);
        const body = npmEncodeResponse({ Status: 'Success', Value: js });
        expect(decodeResponse(body)).toEqual({ ok: true, value: asWeRead(js) });
      }),
      RUNS,
    );
  });

  it('method calls', () => {
    fc.assert(
      fc.property(fc.array(arbitraryWireValue().filter(npmSafe), { maxLength: 4 }), (ps) => {
        const js = ps.map(toNpm);
        expect(decodeMethodCall(npmEncodeMethodCall('host.get_record', js))).toEqual({
          method: 'host.get_record',
          params: js.map(asWeRead),
        });
      }),
      RUNS,
    );
  });

  it('CDATA (which it uses for strings with < or &) is read back', () => {
    const body = npmEncodeResponse({ Status: 'Success', Value: 'a <b> & c' });
    expect(body).toContain('<![CDATA[a <b> & c]]>');
    expect(decodeResponse(body)).toEqual({ ok: true, value: 'a <b> & c' });
  });

  it('faults', () => {
    expect(decodeResponse(npmEncodeFault(7, 'nope'))).toEqual({
      ok: false,
      code: 'XMLRPC_FAULT',
      params: ['7', 'nope'],
    });
  });
});
