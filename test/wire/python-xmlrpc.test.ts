// Cross-check with a codec nobody here wrote: Python's standard xmlrpc.client (ARCHITECTURE.md,
// Rules). Python must decode what we encode (calls and responses: unicode, nested structs, doubles,
// booleans, dates, big ints as <i8>), and we must decode what it encodes, pretty whitespace
// included. One python3 process per run handles the whole batch.
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  decodeJsonResponse,
  decodeMethodCall,
  decodeResponse,
  encodeJsonResponse,
  encodeMethodCall,
  encodeResponse,
  formatXapiDateTime,
  formatDouble,
  parseFloatText,
  parseXapiDateTime,
} from '../../src/wire/index.ts';
import type { WireValue } from '../../src/wire/index.ts';
import { arbitraryWireDouble, arbitraryWireValue } from '../../generators/values.ts';
import { mapLeaves } from './map-leaves.ts';

type Tagged =
  | string
  | boolean
  | Tagged[]
  | { $int: string }
  | { $double: string }
  | { $dt: string }
  | { $struct: [string, Tagged][] };

/** Float text Python's float() reads back exactly, -0 included. */
function pyFloat(d: number): string {
  return Object.is(d, -0) ? '-0.0' : String(d).replace('Infinity', 'inf');
}

function tag(v: WireValue): Tagged {
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return { $int: v.toString() };
  if (typeof v === 'number') return { $double: pyFloat(v) };
  if (v instanceof Date) return { $dt: v.toISOString().replace(/[-]|\.\d{3}Z$/g, '') };
  if (Array.isArray(v)) return (v as readonly WireValue[]).map(tag);
  return { $struct: Object.keys(v).map((k) => [k, tag((v as Record<string, WireValue>)[k] as WireValue)]) };
}

function untag(t: Tagged): WireValue {
  if (typeof t === 'string' || typeof t === 'boolean') return t;
  if (Array.isArray(t)) return t.map(untag);
  if ('$int' in t) return BigInt(t.$int);
  if ('$double' in t) return parseFloatText(t.$double) ?? NaN;
  if ('$dt' in t) return parseXapiDateTime(t.$dt) ?? new Date(NaN);
  const out: Record<string, WireValue> = {};
  for (const [k, x] of t.$struct)
    Object.defineProperty(out, k, { value: untag(x), enumerable: true, writable: true, configurable: true });
  return out;
}

const round16 = (v: WireValue): WireValue =>
  typeof v === 'number' ? (parseFloatText(formatDouble(v)) ?? NaN) : v;
const normaliseCr = (v: WireValue): WireValue => (typeof v === 'string' ? v.replace(/\r\n?/g, '\n') : v);

/** Dates travel as xapi datetime strings in JSON-RPC (SEMANTICS.md §8). */
const dateAsString = (v: WireValue): WireValue => (v instanceof Date ? formatXapiDateTime(v) : v);

interface PeerAnswer {
  json_loads: Tagged[];
  json_dumps: string[];
  loads: ({ method: string | null; params: Tagged[] } | { error: string })[];
  calls: string[];
  responses: string[];
  fault: string;
  g16: string[];
}

const SEED = 20261129;
const N = 250;
// Ours -> Python: anything XML can carry (big ints go as <i8>, which Python reads).
const oursValues = fc.sample(arbitraryWireValue(), { numRuns: N, seed: SEED });
const oursCalls = fc.sample(fc.array(arbitraryWireValue(), { maxLength: 4 }), {
  numRuns: 60,
  seed: SEED + 1,
});
// Python -> ours: Python refuses ints beyond int32 (OverflowError) and years before 1.
const pythonSafe = (v: WireValue): boolean => {
  if (typeof v === 'bigint') return v >= -(2n ** 31n) && v < 2n ** 31n;
  if (v instanceof Date) return v.getUTCFullYear() >= 1;
  if (Array.isArray(v)) return (v as readonly WireValue[]).every(pythonSafe);
  if (typeof v === 'object') return Object.values(v).every(pythonSafe);
  return true;
};
const theirValues = fc.sample(arbitraryWireValue().filter(pythonSafe), { numRuns: N, seed: SEED + 2 });
const doubles = [
  ...fc.sample(arbitraryWireDouble(true), { numRuns: 2000, seed: SEED + 3 }),
  // Exact ties at the 17th digit, where round-half-even and round-half-up differ.
  -869131429203181.25,
  869131429203181.25,
  1000000000000000.5,
  1000000000000001.5,
  0.5,
  2.5e-5,
  1e22,
  5e-324,
  1.7976931348623157e308,
];

let peer: PeerAnswer;

