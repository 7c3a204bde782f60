// The untyped wire value model shared by the XML-RPC and JSON-RPC codecs.
// Types are explicit (ARCHITECTURE.md, Habits 6): a JS number is always a float (<double>),
// an int is a bigint (<int>/<i4>/<i8> on input), so nothing guesses int vs double from a number.

export type WireValue = string | number | bigint | boolean | Date | readonly WireValue[] | WireStruct;

export interface WireStruct {
  readonly [key: string]: WireValue;
}

/** xapi's response envelope, already unwrapped: Success with a value, or Failure [code, params...]. */
export type XapiResponse =
  | { readonly ok: true; readonly value: WireValue }
  | { readonly ok: false; readonly code: string; readonly params: readonly string[] };
