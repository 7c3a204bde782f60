// Well-typed arguments for any message of the schema, so that a call passes the arity and unmarshal
// steps of xapi's dispatch and reaches the session and RBAC checks (SEMANTICS.md §2 "Dispatch").
import type { MessageSchema, XapiJs, XapiType } from '../../src/xapi/index.ts';
import { zeroValue } from '../../src/emulator/schema/record-defaults.ts';
import { SCHEMA } from '../../src/xapi/index.ts';
import { constructorRecord } from '../robustness/constructor-record.ts';

/** The emulator's zero value of the type, except that records are complete constructor records. */
export function neutralArg(t: XapiType): XapiJs {
  if (t.kind === 'record') return constructorRecord(t.cls);
  if (t.kind === 'option') return neutralArg(t.of);
  return zeroValue(t, SCHEMA.enums) ?? '';
}

/** Arguments after session_id: the required ones only (defaulted params may be omitted). */
export function neutralArgs(m: MessageSchema): XapiJs[] {
  return m.params.slice(m.takesSession ? 1 : 0).flatMap((p) => (p.required ? [neutralArg(p.type)] : []));
}

export const ALL_MESSAGES: readonly MessageSchema[] = [...SCHEMA.classes.values()].flatMap((c) => [
  ...c.messages.values(),
]);
