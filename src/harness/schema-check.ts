// The schema suite's check (issue 5 §3): every record of every class the target returns is type-checked
// against the datamodel: each field that exists in the target's release is present with its declared type,
// and an enum-typed value is a member of its enum (issue 17 item 4).
import type { ClassSchema, FieldSchema, ReleaseMatch, Schema } from '../xapi/index.ts';
import { SCHEMA, enumProblem, lifecycleServes, releaseOf, servedIn } from '../xapi/index.ts';
import { fromWire } from '../wire/index.ts';
import type { WireValue } from '../wire/value.ts';
import type { Driver } from './driver.ts';

interface SchemaProblem {
  readonly cls: string;
  readonly ref: string;
  readonly field: string;
  readonly problem: string;
}

/**
 * The release a software_version "xapi" string ("25.6", "24.19.2") stands for: the newest one not after it
 * (src/xapi/releases.ts releaseOf), as an index into schema.releases.
 */
export function releaseIndexOf(schema: Schema, xapiVersion: string): number {
  return releaseOf(xapiVersion, schema).index;
}

/** Whether a field must be present on a target at `release` (served by then: datamodel lifecycle, §10). */
export function fieldExpected(schema: Schema, f: FieldSchema, release: number | ReleaseMatch): boolean {
  const r = typeof release === 'number' ? releaseAt(schema, release) : release;
  return lifecycleServes(f.lifecycle, f.state, r, schema);
}

function releaseAt(schema: Schema, index: number): ReleaseMatch {
  return { code: schema.releases[index] ?? '', index, asked: '', beyondKnown: false, unknown: false };
}

function isStruct(v: unknown): v is Readonly<Record<string, WireValue>> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/** Classes whose records can be listed: they have get_all_records and are not removed. */
export function listableClasses(schema: Schema = SCHEMA): ClassSchema[] {
  return [...schema.classes.values()].filter(
    (c) =>
      c.messages.has('get_all_records') &&
      c.state !== 'Removed' &&
      c.messages.get('get_all_records')?.state !== 'Removed',
  );
}

/**
 * What the schema area covers (issue 17 item 1): every class whose get_all_records the target's release serves,
 * each answered (success) and its records checked against the datamodel.
 */
export function schemaTransitions(release: ReleaseMatch | string): string[] {
  const r = typeof release === 'string' ? releaseOf(release) : release;
  return listableClasses()
    .filter((c) => servedIn(r, 'message', `${c.name}.get_all_records`))
    .map((c) => `${c.name}.get_all_records | - → success`);
}

/** Checks one record; returns its problems. */
export function checkRecord(
  schema: Schema,
  cls: ClassSchema,
  ref: string,
  rec: unknown,
  release: number | ReleaseMatch,
): SchemaProblem[] {
  if (!isStruct(rec)) return [{ cls: cls.name, ref, field: '', problem: 'not a struct' }];
  const out: SchemaProblem[] = [];
  const checkEnums = typeof release === 'number' || !(release.beyondKnown || release.unknown);
  for (const f of cls.fields) {
    if (!fieldExpected(schema, f, release)) continue;
    if (!Object.hasOwn(rec, f.name)) {
      // Option fields are omitted when None (gen_api.ml gen_record_type).
      if (f.type.kind !== 'option') out.push({ cls: cls.name, ref, field: f.name, problem: 'missing' });
      continue;
    }
    try {
      const v = fromWire(f.type, rec[f.name] as WireValue);
      // An enum value outside its enum (src/xapi/enum-problems.ts). A release newer than the schema may have
      // added members: only a release the schema knows is held to its enums.
      const bad = checkEnums ? enumProblem(f.type, v, f.name) : undefined;
      if (bad !== undefined) out.push({ cls: cls.name, ref, field: f.name, problem: bad });
    } catch (e) {
      out.push({
        cls: cls.name,
        ref,
        field: f.name,
        problem: `not a ${f.typeText}: ${e instanceof Error ? e.message : String(e)}`,
      });
    }
  }
  return out;
}

/**
 * Lists every class and checks up to `perClass` records of each; a violation names the first problems.
 * A class the target's release does not serve (Caller, Rate_limit before 26.17; Host_driver before 25.2)
 * may answer MESSAGE_METHOD_UNKNOWN: that is the release, not a deviation (SEMANTICS.md §10).
 */
export async function checkAllRecords(
  driver: Driver,
  release: ReleaseMatch | string,
  perClass = 40,
): Promise<void> {
  const r = typeof release === 'string' ? releaseOf(release) : release;
  for (const cls of listableClasses()) {
    const served = servedIn(r, 'message', `${cls.name}.get_all_records`);
    const o = await driver.unchecked(`${cls.name}.get_all_records`, [driver.session]);
    // The class is checked (issue 17 item 1: the schema area's coverage is the classes it checked).
    driver.coverage.record({
      message: `${cls.name}.get_all_records`,
      source: '-',
      outcome: o.ok ? 'success' : o.code,
    });
    if (!o.ok) {
      // A class the target does not serve at all is reported; permission errors are not schema problems.
      if (o.code === 'RBAC_PERMISSION_DENIED') continue;
      if (!served && o.code === 'MESSAGE_METHOD_UNKNOWN') continue;
      driver.violation(
        `${cls.name}.get_all_records failed: ${o.code}`,
        `a map of ${cls.name} records${served ? ` (release ${r.code} serves ${cls.name})` : ''}`,
        `${o.code} [${o.params.join(', ')}]`,
      );
    }
    if (!isStruct(o.value))
      driver.violation(
        `${cls.name}.get_all_records: not a map`,
        `a map of ${cls.name} records`,
        typeof o.value,
      );
    const problems = Object.entries(o.value)
      .slice(0, perClass)
      .flatMap(([ref, rec]) => checkRecord(SCHEMA, cls, ref, rec, r));
    if (problems.length > 0) {
      const first = problems.slice(0, 5).map((p) => `${p.cls} ${p.ref} .${p.field}: ${p.problem}`);
      driver.violation(
        `${cls.name} records do not match the datamodel (${problems.length} problems): ${first.join('; ')}`,
        `every ${cls.name} field of release ${r.code} present with its declared type`,
        first.join('; '),
      );
    }
  }
}
