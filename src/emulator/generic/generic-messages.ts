// Behaviour of the implicit messages every class gets from the datamodel (xen-api
// ocaml/idl/datamodel_utils.ml: getters, setters, map/set modifiers, get_record, get_all,
// get_all_records, get_by_uuid, get_by_name_label, create, destroy), derived from the schema so that
// all 72 classes are covered without per-class code.
import { newRef } from '../../xapi/ref.ts';
import type { XapiJs, XapiType } from '../../xapi/types.ts';
import { randomUUID } from 'node:crypto';
import { fail } from '../dispatch/xapi-error.ts';
import type { MessageArgs, MessageContext, MessageImpl } from '../registry/message-context.ts';
import { RecordMapResult, RecordResult } from '../registry/result-values.ts';
import type { EmuClass, EmuField, EmuMessage } from '../schema/schema-view.ts';

type Impl = (ctx: MessageContext, a: readonly XapiJs[]) => ReturnType<MessageImpl>;

function positional(impl: Impl): MessageImpl {
  return (ctx: MessageContext, args: MessageArgs) => {
    // A loop, not map(): no closure per call on the get_record path (issue 16).
    const ps = ctx.message.params;
    const a = new Array<XapiJs>(ps.length);
    for (let i = 0; i < ps.length; i++) a[i] = args[ps[i]!.name] ?? '';
    return impl(ctx, a);
  };
}

function str(v: XapiJs | undefined): string {
  return typeof v === 'string' ? v : '';
}

function uuidOf(ctx: MessageContext, cls: string, ref: string): string {
  return str(ctx.db.get(cls, ref)?.record['uuid']);
}

/** Applies a setter unless the `lost-write` fault is on (then it is acknowledged and dropped). */
function write(
  ctx: MessageContext,
  cls: string,
  ref: string,
  patch: Readonly<Record<string, XapiJs>>,
): XapiJs {
  ctx.get(cls, ref);
  if (!ctx.faults.has('lost-write')) ctx.db.update(cls, ref, patch);
  return '';
}

function mapOf(v: XapiJs | undefined): Readonly<Record<string, XapiJs>> {
  return v !== undefined && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)
    ? (v as Readonly<Record<string, XapiJs>>)
    : {};
}

function setOf(v: XapiJs | undefined): readonly XapiJs[] {
  return Array.isArray(v) ? (v as readonly XapiJs[]) : [];
}

function sameValue(a: XapiJs, b: XapiJs): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return a === b;
}

function fieldImpl(cls: EmuClass, verb: string, field: EmuField): MessageImpl | undefined {
  const c = cls.name;
  const f = field.name;
  switch (verb) {
    case 'get':
      return positional((ctx, [self]) => {
        const v = ctx.get(c, str(self)).record[f];
        // The `getter-drops-newest` fault: a map or set getter leaves out its newest entry (the record has it).
        if (ctx.faults.has('getter-drops-newest') && v !== undefined) return dropNewest(v);
        return v ?? '';
      });
    case 'set':
      return positional((ctx, [self, value]) => write(ctx, c, str(self), { [f]: value ?? '' }));
    case 'add_to':
      return positional((ctx, [self, key, value]) => {
        const ref = str(self);
        const map = mapOf(ctx.get(c, ref).record[f]);
        const k = str(key);
        // datamodel_errors.ml MAP_DUPLICATE_KEY [type; param_name; uuid; key]
        if (Object.hasOwn(map, k)) fail('MAP_DUPLICATE_KEY', c, f, uuidOf(ctx, c, ref), k);
        return write(ctx, c, ref, { [f]: { ...map, [k]: value ?? '' } });
      });
    case 'remove_from':
      return positional((ctx, [self, key]) => {
        const ref = str(self);
        const map = mapOf(ctx.get(c, ref).record[f]);
        const k = str(key);
        if (!Object.hasOwn(map, k)) return '';
        const next: Record<string, XapiJs> = { ...map };
        delete next[k];
        return write(ctx, c, ref, { [f]: next });
      });
    case 'add':
      return positional((ctx, [self, value]) => {
        const ref = str(self);
        const set = setOf(ctx.get(c, ref).record[f]);
        if (value === undefined || set.some((x) => sameValue(x, value))) return '';
        return write(ctx, c, ref, { [f]: [...set, value] });
      });
    case 'remove':
      return positional((ctx, [self, value]) => {
        const ref = str(self);
        const set = setOf(ctx.get(c, ref).record[f]);
        if (value === undefined || !set.some((x) => sameValue(x, value))) return '';
        return write(ctx, c, ref, { [f]: set.filter((x) => !sameValue(x, value)) });
      });
    default:
      return undefined;
  }
}

