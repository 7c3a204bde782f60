// Recorded params and results must serialise to JSON and stay small: a VM.get_all_records answer can be
// megabytes. This turns any wire or typed value into bounded, JSON-safe data.

export type JsonValue =
  null | boolean | number | string | readonly JsonValue[] | { readonly [k: string]: JsonValue };

export interface JsonSafeLimits {
  /** Longest string kept verbatim. Default 512. */
  readonly maxString?: number;
  /** Most array items or struct members kept. Default 32. */
  readonly maxItems?: number;
  /** Deepest nesting kept. Default 6. */
  readonly maxDepth?: number;
}

export function toJsonSafe(value: unknown, limits: JsonSafeLimits = {}): JsonValue {
  return convert(value, limits.maxString ?? 512, limits.maxItems ?? 32, limits.maxDepth ?? 6, 0);
}

function convert(
  v: unknown,
  maxString: number,
  maxItems: number,
  maxDepth: number,
  depth: number,
): JsonValue {
  switch (typeof v) {
    case 'string':
      return v.length <= maxString ? v : `${v.slice(0, maxString)}…(+${v.length - maxString} chars)`;
    case 'number':
      // JSON has no NaN/Infinity; XML-RPC <double> can carry them.
      return Number.isFinite(v) ? v : String(v);
    case 'bigint':
      return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
    case 'boolean':
      return v;
    case 'undefined':
      return null;
    case 'object':
      break;
    default:
      return String(v);
  }
  if (v === null) return null;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString();
  if (v instanceof Uint8Array) return `<${v.byteLength} bytes>`;
  if (depth >= maxDepth) return Array.isArray(v) ? `[… ${v.length} items]` : '{…}';
  if (Array.isArray(v)) {
    const out: JsonValue[] = [];
    const n = Math.min(v.length, maxItems);
    for (let i = 0; i < n; i++) out.push(convert(v[i], maxString, maxItems, maxDepth, depth + 1));
    if (v.length > n) out.push(`… +${v.length - n} items`);
    return out;
  }
  const out: Record<string, JsonValue> = {};
  const keys = Object.keys(v);
  const n = Math.min(keys.length, maxItems);
  for (let i = 0; i < n; i++) {
    const k = keys[i] as string;
    out[k] = convert((v as Record<string, unknown>)[k], maxString, maxItems, maxDepth, depth + 1);
  }
  if (keys.length > n) out['…'] = `+${keys.length - n} members`;
  return out;
}
