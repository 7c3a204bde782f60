// Builds the emulator's schema view from the shared datamodel (src/xapi/schema.ts).
import type { Schema } from '../../xapi/schema-types.ts';
import type { EmuClass, EmuField, EmuMessage, EmuSchema } from './schema-view.ts';

/** `servesField`: the fields of the release played (release-profile.ts); default: every field. */
export function schemaFromXapi(s: Schema, servesField?: (cls: string, field: string) => boolean): EmuSchema {
  const classes = new Map<string, EmuClass>();
  for (const c of s.classes.values()) {
    const served = servesField === undefined ? c.fields : c.fields.filter((f) => servesField(c.name, f.name));
    const fields: EmuField[] = served.map((f) => ({
      name: f.name,
      type: f.type,
      qualifier: f.qualifier,
      default: f.default,
    }));
    const messages = new Map<string, EmuMessage>();
    for (const m of c.messages.values()) {
      messages.set(m.name, {
        cls: m.cls,
        name: m.name,
        wireName: m.wireName,
        params: (m.takesSession ? m.params.slice(1) : m.params).map((p) => ({
          name: p.name,
          type: p.type,
          required: p.required,
        })),
        takesSession: m.takesSession,
        result: m.result,
        hasAsync: m.hasAsync,
        roles: m.roles,
        implicit: m.implicit,
        state: m.state,
      });
    }
    classes.set(c.name, {
      name: c.name,
      fields,
      fieldByName: new Map(fields.map((f) => [f.name, f])),
      messages,
    });
  }
  return { classes, enums: s.enums };
}
