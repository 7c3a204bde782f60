// One precomputed dispatch entry per message, so a call costs a Map lookup plus its own checks
// (issue 3 "Speed"). Built once per emulator from the schema and the tables of messages/.
import { CALL_MODES, withAsyncPrefix, type CallMode } from '../../xapi/wire-name.ts';
import { genericImpl } from '../generic/generic-messages.ts';
import { MESSAGE_TABLES } from '../messages/message-tables.ts';
import type { MessageImpl, MessageTable } from '../registry/message-context.ts';
import type { EmuClass, EmuMessage, EmuSchema } from '../schema/schema-view.ts';

export interface DispatchEntry {
  readonly msg: EmuMessage;
  readonly cls: EmuClass;
  /** undefined: no behaviour yet (answers NOT_IMPLEMENTED, never a silent success). */
  readonly impl: MessageImpl | undefined;
  /** Parameters without a default, session excluded: the arity xapi checks (gen_server.ml). */
  readonly required: number;
  /** Some parameter has a default: surplus parameters are then ignored (gen_server.ml `default_args`). */
  readonly hasDefaults: boolean;
  /** A generated constructor: one struct parameter after the session. */
  readonly isCtor: boolean;
  readonly roles: ReadonlySet<string>;
  readonly removed: boolean;
}

/** A method name as it arrives on the wire, resolved once at start. */
interface WireEntry {
  readonly entry: DispatchEntry;
  readonly mode: CallMode;
  /** The name without the async prefix, as sent ("VM.start" or "VM_start"). */
  readonly name: string;
}

export interface DispatchTable {
  /** By wire name, both "Class.msg" and "Class_msg" (datamodel_utils.ml wire_name / alternative). */
  readonly byName: ReadonlyMap<string, DispatchEntry>;
  /**
   * By the name as sent, with or without "Async." / "InternalAsync." (server_helpers.ml
   * sync_ty_and_maybe_remove_prefix): a call costs one Map lookup, no prefix parsing (issue 16).
   */
  readonly byWireName: ReadonlyMap<string, WireEntry>;
  /** system.listMethods: every "Class.msg" (gen_server.ml lists the sync wire names). */
  readonly methods: readonly string[];
}

/**
 * `tables` (by class) override the generic implementation of the messages they name; every name must
 * be a message of the schema, so that a misspelt entry fails at start instead of never running.
 */
export function buildDispatchTable(
  schema: EmuSchema,
  tables: Readonly<Record<string, MessageTable>> = MESSAGE_TABLES,
  /**
   * The release's API surface (release/release-profile.ts): a class or message the release does not
   * serve gets no entry, so it answers MESSAGE_METHOD_UNKNOWN [name] as on a host of that release
   * (SEMANTICS.md §10). A message the release has removed keeps its entry (MESSAGE_REMOVED).
   */
  serves?: (kind: 'class' | 'message', name: string) => boolean,
): DispatchTable {
  for (const [cls, table] of Object.entries(tables)) {
    for (const name of Object.keys(table)) {
      if (schema.classes.get(cls)?.messages.get(name) === undefined)
        throw new Error(`messages/${cls}.ts implements ${cls}.${name}, which the schema does not have`);
    }
  }
  const byName = new Map<string, DispatchEntry>();
  const methods: string[] = [];
  for (const cls of schema.classes.values()) {
    if (serves !== undefined && !serves('class', cls.name)) continue;
    const custom = tables[cls.name];
    for (const msg of cls.messages.values()) {
      if (serves !== undefined && msg.state !== 'Removed' && !serves('message', msg.wireName)) continue;
      const own = custom !== undefined && Object.hasOwn(custom, msg.name) ? custom[msg.name] : undefined;
      const impl = own ?? genericImpl(cls, msg);
      const isCtor =
        msg.implicit &&
        msg.name === 'create' &&
        msg.params.length === 1 &&
        msg.params[0]?.type.kind === 'record';
      const entry: DispatchEntry = {
        msg,
        cls,
        impl,
        required: msg.params.filter((p) => p.required).length,
        hasDefaults: !isCtor && msg.params.some((p) => !p.required),
        isCtor,
        roles: new Set(msg.roles),
        removed: msg.state === 'Removed',
      };
      byName.set(`${cls.name}.${msg.name}`, entry);
      byName.set(`${cls.name}_${msg.name}`, entry);
      methods.push(`${cls.name}.${msg.name}`);
    }
  }
  const byWireName = new Map<string, WireEntry>();
  for (const mode of CALL_MODES) {
    for (const [name, entry] of byName) byWireName.set(withAsyncPrefix(mode, name), { entry, mode, name });
  }
  return { byName, byWireName, methods };
}