function dropNewest(v: XapiJs): XapiJs {
  if (Array.isArray(v)) return (v as readonly XapiJs[]).slice(0, -1);
  if (typeof v !== 'object' || v instanceof Date) return v;
  const entries = Object.entries(v as Readonly<Record<string, XapiJs>>);
  return Object.fromEntries(entries.slice(0, -1));
}

const FIELD_VERBS = ['add_to', 'remove_from', 'get', 'set', 'add', 'remove'] as const;

function sameType(a: XapiType | undefined, b: XapiType | undefined): boolean {
  return a !== undefined && b !== undefined && JSON.stringify(a) === JSON.stringify(b);
}

/** A custom message shaped exactly like a field accessor: (self: cls ref, [key,] value of the field). */
function accessorShaped(cls: EmuClass, msg: EmuMessage, verb: string, field: EmuField): boolean {
  const [self, a, b] = msg.params;
  if (self?.type.kind !== 'ref' || self.type.cls !== cls.name) return false;
  const t = field.type;
  switch (verb) {
    case 'set':
      return msg.params.length === 2 && sameType(a?.type, t);
    case 'add_to':
      return (
        msg.params.length === 3 && t.kind === 'map' && sameType(a?.type, t.key) && sameType(b?.type, t.value)
      );
    case 'remove_from':
      return msg.params.length === 2 && t.kind === 'map' && sameType(a?.type, t.key);
    case 'add':
    case 'remove':
      return msg.params.length === 2 && t.kind === 'set' && sameType(a?.type, t.of);
    default:
      return false;
  }
}

/**
 * The generic behaviour of a message, or undefined when it has none. Implicit messages get theirs
 * from their name. A custom message shaped exactly like a field accessor (e.g. VM.set_memory_static_max,
 * VM.add_to_other_config, task.set_status) gets the plain accessor behaviour.
 * DEVIATION: xapi validates such custom setters (memory constraints, allowed values, side effects);
 * the emulator applies them like generic setters until a class file in messages/ registers the real one.
 */
