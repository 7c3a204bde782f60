// The generic messages of every tracked class (issue 17 item 3; generic-classes.ts), checked against each other
// and against what the model has seen:
// - get_record: a record read again with no call of ours in between shows the same values; its uuid never
//   changes; every enum-typed field holds a member of its enum (src/xapi/enum-problems.ts).
// - get_<field>: the value the record showed (fields only API calls change, generic-classes.ts comparedField).
// - get_by_uuid: the object of that uuid; of a uuid nobody has, UUID_INVALID [class; uuid] (exnHelper.ml
//   Read_missing_uuid; SEMANTICS.md §2).
// - get_by_name_label: every object of ours of that name, none of ours of another name (gen_db_actions.ml
//   get_by_name_label filters the table by name_label).
// - get_all and get_all_records: each lists every object of ours, none destroyed.
// - writes on our own objects (name_description, other_config keys, tags): then the getter and the record
//   show them; add_to of a present key is MAP_DUPLICATE_KEY [class; field; uuid; key]; remove_from of an
//   absent key and add of a present tag change nothing (SEMANTICS.md §2).
// Objects the harness did not make are only read, and may vanish at any time (HANDLE_INVALID then) on a real
// host; only their uuid is certain. VMs keep their own handlers where vm-calls.ts has one.
import { valuesEqual } from './check.ts';
import type { Expected, Shape } from './expected.ts';
import { anyParam, equalsShape, fails, oneOf, succeeds, unpredictable, voidShape } from './expected.ts';
import type { GenericMessage, GenericVerb } from './generic-classes.ts';
import { comparedField } from './generic-classes.ts';
import {
  anyBusy,
  forgetObject,
  freshRecord,
  learnObject,
  learnObjects,
  objectsOf,
  patchObject,
} from './generic-objects.ts';
import type { ModelState, ObjectModel } from './model-state.ts';
import { withChange } from './model-state.ts';
import type { Handler, Outcome } from './prediction.ts';
import { unchanged } from './prediction.ts';
import type { FieldSchema } from '../xapi/index.ts';
import { SCHEMA } from '../xapi/index.ts';

function handleInvalid(cls: string, ref: string): Expected {
  return fails('HANDLE_INVALID', [cls, ref]);
}

/** Enum values are checked unless the target runs a release newer than the schema (its enums may have grown). */
function enumsShape(state: ModelState, shape: Extract<Shape, { kind: 'enums' }>): Shape[] {
  const r = state.config.release;
  return r.beyondKnown || r.unknown ? [] : [shape];
}

/**
 * Whether a field of ours is held to the value its fresh record showed. A live VM's constructor-set fields
 * are not: xapi itself updates some of them while the domain runs (memory_target as the host's memory is
 * balanced: xenopsd events, ocaml/xapi/xapi_xenops.ml), with no call of ours; its RW fields and uuid still are.
 */
function compared(state: ModelState, o: ObjectModel | undefined, f: FieldSchema): boolean {
  if (!comparedField(f)) return false;
  if (o?.cls !== 'VM' || f.qualifier === 'RW' || f.name === 'uuid') return true;
  const power = state.vms.get(o.ref)?.powerState;
  return power === 'Halted' || power === 'Suspended';
}

/** What a record of this object must show: everything, when ours and fresh; else its uuid. */
function objectRecordShape(state: ModelState, cls: string, o: ObjectModel | undefined): Shape {
  const fields: Record<string, Shape> = {};
  const fresh = o?.owned === true ? freshRecord(state, o) : undefined;
  const schema = SCHEMA.classes.get(cls);
  if (fresh !== undefined && schema !== undefined) {
    for (const f of schema.fields)
      if (compared(state, o, f) && Object.hasOwn(fresh, f.name)) fields[f.name] = equalsShape(fresh[f.name]);
  } else if (o?.uuid !== undefined) fields['uuid'] = equalsShape(o.uuid);
  return {
    kind: 'allOf',
    shapes: [{ kind: 'record', fields }, ...enumsShape(state, { kind: 'enums', cls })],
  };
}

