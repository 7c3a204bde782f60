// Per-target known deviations (issue 5 §6): a JSON file listing property ids expected to fail on that
// target, with the reason. Strict: a listed property that passes is reported as an unexpected pass.
import { existsSync, readFileSync } from 'node:fs';
import type { KnownDeviation } from '../results/index.ts';

interface ExpectationsFile {
  /** Free text: which target this file describes. */
  readonly target: string;
  readonly deviations: readonly KnownDeviation[];
}

export interface Expectations {
  readonly file: string | undefined;
  lookup(propertyId: string): KnownDeviation | undefined;
  /** The file that lists the property, when several are read (a differential run's two sides). */
  fileOf?(propertyId: string): string | undefined;
}

export const NO_EXPECTATIONS: Expectations = { file: undefined, lookup: () => undefined };

export function parseExpectations(text: string, source: string): ExpectationsFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new Error(`${source}: not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (
    typeof data !== 'object' ||
    data === null ||
    !Array.isArray((data as { deviations?: unknown }).deviations)
  ) {
    throw new Error(`${source}: expected {"target": "...", "deviations": [{"id", "reason"}]}`);
  }
  const file = data as ExpectationsFile;
  for (const d of file.deviations) {
    if (typeof d.id !== 'string' || typeof d.reason !== 'string')
      throw new Error(`${source}: each deviation needs an id and a reason`);
  }
  return file;
}

/** The target's key for the default file name: "emulator", or the host name / URL host. */
export function targetKey(target: string, hostname: string): string {
  if (target === 'emulator') return 'emulator';
  if (hostname !== '') return hostname;
  try {
    return new URL(target).hostname;
  } catch {
    return target;
  }
}

export function loadExpectations(file: string | undefined, defaultFile: string): Expectations {
  const path = file ?? defaultFile;
  if (!existsSync(path)) {
    if (file !== undefined) throw new Error(`expectations file ${file} not found`);
    return NO_EXPECTATIONS;
  }
  const parsed = parseExpectations(readFileSync(path, 'utf8'), path);
  const byId = new Map(parsed.deviations.map((d) => [d.id, d]));
  return { file: path, lookup: (id) => byId.get(id) };
}

/**
 * A differential run's expectations (issue 15): each side's own file (side A's `--expectations`, side B's
 * `--b-expectations`, each by default `expectations/<that side's target>.json`). A property either lists is
 * expected to fail, and strictly so: listed, but no longer failing, is an unexpected pass, which names the file.
 */
export function bothSides(a: Expectations, b: Expectations): Expectations {
  if (b.file === undefined || b.file === a.file) return a;
  if (a.file === undefined) return b;
  return {
    file: `${a.file} (side A) and ${b.file} (side B)`,
    lookup: (id) => a.lookup(id) ?? b.lookup(id),
    fileOf: (id) => (a.lookup(id) !== undefined ? a.file : b.lookup(id) !== undefined ? b.file : undefined),
  };
}

/**
 * Checked before any property runs (issue 12, friction): the file must exist when named, parse, and list
 * only property ids that exist; otherwise a typo would silently expect nothing. Returns the problem, if any.
 */
export function expectationsProblem(
  file: string | undefined,
  defaultFile: string,
  propertyIds: ReadonlySet<string>,
): string | undefined {
  const path = file ?? defaultFile;
  if (!existsSync(path)) return file === undefined ? undefined : `expectations file ${file} not found`;
  let parsed: ExpectationsFile;
  try {
    parsed = parseExpectations(readFileSync(path, 'utf8'), path);
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  const unknown = parsed.deviations.map((d) => d.id).filter((id) => !propertyIds.has(id));
  return unknown.length === 0
    ? undefined
    : `${path}: ${unknown.join(', ')} match${unknown.length === 1 ? 'es' : ''} no property (xapi-harness conformance --list shows the ids)`;
}