beforeAll(() => {
  const job = {
    loads: [
      ...oursValues.map((v) => encodeResponse({ ok: true, value: v })),
      ...oursCalls.map((ps, i) => encodeMethodCall(`VM.method_${i}`, ps)),
      encodeResponse({ ok: false, code: 'VM_BAD_POWER_STATE', params: ['OpaqueRef:x', 'halted', 'running'] }),
    ],
    calls: theirValues
      .slice(0, 60)
      .map((v, i) => ({ method: `host.call_${i}`, params: [tag(v), 'OpaqueRef:abc'] })),
    responses: theirValues.map(tag),
    g16: doubles.map(pyFloat),
    json_loads: oursValues.map((v) => encodeJsonResponse('2.0', 1, { ok: true, value: v })),
    // Python's json writes datetimes only as strings; send ours as such.
    json_dumps: theirValues.map((v) => tag(mapLeaves(v, dateAsString))),
  };
  const r = spawnSync('python3', [new URL('./xmlrpc_peer.py', import.meta.url).pathname], {
    input: JSON.stringify(job),
    encoding: 'utf8',
    timeout: 30_000,
    maxBuffer: 64 << 20,
  });
  if (r.status !== 0) throw new Error(`python3 peer failed: ${r.error?.message ?? ''} ${r.stderr}`);
  peer = JSON.parse(r.stdout) as PeerAnswer;
});

describe('Python xmlrpc.client decodes what we encode', () => {
  it('responses: every value, compared after Python read it', () => {
    oursValues.forEach((v, i) => {
      const got = peer.loads[i];
      if (got === undefined || 'error' in got)
        throw new Error(`python could not load value ${i}: ${got?.error}`);
      const envelope = untag(got.params[0] as Tagged) as Record<string, WireValue>;
      expect(envelope['Status']).toBe('Success');
      expect(envelope['Value']).toEqual(mapLeaves(v, round16));
    });
  });

  it('method calls: name and params', () => {
    oursCalls.forEach((ps, i) => {
      const got = peer.loads[N + i];
      if (got === undefined || 'error' in got)
        throw new Error(`python could not load call ${i}: ${got?.error}`);
      expect(got.method).toBe(`VM.method_${i}`);
      expect(got.params.map(untag)).toEqual(ps.map((p) => mapLeaves(p, round16)));
    });
  });

  it('a failure envelope', () => {
    const got = peer.loads[N + oursCalls.length];
    if (got === undefined || 'error' in got) throw new Error('python could not load the failure');
    expect(untag(got.params[0] as Tagged)).toEqual({
      Status: 'Failure',
      ErrorDescription: ['VM_BAD_POWER_STATE', 'OpaqueRef:x', 'halted', 'running'],
    });
  });
});

describe('we decode what Python xmlrpc.client encodes (pretty-printed)', () => {
  it('its output really is pretty (whitespace between elements)', () => {
    expect(peer.responses.some((x) => /<struct>\n<member>/.test(x))).toBe(true);
  });

  it('responses: doubles exact (Python sends repr), CR normalised to LF by XML rules', () => {
    theirValues.forEach((v, i) => {
      const body = peer.responses[i] as string;
      expect(decodeResponse(body)).toEqual({ ok: true, value: mapLeaves(v, normaliseCr) });
    });
  });

  it('method calls', () => {
    theirValues.slice(0, 60).forEach((v, i) => {
      const body = peer.calls[i] as string;
      expect(decodeMethodCall(body)).toEqual({
        method: `host.call_${i}`,
        params: [mapLeaves(v, normaliseCr), 'OpaqueRef:abc'],
      });
    });
  });

  it('a standard <fault> becomes an XMLRPC_FAULT failure', () => {
    expect(decodeResponse(peer.fault)).toEqual({
      ok: false,
      code: 'XMLRPC_FAULT',
      params: ['42', 'boom <&> é'],
    });
  });
});

describe('JSON-RPC against Python json', () => {
  it('Python reads our JSON exactly: int64 beyond 2^53, floats, NaN/Infinity, unicode', () => {
    oursValues.forEach((v, i) => {
      expect(untag(peer.json_loads[i] as Tagged)).toEqual(mapLeaves(v, dateAsString));
    });
  });

  it('we read what Python json writes (ints exact, floats as repr, \\u escapes)', () => {
    theirValues.forEach((v, i) => {
      const body = peer.json_dumps[i] as string;
      // Python writes integral floats as "1.0", so they stay floats; its ints are ints.
      expect(decodeJsonResponse(body)).toEqual({
        id: i,
        version: '2.0',
        response: { ok: true, value: mapLeaves(v, dateAsString) },
      });
    });
  });
});

describe('doubles', () => {
  it("formatDouble agrees with C's '%.16g' (Python) on 2000 doubles", () => {
    const mismatches = doubles
      .map((d, i) => [String(d), formatDouble(d), peer.g16[i]] as const)
      .filter(([, ours, theirs]) => ours !== theirs);
    expect(mismatches.slice(0, 5)).toEqual([]);
  });
});
