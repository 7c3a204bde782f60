// Records hold typed XapiJs values (src/xapi/types.ts): datetimes are Date objects, which JSON does not
// round-trip. Persistence tags them as {"$date": epoch-ms} so a restart restores the same types.
import type { XapiJs } from '../../xapi/types.ts';

const DATE_TAG = '$date';

function replacer(this: unknown, key: string, value: unknown): unknown {
  const original = (this as Record<string, unknown>)[key];
  if (original instanceof Date) return { [DATE_TAG]: original.getTime() };
  return value;
}

function reviver(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const tagged = (value as Record<string, unknown>)[DATE_TAG];
    if (typeof tagged === 'number' && Object.keys(value).length === 1) return new Date(tagged);
  }
  return value;
}

/** True when `v` holds a Date anywhere (records hold them mostly as top-level fields). */
function holdsDate(v: unknown): boolean {
  if (v instanceof Date) return true;
  if (v === null || typeof v !== 'object') return false;
  if (Array.isArray(v)) return v.some(holdsDate);
  for (const k of Object.keys(v)) if (holdsDate((v as Record<string, unknown>)[k])) return true;
  return false;
}

/**
 * The same text as JSON.stringify(value, replacer), faster: a replacer function makes V8 leave its fast
 * path for the whole record (a 50,000-VM inventory spent most of its persistence time there, issue 16),
 * so a record is written field by field and only a value holding a Date goes through the replacer.
 */
export function recordToJson(value: XapiJs): string {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Date)
    return JSON.stringify(value, replacer);
  let out = '';
  for (const k of Object.keys(value)) {
    const v = (value as Record<string, XapiJs>)[k];
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    const text =
      v instanceof Date
        ? `{"${DATE_TAG}":${JSON.stringify(v.getTime())}}`
        : holdsDate(v)
          ? JSON.stringify(v, replacer)
          : JSON.stringify(v);
    out += (out === '' ? '{' : ',') + JSON.stringify(k) + ':' + text;
  }
  return out === '' ? '{}' : out + '}';
}

export function recordFromJson(text: string): XapiJs {
  return JSON.parse(text, reviver) as XapiJs;
}
