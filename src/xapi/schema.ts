// The datamodel as typed, indexed maps (DEVELOPMENT.md, Public entry points). Loaded once from
// schema.generated.json (`npm run gen:schema`); type strings are parsed once here, and every lookup
// the emulator does on its dispatch hot path is a single Map.get.
import { readFileSync } from 'node:fs';
import { defaultToXapiJs } from './default-value.ts';
import { parseType } from './parse-type.ts';
import type { ClassJson, FieldJson, MessageJson, SchemaJson, TransitionJson } from './schema-json.ts';
import type { ClassSchema, FieldSchema, MessageSchema, ParamSchema, Schema } from './schema-types.ts';

function since(lc: readonly TransitionJson[]): string {
  const first = lc.find(([t]) => t === 'published' || t === 'prototyped') ?? lc[0];
  return first?.[1] ?? '';
}

function buildField(f: FieldJson): FieldSchema {
  const type = parseType(f.type);
  const base = {
    name: f.name,
    type,
    typeText: f.type,
    qualifier: f.qualifier,
    state: f.state,
    since: since(f.lifecycle),
    lifecycle: f.lifecycle,
  };
  return f.default === undefined ? base : { ...base, default: defaultToXapiJs(type, f.default) };
}

function buildMessage(cls: string, m: MessageJson): MessageSchema {
  const params: ParamSchema[] = m.params.map((p) => ({
    name: p.name,
    type: parseType(p.type),
    typeText: p.type,
    required: p.required,
  }));
  const first = params[0];
  const takesSession =
    first !== undefined &&
    first.name === 'session_id' &&
    first.type.kind === 'ref' &&
    first.type.cls === 'session';
  const counted = takesSession ? params.slice(1) : params;
  return {
    cls,
    name: m.name,
    wireName: `${cls}.${m.name}`,
    params,
    takesSession,
    arity: { required: counted.filter((p) => p.required).length, max: counted.length },
    result: parseType(m.result),
    resultText: m.result,
    hasAsync: m.async,
    roles: m.roles,
    implicit: m.implicit,
    errors: m.errors,
    state: m.state,
    since: since(m.lifecycle),
    lifecycle: m.lifecycle,
  };
}

function buildClass(c: ClassJson): ClassSchema {
  const fields = c.fields.map(buildField);
  return {
    name: c.name,
    fields,
    fieldByName: new Map(fields.map((f) => [f.name, f])),
    messages: new Map(c.messages.map((m) => [m.name, buildMessage(c.name, m)])),
    state: c.state,
    since: since(c.lifecycle),
    lifecycle: c.lifecycle,
  };
}

/** Builds the indexed schema from the generated JSON (exported for tests and alternative data). */
function buildSchemaIndex(json: SchemaJson): Schema {
  const releases = json.releases.map((r) => r.code);
  return {
    classes: new Map(json.classes.map((c) => [c.name, buildClass(c)])),
    enums: new Map(Object.entries(json.enums)),
    releases,
    releaseInfo: json.releases,
    releaseIndex: new Map(releases.map((r, i) => [r, i])),
  };
}

/** The raw generated file, for tools that need the JSON form (e.g. the regenerate test). */
export const SCHEMA_JSON: SchemaJson = JSON.parse(
  readFileSync(new URL('./schema.generated.json', import.meta.url), 'utf8'),
) as SchemaJson;

export const SCHEMA: Schema = buildSchemaIndex(SCHEMA_JSON);

const classByLowerName = new Map([...SCHEMA.classes.values()].map((c) => [c.name.toLowerCase(), c]));

// "Class_msg" aliases (xen-api ocaml/idl/datamodel_utils.ml alternative_wire_name). xapi's generated
// dispatcher (gen_server.ml) matches the whole string, so an alias is just another key: an exact map
// is both O(1) and the same as resolving against the class names. No two (class, message) pairs of
// the current datamodel share an alias (test/xapi/schema.test.ts); should one appear, the first class
// in datamodel order wins, like the first case of a pattern match.
const messageByWireName = new Map<string, MessageSchema>();
for (const c of SCHEMA.classes.values()) {
  for (const m of c.messages.values()) messageByWireName.set(m.wireName, m);
}
for (const c of SCHEMA.classes.values()) {
  for (const m of c.messages.values()) {
    const alias = `${c.name}_${m.name}`;
    if (!messageByWireName.has(alias)) messageByWireName.set(alias, m);
  }
}

/** Exact class lookup ("VM", "session"). */
export function findClass(name: string): ClassSchema | undefined {
  return SCHEMA.classes.get(name);
}

/** Case-insensitive class lookup: event records name classes in lowercase ("vm", "vdi"; SEMANTICS.md §5). */
export function findClassInsensitive(name: string): ClassSchema | undefined {
  return SCHEMA.classes.get(name) ?? classByLowerName.get(name.toLowerCase());
}

/**
 * Looks up "Class.msg" or "Class_msg" (SEMANTICS.md §2 Dispatch). Does not strip "Async."; use
 * parseWireName for names as they arrive on the wire.
 */
export function findMessage(wireName: string): MessageSchema | undefined {
  return messageByWireName.get(wireName);
}