/** A read of one object: destroyed ones are gone; others' objects may vanish (then forgotten). */
function read(
  state: ModelState,
  cls: string,
  ref: string,
  shape: (o: ObjectModel | undefined) => Shape,
  learn?: (s: ModelState, value: unknown) => ModelState,
): Outcome {
  if (state.destroyedObjects.has(ref) || (cls === 'VM' && state.destroyedVms.has(ref)))
    return unchanged(handleInvalid(cls, ref));
  const o = state.objects.get(ref);
  const found = succeeds(shape(o));
  return {
    expected: o?.owned === true ? found : oneOf(found, handleInvalid(cls, ref)),
    effect: (s, observed) => {
      if (!observed.ok) return observed.code === 'HANDLE_INVALID' ? forgetObject(s, ref) : s;
      return learn === undefined ? s : learn(s, observed.value);
    },
  };
}

function getRecord(msg: GenericMessage): Handler {
  return (ctx) => {
    const ref = String(ctx.params[0]);
    return read(
      ctx.state,
      msg.cls,
      ref,
      (o) => objectRecordShape(ctx.state, msg.cls, o),
      (s, v) => learnObject(s, msg.cls, ref, v),
    );
  };
}

function getField(msg: GenericMessage): Handler {
  const field = msg.field;
  return (ctx) => {
    const ref = String(ctx.params[0]);
    if (field === undefined) return unchanged(unpredictable('no field'));
    return read(ctx.state, msg.cls, ref, (o) => {
      const fresh = o?.owned === true ? freshRecord(ctx.state, o) : undefined;
      const enums = enumsShape(ctx.state, { kind: 'enums', cls: msg.cls, field: field.name });
      let value: Shape = { kind: 'any' };
      if (field.name === 'uuid' && o?.uuid !== undefined) value = equalsShape(o.uuid);
      else if (fresh !== undefined && compared(ctx.state, o, field) && Object.hasOwn(fresh, field.name))
        value = equalsShape(fresh[field.name]);
      return { kind: 'allOf', shapes: [value, ...enums] };
    });
  };
}

function liveAndGone(state: ModelState, cls: string): { present: string[]; absent: string[] } {
  return {
    present: objectsOf(state, cls, true).map((o) => o.ref),
    absent: [...state.destroyedObjects.values()].filter((o) => o.cls === cls).map((o) => o.ref),
  };
}

function getAll(msg: GenericMessage): Handler {
  return (ctx) => unchanged(succeeds({ kind: 'refList', ...liveAndGone(ctx.state, msg.cls) }));
}

function getAllRecords(msg: GenericMessage): Handler {
  return (ctx) => {
    const { present, absent } = liveAndGone(ctx.state, msg.cls);
    const shapes: Record<string, Shape> = {};
    for (const ref of present)
      shapes[ref] = objectRecordShape(ctx.state, msg.cls, ctx.state.objects.get(ref));
    return {
      expected: succeeds({
        kind: 'allOf',
        shapes: [
          { kind: 'refMap', present: shapes, absent },
          ...enumsShape(ctx.state, { kind: 'enums', cls: msg.cls, many: true }),
        ],
      }),
      effect: (s, observed) => (observed.ok ? learnObjects(s, msg.cls, observed.value) : s),
    };
  };
}

function getByUuid(msg: GenericMessage): Handler {
  return (ctx) => {
    const uuid = String(ctx.params[0]);
    const missing = fails('UUID_INVALID', [msg.cls, uuid]);
    const o = objectsOf(ctx.state, msg.cls).find((x) => x.uuid === uuid);
    // A uuid the model never saw, or one of an object destroyed since (the harness makes up the others).
    if (o === undefined) return unchanged(missing);
    const found = succeeds(equalsShape(o.ref));
    return unchanged(o.owned ? found : oneOf(found, missing));
  };
}

function getByNameLabel(msg: GenericMessage): Handler {
  return (ctx) => {
    const label = String(ctx.params[0]);
    if (anyBusy(ctx.state)) return unchanged(unpredictable('an Async task of ours is running'));
    const ours = objectsOf(ctx.state, msg.cls, true);
    const named = (o: ObjectModel): boolean => o.record?.['name_label'] === label;
    return unchanged(
      succeeds({
        kind: 'refList',
        present: ours.filter(named).map((o) => o.ref),
        absent: [
          ...ours.filter((o) => o.record !== undefined && !named(o)).map((o) => o.ref),
          ...liveAndGone(ctx.state, msg.cls).absent,
        ],
      }),
    );
  };
}

