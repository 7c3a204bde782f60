// What a codec gives back for a value, as the tests of the wire predict it: the same tree with a function
// applied to every leaf (a double rounded by XML-RPC, a Date sent as a string by JSON-RPC, line ends
// normalised by Python). Struct keys are defined, not assigned, so that "__proto__" stays an own key.
import type { WireValue } from '../../src/wire/index.ts';

/** Maps every leaf (Dates included) and every struct key (a string leaf) through `f`. */
export function mapLeaves(v: WireValue, f: (leaf: WireValue) => WireValue): WireValue {
  if (Array.isArray(v)) return (v as readonly WireValue[]).map((x) => mapLeaves(x, f));
  if (typeof v === 'object' && !(v instanceof Date)) {
    const out: Record<string, WireValue> = {};
    for (const k of Object.keys(v)) {
      Object.defineProperty(out, f(k) as string, {
        value: mapLeaves((v as Record<string, WireValue>)[k] as WireValue, f),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  return f(v);
}
