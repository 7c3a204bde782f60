// An XAPI failure raised by emulator code (the project's one XapiFailure, src/xapi/harness-errors.ts):
// becomes {Status: "Failure", ErrorDescription: [code, ...params]} on the wire (SEMANTICS.md §2,
// Envelope). Anything else thrown becomes INTERNAL_ERROR, as xapi's ExnHelper.error_of_exn does for
// unexpected exceptions.
import type { XapiErrorName } from '../../xapi/errors.ts';
import { XapiFailure } from '../../xapi/harness-errors.ts';

/** Throws the XAPI failure `code` (a name of the error catalogue) with `params`. */
export function fail(code: XapiErrorName, ...params: string[]): never {
  throw new XapiFailure(code, params);
}

/** The failure an arbitrary thrown value maps to. */
export function failureOf(err: unknown): { code: string; params: readonly string[] } {
  if (err instanceof XapiFailure) return { code: err.code, params: err.params };
  const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return { code: 'INTERNAL_ERROR', params: [message] };
}
