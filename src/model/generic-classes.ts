// The datamodel's generic surface (issue 17 item 3), derived from the schema rather than listed by hand: for
// each class the model tracks, which implicit messages it has (get_by_uuid, get_by_name_label, get_record,
// get_all, get_all_records, a getter per field) and the writes the harness makes on its own objects
// (set_name_description, add_to/remove_from on other_config, add/remove on tags). xapi generates these from
// the datamodel (ocaml/idl/datamodel_utils.ml implicit messages; ocaml/idl/ocaml_backend/gen_db_actions.ml).
import type { ClassSchema, FieldSchema } from '../xapi/index.ts';
import { memoizeLookup, SCHEMA } from '../xapi/index.ts';
import type { MessageSpec } from './messages.ts';
import { paramTypeOf } from './param-type-of.ts';

/** The classes the model tracks: the harness's VMs and their devices and disks, and what they live on. */
export const GENERIC_CLASSES = [
  'VM',
  'VDI',
  'VBD',
  'VIF',
  'SR',
  'network',
  'host',
  'pool',
  'session',
  'task',
] as const;

export type GenericVerb =
  | 'get_record'
  | 'get_all'
  | 'get_all_records'
  | 'get_by_uuid'
  | 'get_by_name_label'
  | 'get'
  | 'set'
  | 'add_to'
  | 'remove_from'
  | 'add'
  | 'remove';

export interface GenericMessage {
  readonly cls: string;
  readonly verb: GenericVerb;
  /** The field of a getter or a write. */
  readonly field?: FieldSchema;
}

/** The writes the harness makes on its own objects: descriptions, other_config keys, tags. */
const WRITES: Readonly<Record<string, { verb: GenericVerb; field: string }>> = {
  set_name_description: { verb: 'set', field: 'name_description' },
  add_to_other_config: { verb: 'add_to', field: 'other_config' },
  remove_from_other_config: { verb: 'remove_from', field: 'other_config' },
  add_tags: { verb: 'add', field: 'tags' },
  remove_tags: { verb: 'remove', field: 'tags' },
};

const WHOLE: readonly GenericVerb[] = [
  'get_record',
  'get_all',
  'get_all_records',
  'get_by_uuid',
  'get_by_name_label',
];

const TRACKED = new Set<string>(GENERIC_CLASSES);

function classOf(name: string): ClassSchema | undefined {
  return TRACKED.has(name) ? SCHEMA.classes.get(name) : undefined;
}

/** The generic message a wire name ("VBD.get_mode") stands for, when its class is tracked and it exists. */
export const genericMessage = memoizeLookup(parse);

function parse(wireName: string): GenericMessage | undefined {
  const dot = wireName.indexOf('.');
  const cls = classOf(wireName.slice(0, dot));
  const name = wireName.slice(dot + 1);
  if (cls === undefined || !cls.messages.has(name)) return undefined;
  const whole = WHOLE.find((v) => v === name);
  if (whole !== undefined) return { cls: cls.name, verb: whole };
  const write = WRITES[name];
  if (write !== undefined) {
    const field = cls.fieldByName.get(write.field);
    // A custom message of the same name (VDI.set_name_description goes to the storage driver) is not generic.
    return field === undefined || cls.messages.get(name)?.implicit !== true
      ? undefined
      : { cls: cls.name, verb: write.verb, field };
  }
  if (!name.startsWith('get_')) return undefined;
  const field = cls.fieldByName.get(name.slice(4));
  return field === undefined ? undefined : { cls: cls.name, verb: 'get', field };
}

/** The parameter spec of a generic message, from the schema (session excluded; none are async). */
export function genericSpec(wireName: string): MessageSpec | undefined {
  if (genericMessage(wireName) === undefined) return undefined;
  const dot = wireName.indexOf('.');
  const msg = SCHEMA.classes.get(wireName.slice(0, dot))?.messages.get(wireName.slice(dot + 1));
  if (msg === undefined) return undefined;
  const params = (msg.takesSession ? msg.params.slice(1) : msg.params).map((p) => paramTypeOf(p.type));
  return { params, optional: 0, session: msg.takesSession, async: msg.hasAsync };
}

/**
 * Fields a getter must answer as the record showed them, on the harness's own objects: what only API calls
 * change (RW and constructor-set fields) and the uuid. Runtime fields (RO/runtime) xapi and the guest update
 * on their own, e.g. a disk's physical_utilisation as a running guest writes, or a session's last_active.
 */
export function comparedField(f: FieldSchema): boolean {
  return f.name === 'uuid' || f.qualifier !== 'RO/runtime';
}

/** Every getter of a tracked class, in schema order (the generic-surface command picks among them). */
export function getterFields(cls: string): readonly FieldSchema[] {
  const c = classOf(cls);
  if (c === undefined) return [];
  return c.fields.filter((f) => genericMessage(`${cls}.get_${f.name}`) !== undefined);
}
