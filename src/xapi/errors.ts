// The XAPI error catalogue: wire name -> declared parameter names (SEMANTICS.md §1 gap (a);
// derived from xen-api ocaml/idl/datamodel_errors.ml + ocaml/xapi-consts/api_errors.ml via
// ../shared/xapi/xapi_errors_derived.json, copied into schema.generated.json by gen-schema).
import { SCHEMA_JSON } from './schema.ts';

/** Error name -> declared parameter names. Wire names without a datamodel entry map to []. */
export const ERRORS: ReadonlyMap<string, readonly string[]> = new Map(Object.entries(SCHEMA_JSON.errors));

/** Wire names xapi raises that have no datamodel entry, so their parameters are undeclared. */
export const UNDECLARED_ERRORS: ReadonlySet<string> = new Set(SCHEMA_JSON.undeclaredErrors);

/** Names of the errors the harness raises or checks. Verbatim wire names (ARCHITECTURE.md, Habits 5). */
export const XapiErrors = {
  SESSION_INVALID: 'SESSION_INVALID',
  SESSION_AUTHENTICATION_FAILED: 'SESSION_AUTHENTICATION_FAILED',
  SESSION_NOT_REGISTERED: 'SESSION_NOT_REGISTERED',
  HOST_IS_SLAVE: 'HOST_IS_SLAVE',
  RBAC_PERMISSION_DENIED: 'RBAC_PERMISSION_DENIED',
  MESSAGE_PARAMETER_COUNT_MISMATCH: 'MESSAGE_PARAMETER_COUNT_MISMATCH',
  MESSAGE_METHOD_UNKNOWN: 'MESSAGE_METHOD_UNKNOWN',
  MESSAGE_REMOVED: 'MESSAGE_REMOVED',
  MESSAGE_DEPRECATED: 'MESSAGE_DEPRECATED',
  HANDLE_INVALID: 'HANDLE_INVALID',
  UUID_INVALID: 'UUID_INVALID',
  INVALID_VALUE: 'INVALID_VALUE',
  FIELD_TYPE_ERROR: 'FIELD_TYPE_ERROR',
  MAP_DUPLICATE_KEY: 'MAP_DUPLICATE_KEY',
  DB_UNIQUENESS_CONSTRAINT_VIOLATION: 'DB_UNIQUENESS_CONSTRAINT_VIOLATION',
  INTERNAL_ERROR: 'INTERNAL_ERROR',
  NOT_IMPLEMENTED: 'NOT_IMPLEMENTED',
  LICENCE_RESTRICTION: 'LICENCE_RESTRICTION',
  OPERATION_NOT_ALLOWED: 'OPERATION_NOT_ALLOWED',
  OPERATION_BLOCKED: 'OPERATION_BLOCKED',
  OTHER_OPERATION_IN_PROGRESS: 'OTHER_OPERATION_IN_PROGRESS',
  VM_BAD_POWER_STATE: 'VM_BAD_POWER_STATE',
  VM_IS_TEMPLATE: 'VM_IS_TEMPLATE',
  VM_IS_SNAPSHOT: 'VM_IS_SNAPSHOT',
  VM_IS_IMMOBILE: 'VM_IS_IMMOBILE',
  VM_HVM_REQUIRED: 'VM_HVM_REQUIRED',
  VM_LACKS_FEATURE: 'VM_LACKS_FEATURE',
  VM_REQUIRES_SR: 'VM_REQUIRES_SR',
  VM_CANNOT_DELETE_DEFAULT_TEMPLATE: 'VM_CANNOT_DELETE_DEFAULT_TEMPLATE',
  PROVISION_ONLY_ALLOWED_ON_TEMPLATE: 'PROVISION_ONLY_ALLOWED_ON_TEMPLATE',
  REVERT_ONLY_ALLOWED_ON_SNAPSHOT: 'REVERT_ONLY_ALLOWED_ON_SNAPSHOT',
  NO_HOSTS_AVAILABLE: 'NO_HOSTS_AVAILABLE',
  BOOTLOADER_FAILED: 'BOOTLOADER_FAILED',
  UNKNOWN_BOOTLOADER: 'UNKNOWN_BOOTLOADER',
  TASK_CANCELLED: 'TASK_CANCELLED',
  TOO_MANY_PENDING_TASKS: 'TOO_MANY_PENDING_TASKS',
  EVENTS_LOST: 'EVENTS_LOST',
  EVENT_FROM_TOKEN_PARSE_FAILURE: 'EVENT_FROM_TOKEN_PARSE_FAILURE',
  EVENT_SUBSCRIPTION_PARSE_FAILURE: 'EVENT_SUBSCRIPTION_PARSE_FAILURE',
} as const;

export type XapiErrorName = (typeof XapiErrors)[keyof typeof XapiErrors];

/**
 * Parameters as xapi actually raises them, where that differs from the declaration
 * (xapi_errors_derived.json runtime_param_notes; SEMANTICS.md §2 and §4):
 * - VM_IS_TEMPLATE: declared [vm], raised [vm; operation] (xapi_vm_lifecycle.ml check_template).
 * - VM_IS_SNAPSHOT: no datamodel entry, raised [vm; operation] (check_snapshot).
 * - SESSION_AUTHENTICATION_FAILED: declared [], raised [uname; message] (xapi_session.ml): at once for a wrong
 *   root password, after 5 s for a user name other than root without external auth.
 * - SESSION_NOT_REGISTERED: the value is the session's trackid (Context.trackid_of_session), not its ref.
 * - VM_BAD_POWER_STATE: expected/actual are lowercase; several expected states are joined by ", ".
 * - MESSAGE_PARAMETER_COUNT_MISMATCH: [wire name without "Async."; expected; received], counts exclude
 *   session_id and defaulted params.
 */
export const RUNTIME_ERROR_PARAMS: ReadonlyMap<string, readonly string[]> = new Map<
  string,
  readonly string[]
>([
  ['VM_IS_TEMPLATE', ['vm', 'operation']],
  ['VM_IS_SNAPSHOT', ['vm', 'operation']],
  ['SESSION_AUTHENTICATION_FAILED', ['uname', 'message']],
  ['SESSION_NOT_REGISTERED', ['trackid']],
  ['REVERT_ONLY_ALLOWED_ON_SNAPSHOT', []],
]);

/** The parameter names to expect on the wire: the runtime list when it differs, else the declared one. */
export function errorParams(name: string): readonly string[] | undefined {
  return RUNTIME_ERROR_PARAMS.get(name) ?? ERRORS.get(name);
}

/** True for a known XAPI error wire name. */
export function isKnownError(name: string): boolean {
  return ERRORS.has(name);
}
