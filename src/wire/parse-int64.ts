// Integer text as xapi reads it: OCaml's Int64.of_string (mirage/ocaml-rpc src/lib/rpc.ml
// int64_of_rpc; xmlrpc.ml make_int), i.e. optional sign, decimal digits, or a 0x/0o/0b prefix,
// '_' separators after the first digit. Decimal must fit a signed int64; prefixed literals may use
// the full 64 bits and wrap to negative like OCaml does.

const SIMPLE = /^-?[0-9]{1,15}$/;
const LEADING_ZEROS = /^([+-]?)0+(?=[0-9])/;
const DECIMAL = /^[+-]?[0-9][0-9_]*$/;
const PREFIXED = /^([+-]?)0([xXoObB])([0-9A-Fa-f][0-9A-Fa-f_]*)$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;
const DIGITS: Readonly<Record<string, RegExp>> = {
  x: /^[0-9A-Fa-f]+$/,
  o: /^[0-7]+$/,
  b: /^[01]+$/,
};

/** The int64 value of `text`, or undefined if it is not an int64 literal. No surrounding spaces. */
export function parseInt64(text: string): bigint | undefined {
  if (SIMPLE.test(text)) return BigInt(text);
  if (DECIMAL.test(text)) {
    const digits = text.replace(/_/g, '').replace(LEADING_ZEROS, '$1');
    // int64 has at most 19 digits; refusing longer text first also keeps BigInt's quadratic parse
    // of huge digit strings off the table.
    if (digits.length > 20) return undefined;
    const v = BigInt(digits);
    return v >= INT64_MIN && v <= INT64_MAX ? v : undefined;
  }
  const m = PREFIXED.exec(text);
  if (m === null) return undefined;
  const base = (m[2] as string).toLowerCase();
  const digits = (m[3] as string).replace(/_/g, '').replace(/^0+(?=.)/, '');
  if (digits.length > 64 || !(DIGITS[base] as RegExp).test(digits)) return undefined;
  let v = BigInt('0' + base + digits);
  if (v > UINT64_MAX) return undefined;
  if (v > INT64_MAX) v -= 2n ** 64n;
  return m[1] === '-' ? BigInt.asIntN(64, -v) : v;
}

// A linear pattern: after \d+ the fraction needs a '.', so the two digit runs cannot overlap.
const FLOAT = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;

/**
 * Float text as OCaml's float_of_string / Python's float() read it, limited to decimal notation plus
 * nan / inf / infinity in any case and with an optional sign. Returns undefined when invalid.
 */
export function parseFloatText(text: string): number | undefined {
  if (FLOAT.test(text)) return Number(text);
  const lower = text.toLowerCase();
  const unsigned = lower.charCodeAt(0) === 43 || lower.charCodeAt(0) === 45 ? lower.slice(1) : lower;
  if (unsigned === 'nan') return NaN;
  if (unsigned === 'inf' || unsigned === 'infinity') return lower.charCodeAt(0) === 45 ? -Infinity : Infinity;
  return undefined;
}
