// Custom message behaviour, registered per class by the files in src/emulator/messages/ (one file per
// XAPI class). Generic accessors (generic/) cover the implicit messages; a registered implementation
// overrides a generic one of the same name. The emulator loads every file of messages/ at start.
import type { MessageImpl } from './message-context.ts';

const registry = new Map<string, Map<string, MessageImpl>>();

/** Registers implementations for messages of class `cls` (names as in the datamodel: "start"). */
export function registerMessages(cls: string, impls: Readonly<Record<string, MessageImpl>>): void {
  let table = registry.get(cls);
  if (table === undefined) {
    table = new Map();
    registry.set(cls, table);
  }
  for (const [name, impl] of Object.entries(impls)) table.set(name, impl);
}

export function registeredMessage(cls: string, name: string): MessageImpl | undefined {
  return registry.get(cls)?.get(name);
}
