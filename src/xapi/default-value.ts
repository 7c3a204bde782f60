// Converts a generated default (JSON-safe, see parse-default.ts) into the typed XapiJs value of
// types.ts: datetimes become Date; everything else is already in its XapiJs shape.
import type { DefaultJson } from './parse-default.ts';
import type { XapiJs, XapiType } from './types.ts';

const BASIC_ISO = /^(\d{4})(\d{2})(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;

/** Parses xapi's datetime spelling "19700101T00:00:00Z" (SEMANTICS.md §2 Values) as UTC. */
function parseXapiDateTime(s: string): Date {
  const m = BASIC_ISO.exec(s);
  if (m === null) return new Date(s);
  const [, y, mo, d, h, mi, se] = m.map(Number) as [number, number, number, number, number, number, number];
  return new Date(Date.UTC(y, mo - 1, d, h, mi, se));
}

export function defaultToXapiJs(t: XapiType, v: DefaultJson): XapiJs {
  switch (t.kind) {
    case 'datetime':
      return typeof v === 'string' ? parseXapiDateTime(v) : v;
    case 'option':
      return defaultToXapiJs(t.of, v);
    case 'set':
      return Array.isArray(v) ? (v as readonly DefaultJson[]).map((x) => defaultToXapiJs(t.of, x)) : v;
    case 'map': {
      if (typeof v !== 'object' || Array.isArray(v)) return v;
      const out: Record<string, XapiJs> = {};
      for (const [k, x] of Object.entries(v as { readonly [k: string]: DefaultJson }))
        out[k] = defaultToXapiJs(t.value, x);
      return out;
    }
    default:
      return v;
  }
}