/** A write of ours: only on our own objects (the commands never write others'; the model would not know). */
function write(
  msg: GenericMessage,
  predict: (
    o: ObjectModel,
    fresh: Readonly<Record<string, unknown>> | undefined,
    params: readonly unknown[],
  ) => {
    readonly expected: Expected;
    readonly patch?: (rec: Readonly<Record<string, unknown>>) => Readonly<Record<string, unknown>>;
  },
): Handler {
  return (ctx) => {
    const ref = String(ctx.params[0]);
    if (ctx.state.destroyedObjects.has(ref)) return unchanged(handleInvalid(msg.cls, ref));
    const o = ctx.state.objects.get(ref);
    if (o === undefined || !o.owned)
      return unchanged(unpredictable('a write on an object the harness does not own'));
    const { expected, patch } = predict(o, freshRecord(ctx.state, o), ctx.params.slice(1));
    if (patch === undefined) return unchanged(expected);
    return {
      expected,
      effect: (s, observed) => {
        if (!observed.ok) return s;
        const before = s.objects.get(ref)?.record;
        const next = patchObject(s, ref, patch);
        // A change to a VM is a `mod` for event.from watchers (SEMANTICS.md §6); writing what is already there
        // is none (db_cache_impl.ml write_field_locked), nor is a write to a record the model has not read.
        const changed = before !== undefined && !valuesEqual(before, next.objects.get(ref)?.record);
        return msg.cls === 'VM' && changed ? withChange(next, 'vm', ref, 'mod') : next;
      },
    };
  };
}

function mapOf(v: unknown): Readonly<Record<string, unknown>> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function listOf(v: unknown): readonly unknown[] {
  return Array.isArray(v) ? v : [];
}

const setField = (msg: GenericMessage): Handler =>
  write(msg, (_o, fresh, [value]) => {
    const f = msg.field?.name ?? '';
    // Writing the value a field already has is no change (db_cache_impl.ml write_field_locked; SEMANTICS.md §6).
    if (fresh !== undefined && fresh[f] === value) return { expected: succeeds(voidShape) };
    return { expected: succeeds(voidShape), patch: (r) => ({ ...r, [f]: value }) };
  });

const addTo = (msg: GenericMessage): Handler =>
  write(msg, (o, fresh, [key, value]) => {
    const f = msg.field?.name ?? '';
    const k = String(key);
    const duplicate = fails('MAP_DUPLICATE_KEY', [msg.cls, f, o.uuid ?? anyParam, k]);
    const ok = {
      expected: succeeds(voidShape),
      patch: (r: Readonly<Record<string, unknown>>) => ({ ...r, [f]: { ...mapOf(r[f]), [k]: value } }),
    };
    if (fresh === undefined) return { ...ok, expected: oneOf(ok.expected, duplicate) };
    return Object.hasOwn(mapOf(fresh[f]), k) ? { expected: duplicate } : ok;
  });

const removeFrom = (msg: GenericMessage): Handler =>
  write(msg, (_o, _fresh, [key]) => {
    const f = msg.field?.name ?? '';
    const k = String(key);
    return {
      expected: succeeds(voidShape),
      patch: (r) => {
        const { [k]: _gone, ...rest } = mapOf(r[f]);
        return { ...r, [f]: rest };
      },
    };
  });

const addToSet = (msg: GenericMessage): Handler =>
  write(msg, (_o, _fresh, [value]) => {
    const f = msg.field?.name ?? '';
    return {
      expected: succeeds(voidShape),
      patch: (r) => (listOf(r[f]).includes(value) ? r : { ...r, [f]: [...listOf(r[f]), value] }),
    };
  });

const removeFromSet = (msg: GenericMessage): Handler =>
  write(msg, (_o, _fresh, [value]) => {
    const f = msg.field?.name ?? '';
    return {
      expected: succeeds(voidShape),
      patch: (r) => ({ ...r, [f]: listOf(r[f]).filter((x) => x !== value) }),
    };
  });

/** The handler builder of each generic verb (the type makes it cover every verb). */
const HANDLER_OF: Readonly<Record<GenericVerb, (msg: GenericMessage) => Handler>> = {
  get_record: getRecord,
  get_all: getAll,
  get_all_records: getAllRecords,
  get_by_uuid: getByUuid,
  get_by_name_label: getByNameLabel,
  get: getField,
  set: setField,
  add_to: addTo,
  remove_from: removeFrom,
  add: addToSet,
  remove: removeFromSet,
};

/** The handler of a generic message. */
export function genericHandler(msg: GenericMessage): Handler {
  return HANDLER_OF[msg.verb](msg);
}
