// The messages the model covers, with their parameter types (session excluded), from the datamodel
// (../shared/xapi/xenapi.json; facts only). `optional` counts trailing parameters with defaults
// (`required: false`), which arity checks do not count (SEMANTICS.md §2, "Order of checks").

import { splitAsyncPrefix } from '../xapi/wire-name.ts';

export type ParamType = 'string' | 'bool' | 'float' | 'int' | 'ref' | 'string set' | 'map' | 'any';

export interface MessageSpec {
  readonly params: readonly ParamType[];
  readonly optional: number;
  /** Takes a session as its first wire parameter. */
  readonly session: boolean;
  /** Has an Async. form (Custom messages with the Async flag, plus create/destroy; SEMANTICS.md §1 gap b). */
  readonly async: boolean;
}

function m(params: readonly ParamType[], opts: Partial<Omit<MessageSpec, 'params'>> = {}): MessageSpec {
  return { params, optional: 0, session: true, async: false, ...opts };
}

const POWER_OP = m(['ref'], { async: true });

export const MESSAGES: Readonly<Record<string, MessageSpec>> = {
  'session.login_with_password': m(['string', 'string', 'string', 'string'], { optional: 2, session: false }),
  'session.logout': m([]),
  'session.get_uuid': m(['ref']),
  'session.get_this_user': m(['ref']),
  'VM.get_all': m([]),
  'VM.get_all_records': m([]),
  'VM.get_record': m(['ref']),
  'VM.get_uuid': m(['ref']),
  'VM.get_by_uuid': m(['string']),
  'VM.get_by_name_label': m(['string']),
  'VM.get_power_state': m(['ref']),
  'VM.get_name_label': m(['ref']),
  'VM.get_is_a_template': m(['ref']),
  'VM.get_allowed_operations': m(['ref']),
  'VM.get_other_config': m(['ref']),
  'VM.set_name_label': m(['ref', 'string']),
  'VM.add_to_other_config': m(['ref', 'string', 'string']),
  'VM.remove_from_other_config': m(['ref', 'string']),
  'VM.clone': m(['ref', 'string'], { async: true }),
  'VM.snapshot': m(['ref', 'string', 'string set'], { async: true, optional: 1 }),
  'VM.provision': POWER_OP,
  'VM.start': m(['ref', 'bool', 'bool'], { async: true }),
  'VM.resume': m(['ref', 'bool', 'bool'], { async: true }),
  'VM.pause': POWER_OP,
  'VM.unpause': POWER_OP,
  'VM.clean_shutdown': POWER_OP,
  'VM.hard_shutdown': POWER_OP,
  'VM.shutdown': POWER_OP,
  'VM.clean_reboot': POWER_OP,
  'VM.hard_reboot': POWER_OP,
  'VM.suspend': POWER_OP,
  'VM.destroy': m(['ref'], { async: true }),
  'VIF.create': m(['any'], { async: true }),
  'task.get_record': m(['ref']),
  'task.get_status': m(['ref']),
  'task.get_progress': m(['ref']),
  'task.cancel': m(['ref'], { async: true }),
  // No Async form: task.destroy is a Custom message without the async flag (schema hasAsync false,
  // test/model/messages-schema.test.ts).
  'task.destroy': m(['ref']),
  'event.from': m(['string set', 'string', 'float']),
};

/**
 * Splits "Async.VM.start" into its sync name and the async flag (server_helpers.ml
 * sync_ty_and_maybe_remove_prefix; the prefixes are src/xapi/wire-name.ts's).
 */
export function parseWireName(method: string): { readonly name: string; readonly async: boolean } {
  const { mode, name } = splitAsyncPrefix(method);
  return { name, async: mode !== 'sync' };
}

/** Whether a JS value is acceptable where the datamodel says `t` (RPC unmarshal rules, SEMANTICS.md §2 table). */
export function typeAccepts(t: ParamType, v: unknown): boolean {
  switch (t) {
    case 'string':
    case 'ref':
      return typeof v === 'string';
    case 'bool':
      return typeof v === 'boolean';
    case 'float':
      return (
        typeof v === 'number' ||
        typeof v === 'bigint' ||
        (typeof v === 'string' && Number.isFinite(Number(v)))
      );
    case 'int':
      return (
        (typeof v === 'number' && Number.isInteger(v)) ||
        typeof v === 'bigint' ||
        (typeof v === 'string' && /^-?\d+$/.test(v))
      );
    case 'string set':
      return Array.isArray(v) && v.every((x) => typeof x === 'string');
    case 'map':
      return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
    case 'any':
      return true;
  }
}
