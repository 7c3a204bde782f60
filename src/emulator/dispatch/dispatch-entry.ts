// One precomputed dispatch entry per message, so a call costs a Map lookup plus its own checks
// (issue 3 "Speed"). Built once per emulator from the schema and the registered implementations.
import { genericImpl } from '../generic/generic-messages.ts';
import type { MessageImpl } from '../registry/message-context.ts';
import { registeredMessage } from '../registry/message-registry.ts';
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

export interface DispatchTable {
  /** By wire name, both "Class.msg" and "Class_msg" (datamodel_utils.ml wire_name / alternative). */
  readonly byName: ReadonlyMap<string, DispatchEntry>;
  /** system.listMethods: every "Class.msg" (gen_server.ml lists the sync wire names). */
  readonly methods: readonly string[];
}

export function buildDispatchTable(schema: EmuSchema): DispatchTable {
  const byName = new Map<string, DispatchEntry>();
  const methods: string[] = [];
  for (const cls of schema.classes.values()) {
    for (const msg of cls.messages.values()) {
      const impl = registeredMessage(cls.name, msg.name) ?? genericImpl(cls, msg);
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
  return { byName, methods };
}
