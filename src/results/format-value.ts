// Compact, bounded rendering of XAPI values for step names and readable traces. The JSON attachment keeps
// the full values; text is for people, so long records are cut.

const DEFAULT_MAX = 160;

function render(value: unknown, depth: number): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  if (depth > 4) return '…';
  if (Array.isArray(value)) return `[${value.map((v) => render(v, depth + 1)).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value).map(([k, v]) => `${k}: ${render(v, depth + 1)}`);
    return `{${entries.join(', ')}}`;
  }
  // Only symbols and functions are left.
  return typeof value === 'symbol' ? value.toString() : '[function]';
}

/** A one-line rendering of `value`, cut to `max` characters. */
export function formatValue(value: unknown, max: number = DEFAULT_MAX): string {
  const text = render(value, 0);
  return text.length > max ? `${text.slice(0, Math.max(0, max - 1))}…` : text;
}

/** `method(p1, p2, …)` with each parameter bounded. */
export function formatCall(method: string, params: readonly unknown[], maxParam = 60): string {
  return `${method}(${params.map((p) => formatValue(p, maxParam)).join(', ')})`;
}

/** A JSON-safe copy: bigint → decimal string, Date → ISO string, true cycles (not shared objects) cut. */
function jsonSafe(value: unknown, ancestors: object[]): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value === null || typeof value !== 'object') return value;
  if (ancestors.includes(value)) return '[circular]';
  ancestors.push(value);
  const out = Array.isArray(value)
    ? value.map((v) => jsonSafe(v, ancestors))
    : Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonSafe(v, ancestors)]));
  ancestors.pop();
  return out;
}

/**
 * JSON.stringify that survives what XAPI values contain: bigint (XML-RPC ints, src/wire/value.ts) becomes a
 * decimal string, Date an ISO string, cycles are cut; an object referenced twice is written twice.
 */
export function toJsonText(value: unknown, space = 2): string {
  return JSON.stringify(jsonSafe(value, []), null, space);
}
