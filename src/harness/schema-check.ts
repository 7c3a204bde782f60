// The schema suite's check (issue 5 §3): every record of every class the target returns is type-checked
// against the datamodel: each field that exists in the target's release is present with its declared type.
import type { ClassSchema, FieldSchema, Schema } from '../xapi/index.ts';
import { SCHEMA } from '../xapi/index.ts';
import { fromWire } from '../wire/index.ts';
import type { WireValue } from '../wire/value.ts';
import type { Driver } from './driver.ts';

export interface SchemaProblem {
  readonly cls: string;
  readonly ref: string;
  readonly field: string;
  readonly problem: string;
}

/** The release a software_version "xapi" string ("25.6", "24.19.2") stands for: the newest one not after it. */
export function releaseIndexOf(schema: Schema, xapiVersion: string): number {
  // No usable version (an unknown build): hold the target to the newest datamodel.
  if (!/^\d+(\.\d+)*$/.test(xapiVersion.trim())) return schema.releases.length - 1;
  const want = xapiVersion
    .trim()
    .split('.')
    .map((x) => Number(x));
  let best = -1;
  schema.releases.forEach((code, i) => {
    const v = code.split('.').map((x) => Number(x));
    if (v.length < 2 || v.some((n) => !Number.isFinite(n))) {
      if (best < 0 || !/^\d/.test(schema.releases[best] ?? '')) best = i; // named releases predate numbered ones
      return;
    }
    const cmp = compare(v, want);
    if (cmp <= 0) best = i;
  });
  return best < 0 ? schema.releases.length - 1 : best;
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Whether a field must be present on a target at `release` (published by then and not removed). */
export function fieldExpected(schema: Schema, f: FieldSchema, release: number): boolean {
  const removed = f.lifecycle.find(([t]) => t.toLowerCase() === 'removed');
  if (removed !== undefined) {
    const at = schema.releaseIndex.get(removed[1]);
    if (at === undefined || at <= release) return false;
  } else if (f.state === 'Removed') {
    return false;
  }
  if (f.since === '') return true;
  const idx = schema.releaseIndex.get(f.since);
  return idx === undefined || idx <= release;
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

/** Checks one record; returns its problems. */
export function checkRecord(
  schema: Schema,
  cls: ClassSchema,
  ref: string,
  rec: unknown,
  release: number,
): SchemaProblem[] {
  if (!isStruct(rec)) return [{ cls: cls.name, ref, field: '', problem: 'not a struct' }];
  const out: SchemaProblem[] = [];
  for (const f of cls.fields) {
    if (!fieldExpected(schema, f, release)) continue;
    if (!Object.hasOwn(rec, f.name)) {
      // Option fields are omitted when None (gen_api.ml gen_record_type).
      if (f.type.kind !== 'option') out.push({ cls: cls.name, ref, field: f.name, problem: 'missing' });
      continue;
    }
    try {
      fromWire(f.type, rec[f.name] as WireValue);
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

/** Lists every class and checks up to `perClass` records of each; a violation names the first problems. */
export async function checkAllRecords(driver: Driver, xapiVersion: string, perClass = 40): Promise<void> {
  const release = releaseIndexOf(SCHEMA, xapiVersion);
  for (const cls of listableClasses()) {
    const o = await driver.unchecked(`${cls.name}.get_all_records`, [driver.session]);
    if (!o.ok) {
      // A class the target does not serve at all is reported; permission errors are not schema problems.
      if (o.code === 'RBAC_PERMISSION_DENIED') continue;
      driver.violation(
        `${cls.name}.get_all_records failed: ${o.code}`,
        `a map of ${cls.name} records`,
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
      .flatMap(([ref, rec]) => checkRecord(SCHEMA, cls, ref, rec, release));
    if (problems.length > 0) {
      const first = problems.slice(0, 5).map((p) => `${p.cls} ${p.ref} .${p.field}: ${p.problem}`);
      driver.violation(
        `${cls.name} records do not match the datamodel (${problems.length} problems): ${first.join('; ')}`,
        `every ${cls.name} field of release ${SCHEMA.releases[release] ?? '?'} present with its declared type`,
        first.join('; '),
      );
    }
  }
}
