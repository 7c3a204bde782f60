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

export function recordToJson(value: XapiJs): string {
  return JSON.stringify(value, replacer);
}

export function recordFromJson(text: string): XapiJs {
  return JSON.parse(text, reviver) as XapiJs;
}
