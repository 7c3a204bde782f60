// What the model knows of the objects of the generically tracked classes (generic-classes.ts): learned from the
// records the target answers, owned when the harness made them, destroyed when a call of ours removed them.
// Ownership (ARCHITECTURE.md "Touch only what you created"): a VM the model owns; a VBD or VIF of such a VM;
// a VDI tagged with this run's other_config key (the harness tags the disks it makes, harness/tagging.ts); a
// session the model logged in; a task of an Async call of ours. Hosts, pools, SRs and networks never are.
import type { ModelState, ObjectModel } from './model-state.ts';
import { mapDelete, mapSet } from './model-state.ts';

function isStruct(v: unknown): v is Readonly<Record<string, unknown>> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/** Whether the object a record describes is the harness's own. */
function ownedRecord(state: ModelState, cls: string, ref: string, rec: unknown): boolean {
  const r = isStruct(rec) ? rec : {};
  switch (cls) {
    case 'VM':
      return state.vms.get(ref)?.owned === true;
    case 'VBD':
    case 'VIF':
      return typeof r['VM'] === 'string' && state.vms.get(r['VM'])?.owned === true;
    case 'VDI': {
      const tag = state.config.ownerTag;
      const oc = r['other_config'];
      return tag !== undefined && isStruct(oc) && oc[tag.key] === tag.value;
    }
    case 'session':
      return state.sessions.get(ref)?.alive === true;
    case 'task':
      return state.tasks.has(ref);
    default:
      return false;
  }
}

/** An Async task of ours still running: it may be changing any of our objects (VBDs of a cloned VM, ...). */
export function anyBusy(state: ModelState): boolean {
  for (const t of state.tasks.values()) if (!t.settled) return true;
  return false;
}

/** The object's record when nothing may have changed it since it was read (or only our own writes did). */
export function freshRecord(
  state: ModelState,
  o: ObjectModel | undefined,
): Readonly<Record<string, unknown>> | undefined {
  if (o?.record === undefined || o.epoch !== state.readEpoch || anyBusy(state)) return undefined;
  return o.record;
}

function objectOf(
  state: ModelState,
  cls: string,
  ref: string,
  rec: Readonly<Record<string, unknown>>,
): ObjectModel {
  const uuid = typeof rec['uuid'] === 'string' && rec['uuid'] !== '' ? rec['uuid'] : undefined;
  return {
    cls,
    ref,
    owned: ownedRecord(state, cls, ref, rec),
    ...(uuid === undefined ? {} : { uuid }),
    record: rec,
    // Read while a task of ours runs: it may be half-way, never fresh.
    epoch: anyBusy(state) ? -1 : state.readEpoch,
  };
}

/** Learns one record as the target answered it. */
export function learnObject(state: ModelState, cls: string, ref: string, rec: unknown): ModelState {
  if (!isStruct(rec) || state.destroyedObjects.has(ref)) return state;
  return { ...state, objects: mapSet(state.objects, ref, objectOf(state, cls, ref, rec)) };
}

/** Learns a get_all_records answer; objects of the class we do not own and that it lacks are forgotten. */
export function learnObjects(state: ModelState, cls: string, records: unknown): ModelState {
  if (!isStruct(records)) return state;
  // One copy of the map, however many records (a real pool lists thousands).
  const objects = new Map(state.objects);
  for (const o of state.objects.values())
    if (o.cls === cls && !o.owned && !Object.hasOwn(records, o.ref)) objects.delete(o.ref);
  for (const [ref, rec] of Object.entries(records))
    if (isStruct(rec) && !state.destroyedObjects.has(ref)) objects.set(ref, objectOf(state, cls, ref, rec));
  return { ...state, objects };
}

/** Forgets an object someone else destroyed (not ours: ours are only destroyed by us). */
export function forgetObject(state: ModelState, ref: string): ModelState {
  const o = state.objects.get(ref);
  return o === undefined || o.owned ? state : { ...state, objects: mapDelete(state.objects, ref) };
}

/** Marks objects destroyed: reads give HANDLE_INVALID, lists leave them out, by-uuid finds nothing. */
function destroyObjects(state: ModelState, refs: readonly string[]): ModelState {
  if (refs.length === 0) return state;
  let objects = state.objects;
  let destroyed = state.destroyedObjects;
  for (const ref of refs) {
    const o = objects.get(ref);
    if (o === undefined) continue;
    objects = mapDelete(objects, ref);
    destroyed = mapSet(destroyed, ref, o);
  }
  return { ...state, objects, destroyedObjects: destroyed };
}

/**
 * VM.destroy removes the VM with its VBDs and VIFs; its VDIs stay (xapi_vm_helpers.ml destroy; SEMANTICS.md §4
 * "Destroy"). The devices the model knows of (by their records' VM field) go with it.
 */
export function destroyVmObjects(state: ModelState, vm: string): ModelState {
  const gone = [vm];
  for (const o of state.objects.values()) {
    if ((o.cls === 'VBD' || o.cls === 'VIF') && o.record?.['VM'] === vm) gone.push(o.ref);
  }
  return destroyObjects(state, gone);
}

/** Applies a write of ours to the record the model holds (keeping its freshness). */
export function patchObject(
  state: ModelState,
  ref: string,
  f: (rec: Readonly<Record<string, unknown>>) => Readonly<Record<string, unknown>>,
): ModelState {
  const o = state.objects.get(ref);
  if (o?.record === undefined) return state;
  return { ...state, objects: mapSet(state.objects, ref, { ...o, record: f(o.record) }) };
}

/** Objects of a class, the harness's own or all, in the order the model first saw them (stable for a seed). */
export function objectsOf(state: ModelState, cls: string, ownedOnly = false): ObjectModel[] {
  return [...state.objects.values()].filter((o) => o.cls === cls && (!ownedOnly || o.owned));
}
