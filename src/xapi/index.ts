// Public surface of src/xapi: the shared vocabulary (DEVELOPMENT.md, Public entry points). No I/O
// beyond reading schema.generated.json once at load.
export { NULL_REF, asRef, isNullRef, isRefString, newRef } from './ref.ts';
export type { Ref } from './ref.ts';
export type { XapiJs, XapiType } from './types.ts';
export { XapiTypeSyntaxError, parseType } from './parse-type.ts';
export { formatType } from './format-type.ts';
export { XapiDefaultSyntaxError, parseDefault } from './parse-default.ts';
export type { DefaultJson } from './parse-default.ts';
export { defaultToXapiJs, parseXapiDateTime } from './default-value.ts';
export type { ClassJson, FieldJson, MessageJson, ParamJson, ReleaseJson, SchemaJson } from './schema-json.ts';
export type {
  ClassSchema,
  FieldQualifier,
  FieldSchema,
  LifecycleState,
  MessageSchema,
  ParamSchema,
  Release,
  Schema,
  TransitionJson,
} from './schema-types.ts';
export {
  SCHEMA,
  SCHEMA_JSON,
  buildSchemaIndex,
  findClass,
  findClassInsensitive,
  findMessage,
} from './schema.ts';
export {
  findRelease,
  latestRelease,
  lifecycleServes,
  parseXapiVersion,
  releaseAtLeast,
  releaseOf,
  servedIn,
} from './releases.ts';
export type { ReleaseMatch, ServedKind } from './releases.ts';
export { parseWireName } from './wire-name.ts';
export type { WireName } from './wire-name.ts';
export { ERRORS, UNDECLARED_ERRORS, errorParams, isKnownError } from './errors.ts';
export type { XapiErrorName } from './errors.ts';
export { KNOWN_ENUMS, PowerStates, TaskStatuses, VmOperations } from './enums.ts';
export type { PowerState, TaskStatus, VmOperation } from './enums.ts';
