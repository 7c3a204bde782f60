// The XAPI error catalogue: wire name -> declared parameter names (SEMANTICS.md §1 gap (a);
// derived from xen-api ocaml/idl/datamodel_errors.ml + ocaml/xapi-consts/api_errors.ml via
// ../shared/xapi/xapi_errors_derived.json, copied into schema.generated.json by gen-schema).
import { SCHEMA_JSON } from './schema.ts';

/** Error name -> declared parameter names. Wire names without a datamodel entry map to []. */
export const ERRORS: ReadonlyMap<string, readonly string[]> = new Map(Object.entries(SCHEMA_JSON.errors));

/** Wire names xapi raises that have no datamodel entry, so their parameters are undeclared. */
export const UNDECLARED_ERRORS: ReadonlySet<string> = new Set(SCHEMA_JSON.undeclaredErrors);

/** An error name of the catalogue (generated from it: error-names.generated.ts). */
export type { XapiErrorName } from './error-names.generated.ts';

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
const RUNTIME_ERROR_PARAMS: ReadonlyMap<string, readonly string[]> = new Map<string, readonly string[]>([
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