export function genericImpl(cls: EmuClass, msg: EmuMessage): MessageImpl | undefined {
  if (!msg.implicit) {
    const custom = customObjectImpl(cls, msg);
    if (custom !== undefined) return custom;
    for (const verb of FIELD_VERBS) {
      if (verb === 'get' || !msg.name.startsWith(`${verb}_`)) continue;
      const field = cls.fieldByName.get(msg.name.slice(verb.length + 1));
      if (field !== undefined && accessorShaped(cls, msg, verb, field)) return fieldImpl(cls, verb, field);
    }
    return undefined;
  }
  const c = cls.name;
  switch (msg.name) {
    case 'get_record':
      return positional((ctx, [self]) => new RecordResult(ctx.get(c, str(self))));
    case 'get_all':
      return (ctx) => {
        const refs = Array.from(ctx.db.all(c), (o) => o.ref);
        // The `get-all-misses-newest` fault: get_all leaves out the newest object (get_all_records has it).
        if (ctx.faults.has('get-all-misses-newest')) refs.pop();
        return refs;
      };
    case 'get_all_records':
      return (ctx) => new RecordMapResult([...ctx.db.all(c)]);
    case 'get_by_uuid':
      return positional((ctx, [uuid]) => {
        const ref = ctx.db.refByUuid(c, str(uuid));
        // exnHelper.ml: Db_exn.Read_missing_uuid → UUID_INVALID [table; uuid]
        if (ref === undefined) fail('UUID_INVALID', c, str(uuid));
        // The `get-by-uuid-wrong` fault: another object of the class answers (the first one that is not it).
        if (ctx.faults.has('get-by-uuid-wrong')) {
          for (const o of ctx.db.all(c)) if (o.ref !== ref) return o.ref;
        }
        return ref;
      });
    case 'get_by_name_label':
      return positional((ctx, [label]) => {
        const out: string[] = [];
        for (const o of ctx.db.all(c)) if (o.record['name_label'] === label) out.push(o.ref);
        // The `get-by-name-label-partial` fault: the newest object of that name is left out.
        if (ctx.faults.has('get-by-name-label-partial')) out.pop();
        return out;
      });
    case 'create':
      return createImpl(c);
    case 'destroy':
      return positional((ctx, [self]) => {
        const ref = str(self);
        ctx.get(c, ref);
        ctx.db.remove(c, ref);
        return '';
      });
    default:
      break;
  }
  for (const verb of FIELD_VERBS) {
    const prefix = `${verb}_`;
    if (!msg.name.startsWith(prefix)) continue;
    const field = cls.fieldByName.get(msg.name.slice(prefix.length));
    if (field !== undefined) return fieldImpl(cls, verb, field);
  }
  return undefined;
}

const STANDARD_SHAPES: Readonly<Record<string, (cls: EmuClass, msg: EmuMessage) => boolean>> = {
  get_all: (_c, m) => m.params.length === 0,
  get_all_records: (_c, m) => m.params.length === 0,
  get_record: (c, m) =>
    m.params.length === 1 && m.params[0]?.type.kind === 'ref' && m.params[0].type.cls === c.name,
  destroy: (c, m) =>
    m.params.length === 1 && m.params[0]?.type.kind === 'ref' && m.params[0].type.cls === c.name,
  get_by_uuid: (_c, m) => m.params.length === 1 && m.params[0]?.type.kind === 'string',
};

/**
 * Custom object-level messages with the standard shape (message.get_record, task.destroy, ...) and
 * custom constructors whose parameters are all fields of the class (GPU_group.create(name_label,
 * name_description, other_config), VUSB.create, message.create, ...).
 * DEVIATION: xapi runs class-specific code for these (e.g. host.destroy checks the host is not live);
 * the emulator does the plain database operation until a class file registers the real behaviour.
 */
function customObjectImpl(cls: EmuClass, msg: EmuMessage): MessageImpl | undefined {
  const shape = STANDARD_SHAPES[msg.name];
  if (shape !== undefined) return shape(cls, msg) ? genericImpl(cls, { ...msg, implicit: true }) : undefined;
  if (msg.name !== 'create' || msg.params.length === 0) return undefined;
  if (!msg.params.every((p) => sameType(cls.fieldByName.get(p.name)?.type, p.type))) return undefined;
  const c = cls.name;
  return (ctx, args) => {
    const ref = newRef();
    ctx.db.insert(c, ref, ctx.completeRecord(c, { ...args, uuid: randomUUID() }));
    return ref;
  };
}

function createImpl(c: string): MessageImpl {
  return (ctx, args) => {
    // The dispatcher has unmarshalled the constructor struct into a typed partial record
    // (dispatch/unmarshal-args.ts), defaults included; uuid and runtime fields are generated here.
    const partial = Object.values(args)[0];
    const ref = newRef();
    ctx.db.insert(c, ref, ctx.completeRecord(c, { ...mapOf(partial), uuid: randomUUID() }));
    return ref;
  };
}
