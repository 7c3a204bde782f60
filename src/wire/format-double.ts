// Formats a float the way xapi does: OCaml `Printf.sprintf "%.16g"` (mirage/ocaml-rpc
// src/lib/xmlrpc.ml add_value, SEMANTICS.md §2 Values). C's %g rules: take the exponent X of the
// %e form with precision P-1; use %e if X < -4 or X >= P, else %f with P-1-X decimals; then strip
// trailing zeros and a trailing point. Exponents have at least two digits ("1e+20", "1e-05").
// JS's toExponential rounds an exact tie away from zero where C (glibc) rounds it to even, so exact
// ties are detected with BigInt arithmetic and corrected (cross-checked against Python's '%.16g'
// in test/wire/python-xmlrpc.test.ts).

const P = 16;

export function formatDouble(x: number): string {
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  // OCaml prints nan/inf like C; Python's xmlrpc.client and our decoder read these back.
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  // Integers below 1e16 have at most 16 digits: %.16g prints them exactly, as String() does.
  if (Number.isInteger(x) && x < 1e16 && x > -1e16) return String(x);
  const sign = x < 0 ? '-' : '';
  const a = Math.abs(x);
  let [digits, exp] = splitExponential(a.toExponential(P - 1));
  const [digits17, exp17] = splitExponential(a.toExponential(P));
  if (digits17.charCodeAt(P) === 53 /* 5 */ && isExactly(a, digits17, exp17 - P)) {
    // An exact tie between two 16-digit neighbours: round half to even, as C does.
    const lower = digits17.slice(0, P);
    if ((lower.charCodeAt(P - 1) - 48) % 2 === 0) {
      digits = lower;
      exp = exp17;
    }
  }
  if (exp < -4 || exp >= P) {
    const mantissa = stripZeros(digits.length > 1 ? digits[0] + '.' + digits.slice(1) : digits);
    const e = String(Math.abs(exp));
    return `${sign}${mantissa}e${exp < 0 ? '-' : '+'}${e.length < 2 ? '0' + e : e}`;
  }
  if (exp >= 0) return sign + stripZeros(digits.slice(0, exp + 1) + '.' + digits.slice(exp + 1));
  return sign + stripZeros('0.' + '0'.repeat(-exp - 1) + digits);
}

/** "d.ddde±N" -> ["dddd", N]. */
function splitExponential(s: string): [string, number] {
  const ePos = s.indexOf('e');
  const mantissa = s.slice(0, ePos);
  return [mantissa.length > 1 ? mantissa[0] + mantissa.slice(2) : mantissa, Number(s.slice(ePos + 1))];
}

const view = new DataView(new ArrayBuffer(8));

/** Whether the positive double `a` equals digits × 10^e exactly. */
function isExactly(a: number, digits: string, e: number): boolean {
  view.setFloat64(0, a);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let k: number;
  if (biased === 0) {
    k = -1074; // subnormal
  } else {
    m |= 1n << 52n;
    k = biased - 1075;
  }
  // digits × 2^e × 5^e = m × 2^k: clear negative exponents onto the other side.
  let left = BigInt(digits);
  let right = m;
  if (e >= 0) left *= 5n ** BigInt(e);
  else right *= 5n ** BigInt(-e);
  const t = e - k;
  if (t >= 0) left <<= BigInt(t);
  else right <<= BigInt(-t);
  return left === right;
}

function stripZeros(s: string): string {
  if (s.indexOf('.') === -1) return s;
  let end = s.length;
  while (s.charCodeAt(end - 1) === 48 /* 0 */) end--;
  if (s.charCodeAt(end - 1) === 46 /* . */) end--;
  return s.slice(0, end);
}
