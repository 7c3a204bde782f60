// An XAPI failure raised by emulator code: becomes {Status: "Failure", ErrorDescription: [code, ...params]}
// on the wire (SEMANTICS.md §2, Envelope). Anything else thrown becomes INTERNAL_ERROR, as xapi's
// ExnHelper.error_of_exn does for unexpected exceptions.

export class XapiError extends Error {
  readonly code: string;
  readonly params: readonly string[];

  constructor(code: string, params: readonly string[] = []) {
    super(params.length === 0 ? code : `${code}: ${params.join(', ')}`);
    this.name = 'XapiError';
    this.code = code;
    this.params = params;
  }
}

/** Throws the XAPI failure `code` with `params`. */
export function fail(code: string, ...params: string[]): never {
  throw new XapiError(code, params);
}

/** The failure an arbitrary thrown value maps to. */
export function failureOf(err: unknown): { code: string; params: readonly string[] } {
  if (err instanceof XapiError) return { code: err.code, params: err.params };
  const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return { code: 'INTERNAL_ERROR', params: [message] };
}
