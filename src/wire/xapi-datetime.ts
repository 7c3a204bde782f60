// xapi's datetime text: "20250319T04:16:24Z", always UTC, whole seconds (xen-api
// ocaml/libs/clock/date.ml to_rfc3339; epoch "19700101T00:00:00Z"; SEMANTICS.md §2 Values).
import { WireError } from './wire-error.ts';

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

/**
 * Formats a Date in xapi's form. Milliseconds are dropped (xapi has whole seconds). Throws
 * UNENCODABLE for an invalid Date or a year outside 0000-9999, which the format cannot carry.
 */
export function formatXapiDateTime(d: Date): string {
  const t = d.getTime();
  if (Number.isNaN(t)) throw new WireError('UNENCODABLE', 'invalid Date');
  const y = d.getUTCFullYear();
  if (y < 0 || y > 9999) throw new WireError('UNENCODABLE', `year ${y} does not fit xapi's datetime format`);
  const ys = y < 1000 ? String(y).padStart(4, '0') : String(y);
  return (
    ys +
    pad2(d.getUTCMonth() + 1) +
    pad2(d.getUTCDate()) +
    'T' +
    pad2(d.getUTCHours()) +
    ':' +
    pad2(d.getUTCMinutes()) +
    ':' +
    pad2(d.getUTCSeconds()) +
    'Z'
  );
}

// Accepted: xapi's basic form (20250319T04:16:24Z), the ISO-8601 extended form (2025-03-19T04:16:24Z),
// the all-basic form (20250319T041624Z), optional fraction, and Z / ±HH / ±HH:MM / ±HHMM or no zone
// (no zone = UTC: Python's xmlrpc.client sends naive "20250319T04:16:24", xapi treats them as UTC).
// The pattern is anchored and has no nested quantifiers, so it cannot backtrack catastrophically.
const DATETIME =
  /^(\d{4})(-?)(\d{2})\2(\d{2})T(\d{2})(:?)(\d{2})\6(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

const MS_PER_400_YEARS = 146_097 * 86_400_000;

/** Parses the forms above into a Date, or returns undefined when the text is not a valid datetime. */
export function parseXapiDateTime(text: string): Date | undefined {
  const m = DATETIME.exec(text);
  if (m === null) return undefined;
  const year = Number(m[1]);
  const month = Number(m[3]);
  const day = Number(m[4]);
  const hour = Number(m[5]);
  const minute = Number(m[7]);
  const second = Number(m[8]);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
    return undefined;
  }
  const frac = m[9];
  const ms = frac === undefined ? 0 : Math.floor(Number('0.' + frac) * 1000);
  // Date.UTC maps years 0-99 to 1900-1999; shift by 400 years (an exact Gregorian cycle) and back.
  let t = Date.UTC(year + 400, month - 1, day, hour, minute, second, ms) - MS_PER_400_YEARS;
  const check = new Date(t);
  // Rejects 31 April, 29 February of common years... (second 60 is let through as a leap second).
  if (check.getUTCDate() !== day && second !== 60) return undefined;
  const zone = m[10];
  if (zone !== undefined && zone !== 'Z') {
    const sign = zone.charCodeAt(0) === 45 /* - */ ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (oh > 23 || om > 59) return undefined;
    t -= sign * (oh * 60 + om) * 60_000;
  }
  return new Date(t);
}
