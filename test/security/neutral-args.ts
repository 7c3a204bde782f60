// Well-typed arguments for any message of the schema, so that a call passes the arity and unmarshal
// steps of xapi's dispatch and reaches the session and RBAC checks (SEMANTICS.md §2 "Dispatch").
import type { MessageSchema, XapiJs, XapiType } from '../../src/xapi/index.ts';
import { SCHEMA } from '../../src/xapi/index.ts';
import { constructorRecord } from '../robustness/constructor-record.ts';

export function neutralArg(t: XapiType): XapiJs {
  switch (t.kind) {
    case 'string':
    case 'opaque':
    case 'void':
      return '';
    case 'int':
    case 'float':
      return 0;
    case 'bool':
      return false;
    case 'datetime':
      return new Date(0);
    case 'ref':
      return 'OpaqueRef:NULL';
    case 'enum':
      return SCHEMA.enums.get(t.name)?.[0] ?? '';
    case 'set':
      return [];
    case 'map':
      return {};
    case 'record':
      return constructorRecord(t.cls);
    case 'option':
      return neutralArg(t.of);
  }
}

/** Arguments after session_id: the required ones only (defaulted params may be omitted). */
export function neutralArgs(m: MessageSchema): XapiJs[] {
  return m.params.slice(m.takesSession ? 1 : 0).flatMap((p) => (p.required ? [neutralArg(p.type)] : []));
}

export const ALL_MESSAGES: readonly MessageSchema[] = [...SCHEMA.classes.values()].flatMap((c) => [
  ...c.messages.values(),
]);
