// Typed reads of record fields (DbRecord values are XapiJs): small guards so the behaviour code never
// stringifies an object by accident.
import type { XapiJs } from '../../xapi/types.ts';

export function str(v: XapiJs | undefined): string {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
}

export function num(v: XapiJs | undefined): number {
  return typeof v === 'number' ? v : 0;
}

export function mapOf(v: XapiJs | undefined): Readonly<Record<string, XapiJs>> {
  return v !== undefined && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)
    ? (v as Readonly<Record<string, XapiJs>>)
    : {};
}

function setOf(v: XapiJs | undefined): readonly XapiJs[] {
  return Array.isArray(v) ? (v as readonly XapiJs[]) : [];
}

export function refsOf(v: XapiJs | undefined): string[] {
  return setOf(v).filter((x): x is string => typeof x === 'string');
}

export function dateMs(v: XapiJs | undefined): number {
  return v instanceof Date ? v.getTime() : 0;
}
