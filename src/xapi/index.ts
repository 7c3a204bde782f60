// Public surface of src/xapi: the shared vocabulary (DEVELOPMENT.md, Public entry points). No I/O
// beyond reading schema.generated.json once at load.
/**
 * The emulator makes its refs with newRef from ref.ts; the index keeps it, the contract of docs/DEVELOPMENT.md.
 * @public
 */
export { NULL_REF, newRef } from './ref.ts';
export type { Ref } from './ref.ts';
export type { XapiJs, XapiType } from './types.ts';
export { XapiTypeSyntaxError, parseType } from './parse-type.ts';
export { formatType } from './format-type.ts';
export { XapiDefaultSyntaxError, parseDefault } from './parse-default.ts';
export type { ClassSchema, FieldSchema, MessageSchema, Schema } from './schema-types.ts';
export { SCHEMA, SCHEMA_JSON, findClass, findClassInsensitive, findMessage } from './schema.ts';
export {
  findRelease,
  latestRelease,
  lifecycleServes,
  parseXapiVersion,
  releaseAtLeast,
  releaseOf,
  servedIn,
} from './releases.ts';
export type { ReleaseMatch } from './releases.ts';
export { parseWireName } from './wire-name.ts';
export { memoizeLookup } from './memoize-lookup.ts';
export { enumProblem, recordEnumProblem } from './enum-problems.ts';
export { ERRORS, UNDECLARED_ERRORS } from './errors.ts';
export { KNOWN_ENUMS, PowerStates, TaskStatuses, VmOperations } from './enums.ts';
export type { PowerState } from './enums.ts';
