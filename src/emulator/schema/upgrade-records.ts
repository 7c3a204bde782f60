// A database written by an older emulator (or an older datamodel) may lack fields the current schema
// has: on restore, every missing field is filled with its default so records stay complete (the
// conformance schema suite checks completeness). Returns how many objects were completed.
import type { ObjectDb } from '../db/object-db.ts';
import { completeRecord } from './record-defaults.ts';
import type { EmuSchema } from './schema-view.ts';

export function upgradeRecords(db: ObjectDb, schema: EmuSchema): number {
  let upgraded = 0;
  for (const clsName of [...db.classes()]) {
    const cls = schema.classes.get(clsName);
    if (cls === undefined) continue;
    for (const obj of [...db.all(clsName)]) {
      const missing = cls.fields.some((f) => f.type.kind !== 'option' && !Object.hasOwn(obj.record, f.name));
      if (!missing) continue;
      const full = completeRecord(schema, cls, obj.record);
      const patch: Record<string, (typeof full)[string]> = {};
      for (const [k, v] of Object.entries(full)) if (!Object.hasOwn(obj.record, k)) patch[k] = v;
      db.update(clsName, obj.ref, patch);
      upgraded++;
    }
  }
  return upgraded;
}
