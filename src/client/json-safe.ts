// Recorded params and results must serialise to JSON and stay small: a VM.get_all_records answer can be
// megabytes. This turns any wire or typed value into bounded, JSON-safe data in one bounded walk.

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

export interface JsonSafeHooks {
  /** Members whose key matches are replaced by `mask`. */
  readonly secretKey?: RegExp;
  readonly mask?: string;
  /** Rewrites every string kept (e.g. to shorten session refs). */
  readonly string?: (s: string) => string;
}

interface Walk {
  readonly maxString: number;
  readonly maxItems: number;
  readonly maxDepth: number;
  readonly secretKey: RegExp | undefined;
  readonly mask: string;
  readonly string: ((s: string) => string) | undefined;
}

export function toJsonSafe(
  value: unknown,
  limits: JsonSafeLimits = {},
  hooks: JsonSafeHooks = {},
): JsonValue {
  return convert(
    value,
    {
      maxString: limits.maxString ?? 512,
      maxItems: limits.maxItems ?? 32,
      maxDepth: limits.maxDepth ?? 6,
      secretKey: hooks.secretKey,
      mask: hooks.mask ?? '******',
      string: hooks.string,
    },
    0,
  );
}

function convert(v: unknown, w: Walk, depth: number): JsonValue {
  switch (typeof v) {
    case 'string': {
      const s = w.string === undefined ? v : w.string(v);
      return s.length <= w.maxString ? s : `${s.slice(0, w.maxString)}…(+${s.length - w.maxString} chars)`;
    }
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
      return typeof v === 'symbol' ? v.toString() : typeof v;
  }
  if (v === null) return null;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString();
  if (v instanceof Uint8Array) return `<${v.byteLength} bytes>`;
  if (depth >= w.maxDepth) return Array.isArray(v) ? `[… ${v.length} items]` : '{…}';
  if (Array.isArray(v)) {
    const out: JsonValue[] = [];
    const n = Math.min(v.length, w.maxItems);
    for (let i = 0; i < n; i++) out.push(convert(v[i], w, depth + 1));
    if (v.length > n) out.push(`… +${v.length - n} items`);
    return out;
  }
  const out: Record<string, JsonValue> = {};
  const obj = v as Record<string, unknown>;
  let kept = 0;
  let total = 0;
  for (const k in obj) {
    if (!Object.hasOwn(obj, k)) continue;
    total++;
    if (kept >= w.maxItems) continue;
    kept++;
    out[k] = w.secretKey?.test(k) === true ? w.mask : convert(obj[k], w, depth + 1);
  }
  if (total > kept) out['…'] = `+${total - kept} members`;
  return out;
}
